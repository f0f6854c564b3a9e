/** HeldRows: a tooltip-only row change waits for quiet or rides along; it never goes alone at once. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HeldRows } from '../../src/extension/heldRows';

function held() {
  const sent: string[][] = [];
  return { rows: new HeldRows((keys) => sent.push(keys), 1000, 4000), sent };
}

test('a held row is sent on its own once its session has been quiet', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { rows, sent } = held();
  rows.hold(['impl-a']);
  t.mock.timers.tick(999);
  assert.deepEqual(sent, []);
  t.mock.timers.tick(1);
  assert.deepEqual(sent, [['impl-a']]);
});

test('each new hold restarts the quiet time, up to the latest time', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { rows, sent } = held();
  for (let i = 0; i < 7; i++) {
    rows.hold([i % 2 ? 'impl-a' : 'impl-b']);
    t.mock.timers.tick(600);
  }
  // 4.2 s of holds, never 1 s quiet: sent once, at 4 s, both rows together.
  assert.deepEqual(sent, [['impl-b', 'impl-a']]);
});

test('taken rows go with the caller’s change and are not sent again', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { rows, sent } = held();
  rows.hold(['impl-a']);
  assert.deepEqual(rows.take(), ['impl-a']);
  t.mock.timers.tick(5000);
  assert.deepEqual(sent, []);
  assert.deepEqual(rows.take(), []);
});

test('nothing held is sent after dispose', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { rows, sent } = held();
  rows.hold(['impl-a']);
  rows.dispose();
  t.mock.timers.tick(5000);
  assert.deepEqual(sent, []);
});
