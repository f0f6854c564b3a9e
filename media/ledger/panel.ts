/**
 * The Ledger panel page: day/week figures, a search and outcome filter, and a table sortable by
 * any column. Rows come from the extension (zod-checked) and are rendered as text only. Columns
 * whose data no row has (tokens for hand-written lines, say) are left out rather than shown empty.
 */
import { hostMessageSchema, type LedgerRow } from '../../src/core/ledgerProtocol';
import { compactNumber, ledgerSummaries, type PeriodSummary } from '../../src/core/ledgerSummary';
import { cost, duration, element, shortTime, vscodeApi } from './common';

type Entry = Extract<LedgerRow, { kind: 'entry' }>;
interface Column {
  key: string;
  title: string;
  numeric?: boolean;
  /** Shown only when some row has a value. */
  optional?: boolean;
  value(row: Entry): string | number | undefined;
  cell(row: Entry): HTMLTableCellElement;
}

const td = (text: string, className?: string) => element('td', text, className);
const COLUMNS: Column[] = [
  {
    key: 'time',
    title: 'Time',
    value: (r) => r.timestamp,
    cell: (r) => withTitle(td(shortTime(r.timestamp), 'time'), r.timestamp),
  },
  {
    key: 'outcome',
    title: 'Outcome',
    value: (r) => r.outcome,
    cell: (r) => {
      const cell = td('');
      cell.append(element('span', r.outcome, `badge outcome-${r.outcome}`));
      return cell;
    },
  },
  { key: 'slug', title: 'Slug', value: (r) => r.slug, cell: (r) => td(r.slug, 'slug') },
  { key: 'summary', title: 'Summary', value: (r) => r.summary.toLowerCase(), cell: (r) => td(r.summary, 'summary') },
  {
    key: 'model',
    title: 'Model',
    optional: true,
    value: (r) => r.session?.model,
    cell: (r) => td(r.session?.model ?? '—', 'dim'),
  },
  {
    key: 'duration',
    title: 'Duration',
    numeric: true,
    optional: true,
    value: (r) => r.session?.seconds,
    cell: (r) => td(r.session?.seconds !== undefined ? duration(r.session.seconds) : '—', 'num'),
  },
  {
    key: 'redirects',
    title: 'Redirects',
    numeric: true,
    optional: true,
    value: (r) => r.session?.redirects,
    cell: (r) => td(r.session ? String(r.session.redirects) : '—', 'num'),
  },
  {
    key: 'tokens',
    title: 'Tokens',
    numeric: true,
    optional: true,
    value: (r) => r.usage?.tokens,
    cell: (r) =>
      withTitle(td(r.usage ? compactNumber(r.usage.tokens) : '—', 'num'), r.usage ? `${r.usage.tokens} tokens` : ''),
  },
  {
    key: 'cost',
    title: 'Cost',
    numeric: true,
    optional: true,
    value: (r) => r.usage?.costUsd,
    cell: (r) => td(r.usage ? `~${cost(r.usage.costUsd)}` : '—', 'num'),
  },
  {
    key: 'branch',
    title: 'Branch',
    optional: true,
    value: (r) => r.session?.branch,
    cell: (r) => {
      const s = r.session;
      if (!s?.branch) return td('—', 'dim');
      const cell = td(s.branch, 'branch');
      if (s.commit) cell.append(element('span', ` @ ${s.commit.slice(0, 7)}`, 'dim commit'));
      const home = s.merged ? `; on your branch as ${s.merged}` : '; not merged: the work stays on this branch';
      return withTitle(cell, s.commit ? `Commit ${s.commit}${home}` : 'No commit: the session changed nothing');
    },
  },
  {
    key: 'transcript',
    title: 'Transcript',
    value: (r) => (r.hasTranscript ? 1 : 0),
    cell: (r) => {
      if (!r.hasTranscript) return withTitle(td('—', 'dim'), 'No transcript was saved for this session');
      const cell = td('');
      const link = element('a', 'Open');
      link.setAttribute('role', 'button');
      link.tabIndex = 0;
      link.title = `Open the transcript of ${r.slug}`;
      const open = () => vscodeApi.postMessage({ type: 'openTranscript', slug: r.slug, timestamp: r.timestamp });
      link.addEventListener('click', open);
      link.addEventListener('keydown', (e) => e.key === 'Enter' && open());
      cell.append(link);
      return cell;
    },
  },
];

function withTitle<T extends HTMLElement>(node: T, title: string): T {
  if (title) node.title = title;
  return node;
}

interface SavedState {
  search?: string;
  outcome?: string;
  sort?: string;
  ascending?: boolean;
}
const saved = (vscodeApi.getState() ?? {}) as SavedState;
let rows: LedgerRow[] = [];
let sortKey = saved.sort ?? 'time';
let ascending = saved.ascending ?? false;
let focusLine: number | undefined;

const search = document.getElementById('search') as HTMLInputElement;
const outcome = document.getElementById('outcome') as HTMLSelectElement;
const head = document.getElementById('head') as HTMLTableRowElement;
const body = document.getElementById('rows') as HTMLTableSectionElement;
const empty = document.getElementById('empty') as HTMLElement;
const table = document.getElementById('ledger') as HTMLTableElement;
const count = document.getElementById('count') as HTMLElement;
const summary = document.getElementById('summary') as HTMLElement;
search.value = saved.search ?? '';
outcome.value = saved.outcome ?? '';

function matches(row: LedgerRow, query: string, filter: string): boolean {
  if (filter === 'malformed' && row.kind !== 'malformed') return false;
  if (filter && filter !== 'malformed' && (row.kind !== 'entry' || row.outcome !== filter)) return false;
  if (!query) return true;
  const text = row.kind === 'entry' ? `${row.slug} ${row.summary} ${row.outcome}` : row.raw;
  return text.toLowerCase().includes(query.toLowerCase());
}

function compare(a: LedgerRow, b: LedgerRow, column: Column): number {
  // Malformed lines have no fields to sort by: they stay at the end, in file order.
  if (a.kind !== 'entry' || b.kind !== 'entry')
    return a.kind === b.kind ? b.lineNumber - a.lineNumber : a.kind === 'entry' ? -1 : 1;
  const [x, y] = [column.value(a), column.value(b)];
  if (x === y) return b.lineNumber - a.lineNumber;
  if (x === undefined) return 1;
  if (y === undefined) return -1;
  const order = x < y ? -1 : 1;
  return ascending ? order : -order;
}

function renderSummary(periods: PeriodSummary[]): void {
  summary.replaceChildren(
    ...periods.map((p) => {
      const box = element('div', undefined, 'period');
      box.dataset.period = p.label;
      const dl = element('dl');
      const add = (term: string, value: string) => dl.append(element('dt', term), element('dd', value));
      add('Sessions', String(p.sessions));
      if (p.shipRate !== undefined) add('SHIP rate', `${Math.round(p.shipRate * 100)}% (${p.ship} of ${p.sessions})`);
      if (p.noShip > 0) add('NO-SHIP', String(p.noShip));
      if (p.abandon > 0) add('ABANDON', String(p.abandon));
      if (p.redirects !== undefined) add('Redirects', String(p.redirects));
      if (p.questions !== undefined) add('Questions answered', String(p.questions));
      if (p.tokens !== undefined) add('Tokens', compactNumber(p.tokens));
      if (p.costUsd !== undefined) add('Cost', `~${cost(p.costUsd)}`);
      box.append(element('h2', p.label), dl);
      return box;
    }),
  );
}

function render(): void {
  const query = search.value.trim();
  const filter = outcome.value;
  vscodeApi.setState({ search: query, outcome: filter, sort: sortKey, ascending } satisfies SavedState);
  const entries = rows.filter((r): r is Entry => r.kind === 'entry');
  const columns = COLUMNS.filter((c) => !c.optional || entries.some((r) => c.value(r) !== undefined));
  const sortColumn = columns.find((c) => c.key === sortKey) ?? columns[0]!;
  head.replaceChildren(
    ...columns.map((column) => {
      const th = element('th', undefined, column.numeric ? 'num' : undefined);
      th.dataset.key = column.key;
      const button = element('button', column.title);
      button.title = `Sort by ${column.title.toLowerCase()}`;
      button.addEventListener('click', () => {
        // A second click reverses; a new column starts where it reads best: words A→Z, numbers and
        // times biggest / newest first.
        const wordy = !column.numeric && column.key !== 'time';
        ascending = sortKey === column.key ? !ascending : wordy;
        sortKey = column.key;
        render();
      });
      th.append(button);
      if (column === sortColumn) th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      return th;
    }),
  );
  const visible = rows.filter((row) => matches(row, query, filter)).sort((a, b) => compare(a, b, sortColumn));
  body.replaceChildren(
    ...visible.map((row) => {
      const tr = element('tr');
      tr.dataset.line = String(row.lineNumber);
      if (row.kind === 'entry') {
        tr.dataset.slug = row.slug;
        tr.dataset.outcome = row.outcome;
        tr.append(
          ...columns.map((c) => {
            const cell = c.cell(row);
            cell.dataset.key = c.key;
            return cell;
          }),
        );
      } else {
        tr.className = 'malformed';
        tr.dataset.outcome = 'malformed';
        const raw = td(`line ${row.lineNumber}: ${row.problem} — ${row.raw}`);
        raw.colSpan = columns.length - 1;
        const badge = td('');
        badge.append(element('span', 'MALFORMED', 'badge outcome-MALFORMED'));
        tr.append(badge, raw);
      }
      if (row.lineNumber === focusLine) tr.classList.add('focus');
      return tr;
    }),
  );
  empty.hidden = rows.length > 0;
  table.hidden = rows.length === 0;
  count.textContent = rows.length > 0 ? `${visible.length} of ${rows.length} lines` : '';
  renderSummary(ledgerSummaries(rows, new Date()));
  const focused = body.querySelector('tr.focus');
  if (focused) focused.scrollIntoView({ block: 'center' });
}

window.addEventListener('message', (event: MessageEvent) => {
  const parsed = hostMessageSchema.safeParse(event.data);
  if (!parsed.success) return;
  rows = parsed.data.rows;
  focusLine = parsed.data.focusLine;
  if (focusLine !== undefined) {
    // Showing one row: a filter that hides it would only confuse.
    search.value = '';
    outcome.value = '';
  }
  render();
});
search.addEventListener('input', render);
outcome.addEventListener('change', render);
vscodeApi.postMessage({ type: 'ready' });
