/**
 * The git side of worktree isolation on real repositories (no agent): a session's branch comes
 * home by fast-forward or merge, and is refused with nothing changed on a conflict or when the
 * user's own uncommitted edits touch its files; the user's other uncommitted work survives.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execaSync } from 'execa';
import { makeRepo, read, tempDir } from './helpers';
import { bringHome, commitAll, createWorktree, removeWorktree, sessionBase } from '../../src/git/worktree';

const git = (cwd: string, ...args: string[]) => String(execaSync('git', args, { cwd }).stdout).trim();

/** A repository with a session worktree that changed src/a.ts and added src/s.ts, committed on its branch. */
async function withSessionWork(): Promise<{ repo: string; wt: string }> {
  const repo = makeRepo({
    'src/a.ts': 'export const a = 1;\n',
    'src/b.ts': 'export const b = 1;\n',
    'package.json': '{}\n',
    '.gitignore': 'tmp/sessions/\n',
  });
  const wt = join(repo, 'tmp/sessions/worktrees/impl-x');
  await createWorktree(repo, wt, 'director/x');
  writeFileSync(join(wt, 'src/a.ts'), 'export const a = 2;\n');
  writeFileSync(join(wt, 'src/s.ts'), 'export const s = 1;\n');
  await commitAll(wt, 'session work');
  return { repo, wt };
}

describe('worktree sessions in git', () => {
  it('fast-forwards the user branch and keeps their staged, modified and untracked files', async () => {
    const { repo } = await withSessionWork();
    writeFileSync(join(repo, 'src/b.ts'), 'export const b = "mine";\n');
    git(repo, 'add', 'src/b.ts');
    writeFileSync(join(repo, 'package.json'), '{ "name": "mine" }\n');
    writeFileSync(join(repo, 'notes.txt'), 'notes\n');
    const home = await bringHome(repo, 'director/x', 'merge x');
    assert.equal(home.kind, 'merged');
    assert.ok(home.kind === 'merged' && home.fastForward);
    assert.equal(git(repo, 'rev-parse', 'HEAD'), git(repo, 'rev-parse', 'director/x'));
    assert.equal(read(repo, 'src/a.ts'), 'export const a = 2;\n');
    assert.equal(read(repo, 'src/s.ts'), 'export const s = 1;\n');
    assert.equal(read(repo, 'src/b.ts'), 'export const b = "mine";\n');
    assert.equal(read(repo, 'package.json'), '{ "name": "mine" }\n');
    assert.equal(read(repo, 'notes.txt'), 'notes\n');
    const status = git(repo, 'status', '--porcelain');
    assert.match(status, /^M {2}src\/b\.ts$/m, 'the staged edit is still staged');
    assert.match(status, /^ ?M package\.json$/m);
    assert.doesNotMatch(status, /src\/(a|s)\.ts/, 'the session files are committed, not left dirty');
  });

  it('merges when the user committed meanwhile', async () => {
    const { repo } = await withSessionWork();
    writeFileSync(join(repo, 'src/b.ts'), 'export const b = 3;\n');
    git(repo, 'commit', '-qam', 'user work');
    const home = await bringHome(repo, 'director/x', 'Merge director/x: session work');
    assert.equal(home.kind, 'merged');
    assert.ok(home.kind === 'merged' && !home.fastForward);
    assert.deepEqual(home.kind === 'merged' && home.files.sort(), ['src/a.ts', 'src/s.ts']);
    assert.equal(git(repo, 'log', '-1', '--format=%P').split(' ').length, 2, 'a merge commit');
    assert.equal(git(repo, 'log', '-1', '--format=%s'), 'Merge director/x: session work');
    assert.equal(read(repo, 'src/b.ts'), 'export const b = 3;\n');
    assert.equal(read(repo, 'src/a.ts'), 'export const a = 2;\n');
    assert.equal(git(repo, 'status', '--porcelain'), '');
  });

  it('refuses, changing nothing, when the user has uncommitted edits in a file the session changed', async () => {
    const { repo } = await withSessionWork();
    const head = git(repo, 'rev-parse', 'HEAD');
    writeFileSync(join(repo, 'src/a.ts'), 'export const a = "mine";\n');
    const home = await bringHome(repo, 'director/x', 'merge x');
    assert.deepEqual(home, { kind: 'dirty-overlap', files: ['src/a.ts'] });
    assert.equal(git(repo, 'rev-parse', 'HEAD'), head);
    assert.equal(read(repo, 'src/a.ts'), 'export const a = "mine";\n');
    assert.ok(!existsSync(join(repo, 'src/s.ts')));
  });

  it('refuses, changing nothing, on a conflict with a commit of the user', async () => {
    const { repo } = await withSessionWork();
    writeFileSync(join(repo, 'src/a.ts'), 'export const a = 3;\n');
    git(repo, 'commit', '-qam', 'user a');
    const head = git(repo, 'rev-parse', 'HEAD');
    const home = await bringHome(repo, 'director/x', 'merge x');
    assert.deepEqual(home, { kind: 'conflict', files: ['src/a.ts'], onto: 'main' });
    assert.equal(git(repo, 'rev-parse', 'HEAD'), head);
    assert.equal(git(repo, 'status', '--porcelain'), '');
    assert.equal(read(repo, 'src/a.ts'), 'export const a = 3;\n');
  });

  it("counts a rebased session's changes from the user's branch, not from its start", async () => {
    const { repo, wt } = await withSessionWork();
    const start = git(repo, 'rev-parse', 'main');
    assert.equal(await sessionBase(wt, start, repo), start, 'the user did not move');
    writeFileSync(join(repo, 'src/b.ts'), 'export const b = 3;\n');
    git(repo, 'commit', '-qam', 'user b');
    assert.equal(await sessionBase(wt, start, repo), start, 'not rebased yet');
    git(wt, 'rebase', '-q', 'main');
    assert.equal(await sessionBase(wt, start, repo), git(repo, 'rev-parse', 'main'));
  });

  it('removes the worktree and keeps the branch with the work committed', async () => {
    const { repo, wt } = await withSessionWork();
    writeFileSync(join(wt, 'src/late.ts'), 'export const late = 1;\n');
    const commit = await commitAll(wt, 'ABANDON: left over');
    await removeWorktree(repo, wt);
    assert.ok(!existsSync(wt));
    assert.equal(git(repo, 'rev-parse', 'director/x'), commit);
    assert.equal(git(repo, 'show', 'director/x:src/late.ts'), 'export const late = 1;');
    assert.equal(git(repo, 'worktree', 'list').split('\n').length, 1);
  });

  it('creates many worktrees at once (git itself races on them), each with its branch', async () => {
    // Concurrent "git worktree add" runs read each other's half-made .git/worktrees/<name>/ and
    // fail ("failed to read …/commondir"), after "-b" already made the branch: seen in 7 of 40.
    const repo = makeRepo({ 'src/a.ts': 'export const a = 1;\n', '.gitignore': 'tmp/sessions/\n' });
    const slugs = Array.from({ length: 12 }, (_, i) => `w${i}`);
    for (const round of [0, 1, 2]) {
      const made = await Promise.allSettled(
        slugs.map((s) =>
          createWorktree(repo, join(repo, `tmp/sessions/worktrees/${round}-${s}`), `director/${round}-${s}`),
        ),
      );
      assert.deepEqual(
        made.flatMap((m) => (m.status === 'rejected' ? [String(m.reason)] : [])),
        [],
        'every worktree is made',
      );
    }
    assert.equal(git(repo, 'worktree', 'list').split('\n').length, 37);
    assert.equal(git(repo, 'branch', '--list', 'director/*').split('\n').length, 36, 'no branch without its worktree');
  });

  it('refuses a worktree in a repository without commits', async () => {
    const dir = tempDir('cmux-director-empty-');
    mkdirSync(dir, { recursive: true });
    git(dir, 'init', '-q');
    await assert.rejects(createWorktree(dir, join(dir, 'wt'), 'director/x'), /no commit yet/);
  });
});
