import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LedgerRow } from '../../src/core/ledgerProtocol';
import { compactNumber, ledgerSummaries, shortTime } from '../../src/core/ledgerSummary';

const row = (timestamp: string, outcome: 'SHIP' | 'NO-SHIP' | 'ABANDON', extra: Partial<LedgerRow> = {}): LedgerRow =>
  ({
    kind: 'entry',
    lineNumber: 1,
    timestamp,
    outcome,
    slug: 's',
    summary: 'x',
    hasTranscript: false,
    ...extra,
  }) as LedgerRow;

const now = new Date(2026, 11, 2, 15, 0, 0); // local Dec 2, 2026

test('today and the last seven days count sessions and the SHIP rate by the ledger day', () => {
  const [today, week] = ledgerSummaries(
    [
      row('2026-12-02T09:00:00+01:00', 'SHIP'),
      row('2026-12-02T10:00:00+01:00', 'NO-SHIP'),
      row('2026-11-28T10:00:00+01:00', 'SHIP'),
      row('2026-11-20T10:00:00+01:00', 'ABANDON'), // older than a week
      { kind: 'malformed', lineNumber: 9, raw: 'junk', problem: 'bad' },
    ],
    now,
  );
  assert.equal(today!.sessions, 2);
  assert.equal(today!.shipRate, 0.5);
  assert.equal(today!.noShip, 1);
  assert.equal(week!.sessions, 3);
  assert.equal(week!.ship, 2);
  assert.equal(week!.abandon, 0);
});

test('tokens, cost and redirects are summed only when some row has them', () => {
  const [today] = ledgerSummaries([row('2026-12-02T09:00:00+01:00', 'SHIP')], now);
  assert.equal(today!.tokens, undefined);
  assert.equal(today!.redirects, undefined);
  const [withData] = ledgerSummaries(
    [
      row('2026-12-02T09:00:00+01:00', 'SHIP', {
        usage: { tokens: 1200, costUsd: 0.5 },
        session: { redirects: 2, questions: 1 },
      } as Partial<LedgerRow>),
      row('2026-12-02T10:00:00+01:00', 'SHIP', { usage: { tokens: 800, costUsd: 0.25 } } as Partial<LedgerRow>),
    ],
    now,
  );
  assert.equal(withData!.tokens, 2000);
  assert.equal(withData!.costUsd, 0.75);
  assert.equal(withData!.redirects, 2);
  assert.equal(withData!.questions, 1);
});

test('an empty day has no SHIP rate (not 0 %)', () => {
  const [today] = ledgerSummaries([], now);
  assert.equal(today!.sessions, 0);
  assert.equal(today!.shipRate, undefined);
});

test('token counts read at a glance', () => {
  assert.equal(compactNumber(950), '950');
  assert.equal(compactNumber(1234), '1.2k');
  assert.equal(compactNumber(45678), '46k');
  assert.equal(compactNumber(2_500_000), '2.5M');
});

test('ledger times read short: the clock today, the date otherwise', () => {
  assert.equal(shortTime('2026-12-02T09:05:00+01:00', now), '09:05');
  assert.equal(shortTime('2026-11-30T16:40:00+01:00', now), 'Nov 30 16:40');
  assert.equal(shortTime('2025-12-02T09:05:00+01:00', now), '2025-12-02 09:05');
});
