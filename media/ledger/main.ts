/**
 * Ledger webview. Renders rows sent by the extension (validated with zod: the extension is
 * trusted, but a bad message must not break the page), with text only — never HTML — and asks
 * the extension to open a transcript when a row is clicked.
 */
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-table/index.js';
import '@vscode-elements/elements/dist/vscode-table-header/index.js';
import '@vscode-elements/elements/dist/vscode-table-header-cell/index.js';
import '@vscode-elements/elements/dist/vscode-table-body/index.js';
import '@vscode-elements/elements/dist/vscode-table-row/index.js';
import '@vscode-elements/elements/dist/vscode-table-cell/index.js';
import { hostMessageSchema, type LedgerRow, type ViewMessage } from '../../src/core/ledgerProtocol';

interface VsCodeApi {
  postMessage(message: ViewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const saved = (vscode.getState() ?? {}) as { search?: string; outcome?: string };
let rows: LedgerRow[] = [];

const search = document.getElementById('search') as HTMLElement & { value: string };
const outcome = document.getElementById('outcome') as HTMLElement & { value: string };
const body = document.getElementById('rows') as HTMLElement;
const empty = document.getElementById('empty') as HTMLElement;
search.value = saved.search ?? '';
outcome.value = saved.outcome ?? '';

function cell(text: string, className?: string): HTMLElement {
  const element = document.createElement('vscode-table-cell');
  element.textContent = text;
  if (className) element.className = className;
  return element;
}

function matches(row: LedgerRow, query: string, filter: string): boolean {
  if (filter === 'malformed' && row.kind !== 'malformed') return false;
  if (filter && filter !== 'malformed' && (row.kind !== 'entry' || row.outcome !== filter)) return false;
  if (!query) return true;
  const text = row.kind === 'entry' ? `${row.slug} ${row.summary} ${row.outcome}` : row.raw;
  return text.toLowerCase().includes(query.toLowerCase());
}

function render(): void {
  const query = search.value.trim();
  const filter = outcome.value;
  vscode.setState({ search: query, outcome: filter });
  body.replaceChildren();
  const visible = rows.filter((row) => matches(row, query, filter));
  for (const row of visible) {
    const tr = document.createElement('vscode-table-row');
    tr.dataset.line = String(row.lineNumber);
    if (row.kind === 'entry') {
      tr.dataset.slug = row.slug;
      tr.dataset.outcome = row.outcome;
      const slug = cell(row.slug, row.hasTranscript ? 'link' : undefined);
      tr.append(
        cell(row.timestamp.replace('T', ' ')),
        cell(row.outcome, `outcome-${row.outcome}`),
        slug,
        cell(row.summary),
      );
      const usage = row.usage
        ? ` · ${Math.round(row.usage.tokens / 100) / 10}k tokens · ~$${row.usage.costUsd.toFixed(2)}`
        : '';
      tr.title = `${row.hasTranscript ? `Open the transcript of ${row.slug}` : `No transcript for ${row.slug}`}${usage}`;
      if (row.usage) tr.dataset.tokens = String(row.usage.tokens);
      tr.addEventListener('click', () =>
        vscode.postMessage({ type: 'openTranscript', slug: row.slug, timestamp: row.timestamp }),
      );
    } else {
      tr.className = 'malformed';
      tr.dataset.outcome = 'malformed';
      tr.append(cell(`line ${row.lineNumber}`), cell('MALFORMED'), cell(row.problem), cell(row.raw));
      tr.title = `Line ${row.lineNumber} is kept as it is: ${row.problem}`;
    }
    body.append(tr);
  }
  empty.hidden = rows.length > 0;
}

window.addEventListener('message', (event: MessageEvent) => {
  const parsed = hostMessageSchema.safeParse(event.data);
  if (!parsed.success) return;
  rows = parsed.data.rows;
  render();
});
search.addEventListener('input', render);
outcome.addEventListener('change', render);
vscode.postMessage({ type: 'ready' });
