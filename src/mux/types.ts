/**
 * The one multiplexer interface the rest of cmux Director uses. Backends (cmux, tmux) implement
 * it; nothing outside src/mux talks to a multiplexer binary directly.
 */

import type { BackendKind } from '../core/backend';
import type { PermissionFeed } from './cmuxFeed';

export type { BackendKind };
export type SplitDirection = 'left' | 'right' | 'up' | 'down';

/** Keys the director sends. Each backend maps them to its own names. */
export const KEY_NAMES = [
  'Enter',
  'Escape',
  'Tab',
  'BackTab',
  'Up',
  'Down',
  'Backspace',
  'ctrl-c',
  '0',
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  '7',
  '8',
  '9',
] as const;
export type KeyName = (typeof KEY_NAMES)[number];

export interface PaneInfo {
  /** Stable id: a cmux surface UUID or a tmux pane id (`%12`). */
  readonly id: string;
  /** A short human handle (`surface:7`, `%12`). */
  readonly ref: string;
  readonly title: string;
  /**
   * The session tag set at creation, where the backend can store one (tmux pane option). tmux
   * reuses `%N` ids after a server restart, so a pane is the session's only if its tag matches.
   */
  readonly tag?: string;
  /** The pane's foreground program, where the backend reports it (tmux): a bare shell means the agent exited. */
  readonly command?: string;
}

export interface MuxIdentity {
  readonly backend: BackendKind;
  /** Version string as the binary reports it. */
  readonly version: string;
  /** Where the binary was found. */
  readonly binary: string;
  /** Socket or server the backend talks to. */
  readonly server: string;
}

export interface CreatePaneOptions {
  readonly cwd: string;
  readonly direction?: SplitDirection;
  readonly title?: string;
  /** Identifies the pane as this session's (see PaneInfo.tag). */
  readonly tag?: string;
}

export type WaitResult = 'signalled' | 'timed-out' | 'cancelled';

export interface WaitOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

/** Observes every multiplexer call (for the output channel and for counting calls in benches). */
export type MuxCallObserver = (call: {
  readonly argv: readonly string[];
  readonly ms: number;
  readonly exitCode: number | undefined;
}) => void;

export interface Multiplexer {
  readonly kind: BackendKind;
  ping(): Promise<MuxIdentity>;
  /** Every pane; none when the server is not running (tmux), or a `server-not-running` MuxError (cmux). */
  listPanes(): Promise<PaneInfo[]>;
  /** Whether the multiplexer's server runs: an empty listing alone cannot tell a stopped server from closed panes. */
  serverRunning(): Promise<boolean>;
  createPane(options: CreatePaneOptions): Promise<PaneInfo>;
  /** Types one line of literal text (no newline, no control characters). Does not press Enter. */
  sendText(paneId: string, text: string): Promise<void>;
  sendKey(paneId: string, key: KeyName): Promise<void>;
  /** The last `lines` lines of the pane's screen (visible area plus scrollback). */
  readScreen(paneId: string, lines: number): Promise<string>;
  /**
   * Blocks until `name` is signalled. Every waiter of this process and of others (the CLI and
   * VS Code on one session) sees the signal, whatever the backend hands out.
   */
  waitForSignal(name: string, options: WaitOptions): Promise<WaitResult>;
  /**
   * Channels nobody will wait on again (a closed session, a token retired by a redirect): wakes
   * abandoned waiters and removes their traces, so no process or file of theirs is left behind.
   */
  release(names: readonly string[]): Promise<void>;
  signal(name: string): Promise<void>;
  /** The exact shell command an implementer runs in its pane to send `name`. */
  signalCommand(name: string): string;
  setTitle(paneId: string, title: string): Promise<void>;
  focusPane(paneId: string): Promise<void>;
  closePane(paneId: string): Promise<void>;
  /** Best effort: never throws. */
  notify(title: string, body: string): Promise<void>;
  /** Permission requests parked by the multiplexer itself (cmux's Feed), where it has one. */
  readonly feed?: PermissionFeed;
}
