import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  clarificationProtocol,
  placeInWorktree,
  renderTaskFile,
  scopeFromTaskFile,
  TaskInputError,
  type TaskTemplateInput,
} from '../../src/core/taskTemplate';

const QFILE = 'tmp/sessions/impl-tools-docstrings-question.txt';
const QCMD = 'tmux -L s wait-for -S impl-tools-docstrings-question';
const DONE = 'tmux -L s wait-for -S impl-tools-docstrings-done';

const input = (over: Partial<TaskTemplateInput> = {}): TaskTemplateInput => ({
  fullSlug: 'impl-tools-docstrings',
  goal: 'Expand the module docstrings of the 10 tool modules.',
  scope: ['tools/**', '*.md'],
  questionFile: QFILE,
  questionSignalCommand: QCMD,
  doneSignalCommand: DONE,
  ...over,
});

test('the clarification protocol is literal, with the question file and command filled in', () => {
  assert.deepEqual(clarificationProtocol(QFILE, QCMD), [
    'If anything is ambiguous, or you discover the goal conflicts with what the code actually does:',
    '  1. Write your question to tmp/sessions/impl-tools-docstrings-question.txt',
    '  2. Run: tmux -L s wait-for -S impl-tools-docstrings-question',
    'Do NOT guess. Do NOT proceed on assumption.',
    'After running it, stop and wait: the director answers in this pane.',
  ]);
});

test('the task file contains the protocol block after its heading', () => {
  const lines = renderTaskFile(input()).split('\n');
  const at = lines.indexOf('## Clarification protocol');
  assert.ok(at > 0);
  assert.deepEqual(lines.slice(at + 1, at + 6), clarificationProtocol(QFILE, QCMD));
});

test('the last non-empty line is "Run: <done command>" and the file ends with a newline', () => {
  const text = renderTaskFile(input());
  assert.ok(text.endsWith('\n'));
  const nonEmpty = text.split('\n').filter((l) => l.trim() !== '');
  assert.equal(nonEmpty.at(-1), `Run: ${DONE}`);
  assert.equal(
    nonEmpty.at(-2),
    'When the goal is met, summarize your changes in two or three lines, then as your final action:',
  );
});

test('the task file names the session, states the trimmed goal and lists the scope', () => {
  const lines = renderTaskFile(input({ goal: '  Expand the docstrings.  \n' })).split('\n');
  assert.equal(lines[0], '# Task for impl-tools-docstrings');
  assert.equal(lines[lines.indexOf('## Goal') + 1], 'Expand the docstrings.');
  const scopeAt = lines.indexOf('## Expected diff scope');
  assert.deepEqual(lines.slice(scopeAt + 1, scopeAt + 4), [
    '- tools/**',
    '- *.md',
    'Changes outside these paths are flagged for code review.',
  ]);
  assert.ok(
    lines.includes('You are impl-tools-docstrings, an implementer session. A director started you and will check'),
  );
});

test('scope globs round-trip through the task file', () => {
  const scopes = [['tools/**', '*.md'], ['src/core/slug.ts'], ['docs/{a,b}/*.ts', './x/', 'a b/c.txt']];
  for (const scope of scopes) assert.deepEqual(scopeFromTaskFile(renderTaskFile(input({ scope }))), scope);
});

test('an undeclared scope is written as such and reads back as empty', () => {
  const text = renderTaskFile(input({ scope: [] }));
  assert.ok(text.includes('## Expected diff scope\n- (not declared: any path may change)\n'));
  assert.deepEqual(scopeFromTaskFile(text), []);
});

test('a scope edited by hand in the task file is read back', () => {
  const text = renderTaskFile(input()).replace('- *.md\n', '- *.md\n- docs/**\n');
  assert.deepEqual(scopeFromTaskFile(text), ['tools/**', '*.md', 'docs/**']);
});

test('a file without a scope section has no scope', () => {
  assert.deepEqual(scopeFromTaskFile('# Some other file\n- not/a/scope\n'), []);
});

test('an empty goal is refused with an actionable message', () => {
  for (const goal of ['', '   ', '\n\t\n']) {
    assert.throws(
      () => renderTaskFile(input({ goal })),
      (e: unknown) =>
        e instanceof TaskInputError && e.message === 'The goal is empty: say what the session must achieve.',
    );
  }
});

test('a scope glob that starts with "(" survives the round trip', () => {
  assert.deepEqual(scopeFromTaskFile(renderTaskFile(input({ scope: ['(auth)/**', 'src/**'] }))), [
    '(auth)/**',
    'src/**',
  ]);
});

test('retargetSignals points both signal lines at another backend and keeps the rest', async () => {
  const { retargetSignals } = await import('../../src/core/taskTemplate');
  const text = renderTaskFile({
    fullSlug: 'impl-x',
    goal: 'Do it.\nRun: this line is part of the goal',
    scope: [],
    questionFile: 'tmp/sessions/impl-x-question.txt',
    questionSignalCommand: 'tmux -L a wait-for -S q',
    doneSignalCommand: 'tmux -L a wait-for -S d',
  });
  const moved = retargetSignals(text, 'tmux -L b wait-for -S q', 'tmux -L b wait-for -S d');
  assert.match(moved, /^ {2}2\. Run: tmux -L b wait-for -S q$/m);
  assert.match(moved.trimEnd(), /\nRun: tmux -L b wait-for -S d$/);
  assert.match(moved, /^Run: this line is part of the goal$/m, 'the goal is untouched');
  assert.equal(retargetSignals(moved, 'tmux -L b wait-for -S q', 'tmux -L b wait-for -S d'), moved);
});

test('retargetSignals leaves a numbered "2. Run:" step in the goal alone', async () => {
  const { retargetSignals } = await import('../../src/core/taskTemplate');
  const text = renderTaskFile({
    fullSlug: 'impl-x',
    goal: 'Fix flaky test:\n  1. Reproduce\n  2. Run: npm test -- flaky.test.ts',
    scope: [],
    questionFile: 'q.txt',
    questionSignalCommand: 'OLDQ',
    doneSignalCommand: 'OLDD',
  });
  const moved = retargetSignals(text, 'NEWQ', 'NEWD');
  assert.match(moved, /^ {2}2\. Run: npm test -- flaky\.test\.ts$/m);
  assert.match(moved, /^ {2}2\. Run: NEWQ$/m);
  assert.doesNotMatch(moved, /OLDQ|OLDD/);
});

test('a worktree session is told its folder and names the question file by its absolute path', () => {
  const placed = placeInWorktree(renderTaskFile(input()), {
    questionFile: `/repo/${QFILE}`,
    folder: '/repo/tmp/sessions/worktrees/impl-tools-docstrings',
    branch: 'director/tools-docstrings',
  });
  assert.match(placed, /^ {2}1\. Write your question to \/repo\/tmp\/sessions\/impl-tools-docstrings-question\.txt$/m);
  assert.match(
    placed,
    /## Your folder\nWork in \/repo\/tmp\/sessions\/worktrees\/impl-tools-docstrings: your own git worktree on branch director\/tools-docstrings/,
  );
  assert.ok(placed.indexOf('## Your folder') < placed.indexOf('## Responsibilities'));
  assert.deepEqual(scopeFromTaskFile(placed), ['tools/**', '*.md']);
  const again = {
    questionFile: `/repo/${QFILE}`,
    folder: '/repo/tmp/sessions/worktrees/impl-tools-docstrings',
    branch: 'director/tools-docstrings',
  };
  assert.equal(placeInWorktree(placed, again), placed, 'a retried spawn adds no second section');
});
