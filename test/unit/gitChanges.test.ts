/** Git baselines and change detection on real repositories in temporary folders. */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, unlinkSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { takeBaseline, type Baseline } from '../../src/git/baseline';
import { baselineContent, changesSince, GitReads } from '../../src/git/changes';
import { GitError } from '../../src/git/repo';
import type { ChangedFile } from '../../src/core/verdict';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'cd-unit-git-')));
  dirs.push(dir);
  return dir;
}

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
}

function write(dir: string, path: string, content: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), content);
}

function repo(
  files: Record<string, string> = { 'src/a.ts': 'a1\na2\na3\n', 'README.md': '# Demo\n\nIntro\n' },
  commit = true,
): string {
  const dir = tempDir();
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.email', 'test@example.invalid');
  git(dir, 'config', 'user.name', 'Test');
  git(dir, 'config', 'commit.gpgsign', 'false');
  for (const [path, content] of Object.entries(files)) write(dir, path, content);
  if (commit) {
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'initial');
  }
  return dir;
}

const changes = async (dir: string, baseline: Baseline): Promise<ChangedFile[]> =>
  (await changesSince(dir, baseline)).files;

test('a clean repository has no changes against its fresh baseline', async () => {
  const dir = repo();
  const baseline = await takeBaseline(dir, { now: new Date('2026-05-15T15:58:26Z') });
  assert.match(baseline.head ?? '', /^[0-9a-f]{40}$/);
  assert.deepEqual(baseline.dirty, {});
  assert.equal(baseline.takenAt, '2026-05-15T15:58:26.000Z');
  assert.deepEqual(await changesSince(dir, baseline), { root: dir, files: [] });
});

test('a new untracked file counts as added with its line count', async () => {
  const dir = repo();
  const baseline = await takeBaseline(dir);
  write(dir, 'src/new.ts', 'n1\nn2\nn3\nn4\n');
  write(dir, 'notes/no-final-newline.txt', 'x\ny');
  write(dir, 'empty.txt', '');
  assert.deepEqual(await changes(dir, baseline), [
    { path: 'empty.txt', status: 'added', added: 0, deleted: 0 },
    { path: 'notes/no-final-newline.txt', status: 'added', added: 2, deleted: 0 },
    { path: 'src/new.ts', status: 'added', added: 4, deleted: 0 },
  ]);
});

test('a modified tracked file reports git numstat counts', async () => {
  const dir = repo();
  const baseline = await takeBaseline(dir);
  write(dir, 'src/a.ts', 'a1\nA2\na3\na4\na5\n');
  assert.deepEqual(await changes(dir, baseline), [{ path: 'src/a.ts', status: 'modified', added: 3, deleted: 1 }]);
});

test('a deleted tracked file counts its removed lines', async () => {
  const dir = repo();
  const baseline = await takeBaseline(dir);
  unlinkSync(join(dir, 'README.md'));
  assert.deepEqual(await changes(dir, baseline), [{ path: 'README.md', status: 'deleted', added: 0, deleted: 3 }]);
});

test('work committed after the baseline still counts', async () => {
  const dir = repo();
  const baseline = await takeBaseline(dir);
  write(dir, 'src/b.ts', 'b1\nb2\n');
  appendFileSync(join(dir, 'src/a.ts'), 'a4\n');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'session work');
  write(dir, 'src/c.ts', 'c1\n'); // plus something uncommitted on top
  assert.deepEqual(await changes(dir, baseline), [
    { path: 'src/a.ts', status: 'modified', added: 1, deleted: 0 },
    { path: 'src/b.ts', status: 'added', added: 2, deleted: 0 },
    { path: 'src/c.ts', status: 'added', added: 1, deleted: 0 },
  ]);
});

test("files already dirty or untracked at the baseline are not the session's changes", async () => {
  const dir = repo();
  write(dir, 'src/a.ts', 'a1\na2\na3\nmine1\nmine2\n'); // user's uncommitted edit
  write(dir, 'scratch.txt', 's1\ns2\n'); // user's untracked file
  const baseline = await takeBaseline(dir);
  assert.deepEqual(Object.keys(baseline.dirty).sort(), ['scratch.txt', 'src/a.ts']);
  write(dir, 'src/new.ts', 'n1\n');
  assert.deepEqual(await changes(dir, baseline), [{ path: 'src/new.ts', status: 'added', added: 1, deleted: 0 }]);
});

async function preDirtyChangedAgain(): Promise<ChangedFile[]> {
  const dir = repo();
  write(dir, 'src/a.ts', 'a1\na2\na3\nmine1\nmine2\n');
  write(dir, 'scratch.txt', 's1\ns2\n');
  const baseline = await takeBaseline(dir);
  write(dir, 'src/a.ts', 'a1\na2\na3\nmine1\nmine2\nsession\n'); // +1 on top of the user's +2
  write(dir, 'scratch.txt', 's1\nS2\ns3\n');
  return changes(dir, baseline);
}

test('a pre-dirty file changed again is listed as modified', async () => {
  assert.deepEqual(
    (await preDirtyChangedAgain()).map((f) => [f.path, f.status]),
    [
      ['scratch.txt', 'modified'],
      ['src/a.ts', 'modified'],
    ],
  );
});

test('a pre-dirty file changed again is counted against its content at the baseline (blob-to-blob numstat)', async () => {
  assert.deepEqual(await preDirtyChangedAgain(), [
    { path: 'scratch.txt', status: 'modified', added: 2, deleted: 1 },
    { path: 'src/a.ts', status: 'modified', added: 1, deleted: 0 },
  ]);
});

test('a pre-dirty file deleted by the session counts its baseline lines; one restored counts as added', async () => {
  const dir = repo();
  write(dir, 'scratch.txt', 's1\ns2\ns3\n');
  unlinkSync(join(dir, 'README.md')); // deleted before the session
  const baseline = await takeBaseline(dir);
  assert.equal(baseline.dirty['README.md'], null);
  unlinkSync(join(dir, 'scratch.txt'));
  write(dir, 'README.md', 'back\n');
  assert.deepEqual(await changes(dir, baseline), [
    { path: 'README.md', status: 'added', added: 1, deleted: 0 },
    { path: 'scratch.txt', status: 'deleted', added: 0, deleted: 3 },
  ]);
});

test("an excluded folder's files (the director's own tmp/sessions/) are never changes", async () => {
  const dir = repo();
  const exclude = ['tmp/sessions'];
  const baseline = await takeBaseline(dir, { exclude });
  write(dir, 'tmp/sessions/impl-auth-task.txt', 'task\n');
  write(dir, 'tmp/sessions/_ledger.md', 'line\n');
  write(dir, 'tmp/sessionsX.txt', 'kept\n');
  write(dir, 'tmp/other.txt', 'kept\n');
  assert.deepEqual(
    (await changesSince(dir, baseline, { exclude })).files.map((f) => f.path),
    ['tmp/other.txt', 'tmp/sessionsX.txt'],
  );
  assert.deepEqual(Object.keys((await takeBaseline(dir, { exclude })).dirty).sort(), [
    'tmp/other.txt',
    'tmp/sessionsX.txt',
  ]);
  assert.ok('tmp/sessions/_ledger.md' in (await takeBaseline(dir)).dirty, 'nothing is excluded unless asked');
});

test('the director passes its own folder as the exclusion', async () => {
  const { takeBaseline: directorBaseline, changesSince: directorChanges } =
    await import('../../src/director/sessionChanges');
  const dir = repo();
  const baseline = await directorBaseline(dir);
  write(dir, 'tmp/sessions/impl-auth.json', '{}\n');
  write(dir, 'src/new.ts', 'n\n');
  assert.deepEqual(
    (await directorChanges(dir, baseline)).files.map((f) => f.path),
    ['src/new.ts'],
  );
});

test('a repository without commits: head is null and new files are added', async () => {
  const dir = repo({ 'old.txt': 'o1\n' }, false);
  const baseline = await takeBaseline(dir);
  assert.equal(baseline.head, null);
  assert.deepEqual(Object.keys(baseline.dirty), ['old.txt']);
  write(dir, 'src/a.ts', 'a1\na2\n');
  assert.deepEqual(await changes(dir, baseline), [{ path: 'src/a.ts', status: 'added', added: 2, deleted: 0 }]);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'first commit during the session');
  assert.deepEqual(await changes(dir, baseline), [{ path: 'src/a.ts', status: 'added', added: 2, deleted: 0 }]);
});

test('from a workspace inside the repository, paths are workspace-relative; odd names survive', async () => {
  const dir = repo();
  const baseline = await takeBaseline(join(dir, 'src'));
  write(dir, 'docs/my notes.md', 'n\n');
  write(dir, 'docs/ünïcode.md', 'u\n');
  write(dir, 'src/inside.ts', 'i\n');
  const result = await changesSince(join(dir, 'src'), baseline);
  assert.equal(result.root, join(dir, 'src'));
  assert.deepEqual(
    result.files.map((f) => f.path),
    ['../docs/my notes.md', '../docs/ünïcode.md', 'inside.ts'],
  );
  assert.equal(await baselineContent(join(dir, 'src'), baseline, '../README.md'), '# Demo\n\nIntro\n');
});

test('baselineContent: HEAD content, the pre-dirty content, or empty for new files', async () => {
  const dir = repo();
  write(dir, 'src/a.ts', 'a1\na2\na3\nmine\n');
  write(dir, 'scratch.txt', 'draft\n');
  const baseline = await takeBaseline(dir);
  write(dir, 'README.md', '# Changed\n');
  write(dir, 'src/a.ts', 'rewritten\n');
  write(dir, 'scratch.txt', 'rewritten\n');
  write(dir, 'src/new.ts', 'new\n');
  assert.equal(await baselineContent(dir, baseline, 'README.md'), '# Demo\n\nIntro\n');
  assert.equal(await baselineContent(dir, baseline, 'src/a.ts'), 'a1\na2\na3\nmine\n');
  assert.equal(await baselineContent(dir, baseline, 'scratch.txt'), 'draft\n');
  assert.equal(await baselineContent(dir, baseline, 'src/new.ts'), '');
});

test('baselineContent in a repository without commits is empty for new files', async () => {
  const dir = repo({}, false);
  const baseline = await takeBaseline(dir);
  write(dir, 'a.txt', 'a\n');
  assert.equal(await baselineContent(dir, baseline, 'a.txt'), '');
});

test('outside a git repository: GitError with "git init" advice', async () => {
  const dir = tempDir();
  const expected = (e: unknown) =>
    e instanceof GitError &&
    e.name === 'GitError' &&
    e.message ===
      `${dir} is not inside a git repository: run "git init" there (the director compares the disk with a git baseline).`;
  await assert.rejects(takeBaseline(dir), expected);
  await assert.rejects(changesSince(dir, { head: null, dirty: {}, takenAt: '' }), expected);
});

test('change sets read together share their git reads and equal the ones read apart', async () => {
  const dir = repo();
  const first = await takeBaseline(dir);
  const second = await takeBaseline(dir); // spawned from the same commit
  write(dir, 'src/a.ts', 'a1\nchanged\na3\n');
  git(dir, 'commit', '-qam', 'between');
  const third = await takeBaseline(dir); // spawned after a commit
  write(dir, 'src/new.ts', 'n\n');
  class CountedReads extends GitReads {
    started = 0;
    override once<T>(key: readonly string[], read: () => Promise<T>): Promise<T> {
      return super.once(key, () => (this.started++, read()));
    }
  }
  const reads = new CountedReads();
  const together = await Promise.all([first, second, third].map((b) => changesSince(dir, b, {}, reads)));
  const apart = await Promise.all([first, second, third].map((b) => changesSince(dir, b)));
  assert.deepEqual(together, apart);
  assert.deepEqual(
    together.map((c) => c.files.map((f) => f.path)),
    [['src/a.ts', 'src/new.ts'], ['src/a.ts', 'src/new.ts'], ['src/new.ts']],
  );
  // One root, one status, and two diffs for each of the two baseline commits: 6 reads, not 12.
  assert.equal(reads.started, 6);
});
