/**
 * Day and week figures over the ledger rows, for the Ledger panel. Pure: the caller passes "now".
 * A figure is present only when some row really carries it (usage and redirect counts come from
 * session records, which older or hand-written ledger lines do not have).
 */
import type { LedgerRow } from './ledgerProtocol';

type Entry = Extract<LedgerRow, { kind: 'entry' }>;

export interface PeriodSummary {
  readonly label: string;
  readonly sessions: number;
  readonly ship: number;
  readonly noShip: number;
  readonly abandon: number;
  /** SHIP / sessions, 0..1; undefined with no sessions. */
  readonly shipRate?: number;
  readonly tokens?: number;
  readonly costUsd?: number;
  readonly redirects?: number;
  readonly questions?: number;
}

/** The calendar day of an ISO timestamp with offset, as written (the ledger's own local time). */
export const ledgerDay = (timestamp: string) => timestamp.slice(0, 10);

export function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function sumOf(rows: readonly Entry[], pick: (row: Entry) => number | undefined): number | undefined {
  const values = rows.map(pick).filter((v): v is number => v !== undefined);
  return values.length > 0 ? values.reduce((a, b) => a + b, 0) : undefined;
}

export function summarize(label: string, rows: readonly Entry[]): PeriodSummary {
  const count = (outcome: Entry['outcome']) => rows.filter((r) => r.outcome === outcome).length;
  const ship = count('SHIP');
  const optional = {
    tokens: sumOf(rows, (r) => r.usage?.tokens),
    costUsd: sumOf(rows, (r) => r.usage?.costUsd),
    redirects: sumOf(rows, (r) => r.session?.redirects),
    questions: sumOf(rows, (r) => r.session?.questions),
  };
  return {
    label,
    sessions: rows.length,
    ship,
    noShip: count('NO-SHIP'),
    abandon: count('ABANDON'),
    ...(rows.length > 0 ? { shipRate: ship / rows.length } : {}),
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
  };
}

/** Today (by the local calendar) and the last seven days including today. */
export function ledgerSummaries(rows: readonly LedgerRow[], now: Date): PeriodSummary[] {
  const entries = rows.filter((r): r is Entry => r.kind === 'entry');
  const today = localDay(now);
  const weekStart = new Date(now);
  weekStart.setDate(weekStart.getDate() - 6);
  const fromDay = localDay(weekStart);
  return [
    summarize(
      'Today',
      entries.filter((r) => ledgerDay(r.timestamp) === today),
    ),
    summarize(
      'Last 7 days',
      entries.filter((r) => ledgerDay(r.timestamp) >= fromDay && ledgerDay(r.timestamp) <= today),
    ),
  ];
}

/** `12.3k`, `1.2M`: token counts at a glance. */
export function compactNumber(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `14:02` today, `Dec 1 14:02` this year, else `2025-12-01 14:02`: the line's own local time. */
export function shortTime(timestamp: string, now = new Date()): string {
  const day = ledgerDay(timestamp);
  const clock = timestamp.slice(11, 16);
  const today = localDay(now);
  if (day === today) return clock;
  if (day.slice(0, 4) === today.slice(0, 4))
    return `${MONTHS[Number(day.slice(5, 7)) - 1]} ${Number(day.slice(8, 10))} ${clock}`;
  return `${day} ${clock}`;
}
