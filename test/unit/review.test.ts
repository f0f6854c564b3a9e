import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countFindings, findingsRedirect, parseFindings, reviewNote } from '../../src/core/review';
import { renderReviewTask, type ReviewTaskInput } from '../../src/core/reviewTemplate';
import { retargetSignals } from '../../src/core/taskTemplate';

test('findings are parsed one per line: severity, path:line, text', () => {
  const parsed = parseFindings(
    'CRITICAL | src/hot.ts:12 | drops the lock before writing\n\nMAJOR | src/a b.ts:3 | name | with a bar\n# a comment\nMINOR|README.md:1|typo\n',
  );
  assert.deepEqual(parsed.malformed, []);
  assert.deepEqual(parsed.findings, [
    { severity: 'CRITICAL', path: 'src/hot.ts', line: 12, text: 'drops the lock before writing', lineNumber: 1 },
    { severity: 'MAJOR', path: 'src/a b.ts', line: 3, text: 'name | with a bar', lineNumber: 3 },
    { severity: 'MINOR', path: 'README.md', line: 1, text: 'typo', lineNumber: 5 },
  ]);
  assert.deepEqual(countFindings(parsed.findings), { critical: 1, major: 1, minor: 1 });
});

test('malformed finding lines are reported with the reason, never guessed', () => {
  const parsed = parseFindings(
    [
      'critical | src/a.ts:1 | lower case severity',
      'BLOCKER | src/a.ts:1 | unknown severity',
      'MAJOR | src/a.ts | no line',
      'MAJOR | src/a.ts:0 | line zero',
      'MINOR | src/a.ts:2 |',
      'The code looks fine overall.',
      'MAJOR | src/a.ts:4 | good',
    ].join('\n'),
  );
  assert.deepEqual(
    parsed.findings.map((f) => f.lineNumber),
    [7],
  );
  assert.deepEqual(
    parsed.malformed.map((m) => [m.lineNumber, m.problem]),
    [
      [1, 'severity "critical" is not CRITICAL, MAJOR, MINOR'],
      [2, 'severity "BLOCKER" is not CRITICAL, MAJOR, MINOR'],
      [3, 'location "src/a.ts" is not path:line'],
      [4, 'location "src/a.ts:0" is not path:line'],
      [5, 'the finding is empty'],
      [6, 'expected "SEVERITY | path:line | finding"'],
    ],
  );
  assert.deepEqual(parseFindings(''), { findings: [], malformed: [] });
});

test('the ledger note of a review: critical and major counts, minor when any', () => {
  assert.equal(reviewNote({ critical: 0, major: 2, minor: 0 }), 'reviewed: 0 critical, 2 major');
  assert.equal(reviewNote({ critical: 0, major: 0, minor: 3 }), 'reviewed: 0 critical, 0 major, 3 minor');
});

test('the corrective message lists the findings, CRITICAL first', () => {
  const { findings } = parseFindings('MINOR | a.ts:1 | m\nCRITICAL | b.ts:2 | c\n');
  const lines = findingsRedirect('impl-x-review', findings).split('\n');
  assert.match(lines[0]!, /impl-x-review.*CRITICAL/);
  assert.deepEqual(lines.slice(-2), ['- CRITICAL | b.ts:2 | c', '- MINOR | a.ts:1 | m']);
});

const input = (over: Partial<ReviewTaskInput> = {}): ReviewTaskInput => ({
  reviewSlug: 'impl-x-review',
  implementerSlug: 'impl-x',
  implementerTask: 'tmp/sessions/impl-x-task.txt',
  diffFile: 'tmp/sessions/impl-x-review.diff',
  transcript: '/home/u/.claude/projects/p/abc.jsonl',
  scope: ['src/**'],
  changes: [{ path: 'src/hot.ts', status: 'modified', added: 2, deleted: 1 }],
  hotPaths: ['src/hot.ts'],
  reasons: ['hot-path:src/hot.ts'],
  findingsFile: 'tmp/sessions/impl-x-review.md',
  questionFile: 'tmp/sessions/impl-x-review-question.txt',
  questionSignalCommand: 'tmux wait-for -S impl-x-review-1-question',
  doneSignalCommand: 'tmux wait-for -S impl-x-review-1-done',
  ...over,
});

test('the review task names the diff, task, transcript, scope, hot paths and the findings format', () => {
  const text = renderReviewTask(input());
  for (const needle of [
    'tmp/sessions/impl-x-review.diff',
    'tmp/sessions/impl-x-task.txt',
    '/home/u/.claude/projects/p/abc.jsonl',
    '- src/hot.ts (modified, +2 -1)',
    '## Declared scope\n- src/**',
    '## Hot paths touched\n- src/hot.ts',
    'Write your findings to tmp/sessions/impl-x-review.md, one per line, exactly:',
    '  SEVERITY | path:line | finding',
  ])
    assert.ok(text.includes(needle), `missing ${needle}`);
  assert.ok(text.endsWith('Run: tmux wait-for -S impl-x-review-1-done\n'));
  assert.ok(!text.includes('## Focus'));
  assert.match(renderReviewTask(input({ focus: 'the locking' })), /## Focus from the director\nthe locking\n/);
  assert.match(renderReviewTask(input({ hotPaths: [], transcript: undefined })), /## Hot paths touched\n- \(none\)/);
});

test('the review task signals retarget like a task file', () => {
  const text = retargetSignals(renderReviewTask(input()), 'Q2', 'D2');
  assert.ok(text.endsWith('Run: D2\n'));
  assert.ok(text.includes('  2. Run: Q2\n'));
});

test('a change with no files has nothing to review', () => {
  assert.throws(() => renderReviewTask(input({ changes: [] })), /nothing to review/);
});
