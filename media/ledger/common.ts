/** What both ledger webviews share: the VS Code API handle and how times, tokens and costs read. */
import type { ViewMessage } from '../../src/core/ledgerProtocol';

export interface VsCodeApi {
  postMessage(message: ViewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;
export const vscodeApi = acquireVsCodeApi();

/** `14:02` today, `Dec 1 14:02` this year, else `2025-12-01 14:02`: the line's own local time. */
export function shortTime(timestamp: string, now = new Date()): string {
  const day = timestamp.slice(0, 10);
  const clock = timestamp.slice(11, 16);
  const pad = (n: number) => String(n).padStart(2, '0');
  const today = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  if (day === today) return clock;
  if (day.slice(0, 4) === today.slice(0, 4)) {
    const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][
      Number(day.slice(5, 7)) - 1
    ];
    return `${month} ${Number(day.slice(8, 10))} ${clock}`;
  }
  return `${day} ${clock}`;
}

export const cost = (usd: number) => (usd < 0.01 && usd > 0 ? '<$0.01' : `$${usd.toFixed(2)}`);

export function duration(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 60 ? `${minutes}m` : `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  className?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}
