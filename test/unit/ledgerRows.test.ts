import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ledgerRowsAt } from '../../src/director';

const root = mkdtempSync(join(tmpdir(), 'cd-unit-ledger-rows-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('a ledger row carries what its session record says: model, redirects, questions, duration, usage', () => {
  const line = '2026-12-02T10:05:00+00:00 | SHIP | farewell | Added farewell()';
  mkdirSync(join(root, 'tmp/sessions'), { recursive: true });
  writeFileSync(
    join(root, 'tmp/sessions/_ledger.md'),
    `2026-12-01T09:00:00+00:00 | ABANDON | old | by hand\n${line}\n`,
  );
  writeFileSync(
    join(root, 'tmp/sessions/impl-farewell.json'),
    JSON.stringify({
      slug: 'impl-farewell',
      goal: 'g',
      scope: [],
      phase: 'closed',
      backend: 'tmux',
      waitToken: 't',
      redirects: 2,
      questions: 1,
      model: 'sonnet',
      createdAt: '2026-12-02T10:00:00.000Z',
      updatedAt: '2026-12-02T10:05:00.000Z',
      spawnedAt: '2026-12-02T10:00:00.000Z',
      closedAt: '2026-12-02T10:05:00.000Z',
      closing: { line, outcome: 'SHIP' },
      usage: { input: 100, output: 50, cacheRead: 25, cacheWrite: 25, costUsd: 0.12 },
    }),
  );
  const [newest, oldest] = ledgerRowsAt(root);
  assert.equal(newest?.kind, 'entry');
  if (newest?.kind !== 'entry' || oldest?.kind !== 'entry') return;
  assert.deepEqual(newest.session, { model: 'sonnet', redirects: 2, questions: 1, seconds: 300 });
  assert.deepEqual(newest.usage, { tokens: 200, costUsd: 0.12 });
  assert.equal(oldest.session, undefined, 'a hand-written line has no record facts');
  assert.equal(oldest.usage, undefined);
});
