import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideVerdict, type ChangedFile, type VerdictInput } from '../../src/core/verdict';

const file = (path: string, status: ChangedFile['status'] = 'modified'): ChangedFile => ({
  path,
  status,
  added: 3,
  deleted: 1,
});

const input = (over: Partial<VerdictInput>): VerdictInput => ({
  changes: [],
  parseFailures: [],
  scope: [],
  hotPaths: [],
  skipped: [],
  ...over,
});

test('in-scope, parseable changes away from hot paths ship with no reasons', () => {
  assert.deepEqual(
    decideVerdict(
      input({ changes: [file('src/a.ts'), file('src/b.ts', 'added')], scope: ['src/**'], hotPaths: ['package.json'] }),
    ),
    { verdict: 'SHIP', reasons: [] },
  );
});

test('no changes on disk is NO-SHIP "no-changes", whatever the session claimed', () => {
  assert.deepEqual(decideVerdict(input({ scope: ['src/**'] })), { verdict: 'NO-SHIP', reasons: ['no-changes'] });
});

test('a parse failure is NO-SHIP naming the file', () => {
  const result = decideVerdict(
    input({
      changes: [file('src/a.ts')],
      parseFailures: [{ path: 'src/a.ts', message: 'Unexpected token' }],
      scope: ['src/**'],
    }),
  );
  assert.deepEqual(result, { verdict: 'NO-SHIP', reasons: ['parse-error:src/a.ts'] });
});

test('a change outside the declared scope needs code review', () => {
  const result = decideVerdict(input({ changes: [file('src/a.ts'), file('README.md')], scope: ['src/**'] }));
  assert.deepEqual(result, { verdict: 'NEEDS-CODE-REVIEW', reasons: ['out-of-scope:README.md'] });
});

test('a change on a hot path needs code review even inside the scope', () => {
  const result = decideVerdict(
    input({ changes: [file('src/auth/login.ts')], scope: ['src/**'], hotPaths: ['src/auth/**'] }),
  );
  assert.deepEqual(result, { verdict: 'NEEDS-CODE-REVIEW', reasons: ['hot-path:src/auth/login.ts'] });
});

test('deletions are judged like any other change', () => {
  const result = decideVerdict(input({ changes: [file('docs/old.md', 'deleted')], scope: ['src/**'] }));
  assert.deepEqual(result, { verdict: 'NEEDS-CODE-REVIEW', reasons: ['out-of-scope:docs/old.md'] });
});

test('with no scope declared any path may change', () => {
  const result = decideVerdict(input({ changes: [file('README.md'), file('deep/x/y.txt', 'added')] }));
  assert.deepEqual(result, { verdict: 'SHIP', reasons: [] });
});

test('with no hot paths configured nothing is a hot path', () => {
  assert.equal(decideVerdict(input({ changes: [file('package.json')], scope: ['package.json'] })).verdict, 'SHIP');
});

test('reasons come in order: parse errors, no-changes, then per file hot-path before out-of-scope, then skipped notes', () => {
  const result = decideVerdict(
    input({
      changes: [file('package.json'), file('src/a.ts')],
      parseFailures: [
        { path: 'src/a.ts', message: 'x' },
        { path: 'package.json', message: 'y' },
      ],
      scope: ['src/**'],
      hotPaths: ['package.json'],
      skipped: ['python3 not found'],
    }),
  );
  assert.deepEqual(result, {
    verdict: 'NO-SHIP',
    reasons: [
      'parse-error:src/a.ts',
      'parse-error:package.json',
      'hot-path:package.json',
      'out-of-scope:package.json',
      'skipped:python3 not found',
    ],
  });
});

test('review reasons list every file, in change order', () => {
  const result = decideVerdict(input({ changes: [file('b.md'), file('src/x.ts'), file('a.md')], scope: ['src/**'] }));
  assert.deepEqual(result.reasons, ['out-of-scope:b.md', 'out-of-scope:a.md']);
});

test('skipped checks are reported as notes but never block a SHIP', () => {
  const result = decideVerdict(
    input({ changes: [file('tools/a.py')], skipped: ['python3 not found', 'node too old'] }),
  );
  assert.deepEqual(result, { verdict: 'SHIP', reasons: ['skipped:python3 not found', 'skipped:node too old'] });
});

test('skipped notes follow review reasons', () => {
  const result = decideVerdict(
    input({ changes: [file('README.md')], scope: ['src/**'], skipped: ['python3 not found'] }),
  );
  assert.deepEqual(result, {
    verdict: 'NEEDS-CODE-REVIEW',
    reasons: ['out-of-scope:README.md', 'skipped:python3 not found'],
  });
});

test('no changes plus skipped notes is still NO-SHIP', () => {
  assert.deepEqual(decideVerdict(input({ skipped: ['python3 not found'] })), {
    verdict: 'NO-SHIP',
    reasons: ['no-changes', 'skipped:python3 not found'],
  });
});

test('a code review of this diff: CRITICAL is NO-SHIP, passed clears the review reasons, incomplete keeps them', () => {
  const hot = { changes: [file('src/hot.ts')], hotPaths: ['src/hot.ts'] };
  assert.deepEqual(decideVerdict(input({ ...hot, review: { critical: 2, passed: false } })), {
    verdict: 'NO-SHIP',
    reasons: ['review-critical:2', 'hot-path:src/hot.ts'],
  });
  assert.deepEqual(decideVerdict(input({ ...hot, review: { critical: 0, passed: true } })), {
    verdict: 'SHIP',
    reasons: ['reviewed:hot-path:src/hot.ts'],
  });
  assert.deepEqual(decideVerdict(input({ ...hot, review: { critical: 0, passed: false } })), {
    verdict: 'NEEDS-CODE-REVIEW',
    reasons: ['hot-path:src/hot.ts', 'review-incomplete'],
  });
  // A passed review never outweighs what blocks on its own.
  assert.equal(
    decideVerdict(
      input({ ...hot, parseFailures: [{ path: 'src/hot.ts', message: 'x' }], review: { critical: 0, passed: true } }),
    ).verdict,
    'NO-SHIP',
  );
});
