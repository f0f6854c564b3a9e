/** treeRefresh: a changed row re-renders alone; rows added, removed or moved re-render the tree. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { treeRefresh, type DrawnRow } from '../../src/extension/treeRefresh';

const rows = (...pairs: Array<[string, string]>): DrawnRow[] => pairs.map(([key, drawn]) => ({ key, drawn }));
const sessions = (key: string) => key.startsWith('session:');

test('the first drawing is the whole tree', () => {
  assert.deepEqual(treeRefresh(undefined, rows(['session:impl-a', 'running']), sessions), { kind: 'all' });
});

test('nothing drawn differently: nothing is re-rendered', () => {
  const drawn = rows(['session:impl-a', 'running'], ['drafted:b', 'drafted']);
  assert.deepEqual(treeRefresh(drawn, rows(['session:impl-a', 'running'], ['drafted:b', 'drafted']), sessions), {
    kind: 'none',
  });
});

test('a session whose row changed is re-rendered alone', () => {
  const before = rows(['session:impl-a', 'running'], ['session:impl-b', 'running'], ['closedGroup', '3']);
  const after = rows(['session:impl-a', 'running'], ['session:impl-b', 'permission?'], ['closedGroup', '3']);
  assert.deepEqual(treeRefresh(before, after, sessions), { kind: 'rows', keys: ['session:impl-b'], hoverOnly: [] });
});

test('a row added, removed or moved re-renders the whole tree', () => {
  const before = rows(['session:impl-a', 'running'], ['session:impl-b', 'running']);
  assert.deepEqual(treeRefresh(before, rows(['session:impl-a', 'running']), sessions), { kind: 'all' });
  assert.deepEqual(
    treeRefresh(
      before,
      rows(['session:impl-a', 'running'], ['session:impl-b', 'running'], ['session:impl-c', 'x']),
      sessions,
    ),
    { kind: 'all' },
  );
  assert.deepEqual(treeRefresh(before, rows(['session:impl-b', 'running'], ['session:impl-a', 'running']), sessions), {
    kind: 'all',
  });
});

test('a change to a row that cannot be re-rendered alone re-renders the whole tree', () => {
  const before = rows(['session:impl-a', 'running'], ['closedGroup', 'Closed (2)']);
  const after = rows(['session:impl-a', 'idle'], ['closedGroup', 'Closed (3)']);
  assert.deepEqual(treeRefresh(before, after, sessions), { kind: 'all' });
});

test('a row whose tooltip alone changed is named apart: it may wait', () => {
  const before: DrawnRow[] = [
    { key: 'session:impl-a', drawn: 'running', hover: 'tokens: 0' },
    { key: 'session:impl-b', drawn: 'running', hover: 'tokens: 5' },
  ];
  const after: DrawnRow[] = [
    { key: 'session:impl-a', drawn: 'running', hover: 'tokens: 1200' },
    { key: 'session:impl-b', drawn: 'permission?', hover: 'tokens: 9' },
  ];
  assert.deepEqual(treeRefresh(before, after, sessions), {
    kind: 'rows',
    keys: ['session:impl-b'],
    hoverOnly: ['session:impl-a'],
  });
});
