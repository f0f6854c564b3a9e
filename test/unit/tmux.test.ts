import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lastLines, parseTmuxPaneList } from '../../src/mux/tmux';

test('list-panes output (id, session tag, title) becomes pane ids with tags and titles', () => {
  const out = '%0\timpl-tools-docstrings\tnode\timpl-tools-docstrings\n%3\t\tbash\tbash\n%12\t\t\t\n';
  assert.deepEqual(parseTmuxPaneList(out), [
    { id: '%0', ref: '%0', title: 'impl-tools-docstrings', tag: 'impl-tools-docstrings', command: 'node' },
    { id: '%3', ref: '%3', title: 'bash', command: 'bash' },
    { id: '%12', ref: '%12', title: '' },
  ]);
});

test('a title containing tabs and spaces is kept whole', () => {
  assert.deepEqual(parseTmuxPaneList('%7\t\t\tmy\ttitle with  spaces\n'), [
    { id: '%7', ref: '%7', title: 'my\ttitle with  spaces' },
  ]);
});

test('lines that are not pane rows (warnings, blanks) are ignored', () => {
  assert.deepEqual(parseTmuxPaneList(''), []);
  assert.deepEqual(parseTmuxPaneList('\n\n'), []);
  assert.deepEqual(parseTmuxPaneList('no server running on /tmp/tmux-0/x\n%1\t\t\tok\n'), [
    { id: '%1', ref: '%1', title: 'ok' },
  ]);
});

test('a pane without the tab separator has an empty title', () => {
  assert.deepEqual(parseTmuxPaneList('%4'), [{ id: '%4', ref: '%4', title: '' }]);
});

test('lastLines keeps the last N lines, ignoring blank rows at the bottom', () => {
  const capture = 'one\ntwo\nthree\nfour\n\n   \n\n';
  assert.equal(lastLines(capture, 2), 'three\nfour');
  assert.equal(lastLines(capture, 10), 'one\ntwo\nthree\nfour');
});

test('lastLines keeps blank lines between content and trailing spaces on content lines', () => {
  assert.equal(lastLines('a\n\nb  \n', 3), 'a\n\nb  ');
});

test('lastLines of an empty or all-blank capture is empty', () => {
  assert.equal(lastLines('', 5), '');
  assert.equal(lastLines('\n\n  \n', 5), '');
});

test('lastLines works without a final newline', () => {
  assert.equal(lastLines('x\ny\nz', 1), 'z');
});
