/**
 * The ledger: one strict line per closed session,
 * `<timestamp> | <outcome> | <slug> | <summary>`. Pure formatting and parsing; the file I/O
 * (atomic appends) lives in the director layer.
 */
import { SLUG_PATTERN } from './slug';

export const OUTCOMES = ['SHIP', 'NO-SHIP', 'ABANDON'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export function isOutcome(value: string): value is Outcome {
  return (OUTCOMES as readonly string[]).includes(value);
}

export interface LedgerEntry {
  readonly timestamp: string;
  readonly outcome: Outcome;
  readonly slug: string;
  readonly summary: string;
}

export type ParsedLedgerLine =
  | ({ readonly kind: 'entry'; readonly lineNumber: number; readonly raw: string } & LedgerEntry)
  | { readonly kind: 'malformed'; readonly lineNumber: number; readonly raw: string; readonly problem: string };

export class LedgerError extends Error {
  override name = 'LedgerError';
}

const TIMESTAMP_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;
export const MAX_SUMMARY_LENGTH = 300;

/** Local time as ISO-8601 with offset, to the second — what `date -Iseconds` prints. */
export function formatLocalTimestamp(date: Date): string {
  const pad = (n: number) => String(Math.abs(n)).padStart(2, '0');
  const offsetMinutes = -date.getTimezoneOffset();
  const sign = offsetMinutes >= 0 ? '+' : '-';
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `${sign}${pad(Math.trunc(offsetMinutes / 60))}:${pad(offsetMinutes % 60)}`
  );
}

/**
 * Checks a summary and returns it trimmed. Newlines and `|` would break the one-line,
 * four-field format, so they are refused rather than silently rewritten.
 */
export function validateSummary(summary: string): string {
  const text = summary.trim();
  if (text.length === 0) throw new LedgerError('The summary is empty: say in one line what the session did.');
  if (/[\r\n]/.test(text)) throw new LedgerError('The summary must be one line: remove the line breaks.');
  if (text.includes('|'))
    throw new LedgerError('The summary must not contain "|" (it separates ledger fields): use "/" or "," instead.');

  if (/[\u0000-\u001f\u007f]/.test(text))
    throw new LedgerError('The summary contains control characters: remove them.');
  if (text.length > MAX_SUMMARY_LENGTH)
    throw new LedgerError(`The summary is ${text.length} characters; keep it to ${MAX_SUMMARY_LENGTH}.`);
  return text;
}

/** Formats one ledger line (without the trailing newline). */
export function formatLedgerLine(entry: LedgerEntry): string {
  if (!TIMESTAMP_RE.test(entry.timestamp)) throw new LedgerError(`Bad timestamp ${JSON.stringify(entry.timestamp)}.`);
  if (!isOutcome(entry.outcome)) throw new LedgerError(`Outcome must be one of ${OUTCOMES.join(', ')}.`);
  if (!SLUG_PATTERN.test(entry.slug)) throw new LedgerError(`Bad ledger slug ${JSON.stringify(entry.slug)}.`);
  return `${entry.timestamp} | ${entry.outcome} | ${entry.slug} | ${validateSummary(entry.summary)}`;
}

/** Parses one line. Malformed lines are reported with the reason, never "fixed". */
export function parseLedgerLine(raw: string, lineNumber: number): ParsedLedgerLine {
  const bad = (problem: string): ParsedLedgerLine => ({ kind: 'malformed', lineNumber, raw, problem });
  const parts = raw.split(' | ');
  if (parts.length !== 4) return bad(`expected 4 fields separated by " | ", found ${parts.length}`);
  const [timestamp, outcome, slug, summary] = parts as [string, string, string, string];
  if (!TIMESTAMP_RE.test(timestamp))
    return bad('timestamp is not ISO-8601 with offset (like 2026-05-15T21:28:26+05:30)');
  if (!isOutcome(outcome))
    return bad(`outcome ${JSON.stringify(outcome)} is not ${OUTCOMES.slice(0, -1).join(', ')} or ${OUTCOMES.at(-1)}`);
  if (!SLUG_PATTERN.test(slug)) return bad(`slug ${JSON.stringify(slug)} breaks the slug rule`);
  if (summary.trim().length === 0) return bad('summary is empty');
  return { kind: 'entry', lineNumber, raw, timestamp, outcome, slug, summary };
}

/** Parses a whole ledger file. Blank lines and a markdown title line are skipped. */
export function parseLedger(text: string): ParsedLedgerLine[] {
  const result: ParsedLedgerLine[] = [];
  text.split('\n').forEach((line, index) => {
    const trimmed = line.replace(/\r$/, '');
    if (trimmed.trim() === '' || trimmed.startsWith('#')) return;
    result.push(parseLedgerLine(trimmed, index + 1));
  });
  return result;
}
