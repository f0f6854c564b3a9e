/** A notice's buttons act only on the session as the notice found it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { staleNotice } from '../../src/extension/staleNotice';

const shown = { state: 'done', spawnedAt: '2026-12-03T04:00:00.000Z' } as const;

test('a notice acts while the session is in the state it showed, in the same spawn', () => {
  assert.equal(staleNotice('impl-x', shown, { ...shown }), undefined);
});

test('a notice about a closed session, a state left, or an earlier spawn of the slug does nothing', () => {
  assert.match(staleNotice('impl-x', shown, undefined)!, /impl-x is closed now, no longer done/);
  assert.match(staleNotice('impl-x', shown, { ...shown, state: 'running' })!, /impl-x is running now, no longer done/);
  assert.match(
    staleNotice('impl-x', shown, { ...shown, spawnedAt: '2026-12-03T04:05:00.000Z' })!,
    /impl-x was closed and spawned again since this notice: nothing was done/,
  );
});
