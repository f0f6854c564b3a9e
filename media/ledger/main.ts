/**
 * The sidebar Ledger list. Renders rows sent by the extension (validated with zod: the extension
 * is trusted, but a bad message must not break the page), as text only — never HTML. A click (or
 * Enter) asks the extension to open the full Ledger panel at that row.
 */
import { hostMessageSchema, type LedgerRow } from '../../src/core/ledgerProtocol';
import { element, shortTime, vscodeApi } from './common';

const MAX_ROWS = 30;
const list = document.getElementById('list') as HTMLUListElement;
const empty = document.getElementById('empty') as HTMLElement;
const more = document.getElementById('more') as HTMLElement;
const open = document.getElementById('open') as HTMLElement;

function item(row: LedgerRow): HTMLLIElement {
  const li = element('li');
  li.tabIndex = 0;
  li.dataset.line = String(row.lineNumber);
  const line1 = element('div', undefined, 'line1');
  if (row.kind === 'entry') {
    li.dataset.slug = row.slug;
    li.dataset.outcome = row.outcome;
    line1.append(
      element('span', shortTime(row.timestamp), 'time'),
      element('span', row.outcome, `badge outcome-${row.outcome}`),
      element('span', row.slug, 'slug'),
    );
    li.append(line1, element('div', row.summary, 'summary'));
    li.title = `${row.timestamp.replace('T', ' ')} · ${row.outcome} · ${row.slug}\n${row.summary}\n(click: open in the Ledger panel)`;
  } else {
    li.dataset.outcome = 'malformed';
    line1.append(
      element('span', `line ${row.lineNumber}`, 'time'),
      element('span', 'MALFORMED', 'badge outcome-MALFORMED'),
    );
    li.append(line1, element('div', row.problem, 'summary'));
    li.title = `Line ${row.lineNumber} is kept as it is: ${row.problem}\n${row.raw}`;
  }
  const activate = () => vscodeApi.postMessage({ type: 'openPanel', line: row.lineNumber });
  li.addEventListener('click', activate);
  li.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') activate();
  });
  return li;
}

window.addEventListener('message', (event: MessageEvent) => {
  const parsed = hostMessageSchema.safeParse(event.data);
  if (!parsed.success) return;
  const rows = parsed.data.rows;
  list.replaceChildren(...rows.slice(0, MAX_ROWS).map(item));
  empty.hidden = rows.length > 0;
  more.hidden = rows.length === 0;
  open.textContent = rows.length > MAX_ROWS ? `All ${rows.length} lines in the Ledger panel` : 'Open the full Ledger';
});
open.addEventListener('click', () => vscodeApi.postMessage({ type: 'openPanel' }));
open.addEventListener('keydown', (e) => {
  if (e.key === 'Enter') vscodeApi.postMessage({ type: 'openPanel' });
});
vscodeApi.postMessage({ type: 'ready' });
