/**
 * Git worktrees for isolated sessions: one checkout per session on its own branch, its work
 * committed there, and brought home into the user's current branch without ever touching the
 * user's uncommitted work. The merge is computed without a working tree (`git merge-tree`), so
 * a conflict changes nothing anywhere.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { GitError, gitAt, headCommit, repoRoot, splitZ } from './repo';

export interface WorktreeInfo {
  /** The worktree's top folder. */
  readonly path: string;
  readonly branch: string;
  /** The commit the branch started from (the user's HEAD at spawn). */
  readonly base: string;
}

/** git with its exit status (simple-git resolves a failing command that printed nothing on stderr). */
function run(cwd: string, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('git', [...args], { cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error)).trim();

/** A new worktree at `path` on a new branch from the repository's current HEAD. */
export async function createWorktree(cwd: string, path: string, branch: string): Promise<WorktreeInfo> {
  const root = await repoRoot(cwd);
  const git = gitAt(root);
  const base = await headCommit(git);
  if (!base) throw new GitError(`${root} has no commit yet: commit once, then spawn (a worktree starts from HEAD).`);
  if (existsSync(path)) throw new GitError(`${path} already exists: remove it, or close the session that uses it.`);
  const taken = (await git.raw(['branch', '--list', branch])).trim();
  if (taken)
    throw new GitError(
      `Branch ${branch} already exists (an earlier session's work): merge or delete it ("git branch -D ${branch}"), or pick another slug.`,
    );
  mkdirSync(dirname(path), { recursive: true });
  // The branch first (a ref update, safe alongside others), then the worktree on it, retried while
  // another "worktree add" is half done: git reads every .git/worktrees/<name>/ and fails on one
  // still being written. A worktree never made leaves no branch behind to block the next try.
  await git.raw(['branch', branch, base]);
  for (let attempt = 1; ; attempt++) {
    const added = await run(root, ['worktree', 'add', '-q', path, branch]);
    if (added.code === 0) return { path, branch, base };
    if (attempt < WORKTREE_ADD_TRIES && RACING_ADD.test(added.stderr)) {
      await new Promise((r) => setTimeout(r, 20 * attempt + Math.random() * 50));
      continue;
    }
    await run(root, ['branch', '-D', branch]);
    throw new GitError(`git worktree add failed: ${added.stderr.trim() || `exit ${added.code}`}`);
  }
}

const WORKTREE_ADD_TRIES = 8;
/** What git says when another "worktree add" in the same repository was half done. */
const RACING_ADD = /failed to read .*worktrees\/|could not lock|\.lock': File exists/;

/** Git identity flags when the repository has none, so the director's own commits never fail on it. */
async function identity(cwd: string): Promise<string[]> {
  const email = await gitAt(cwd)
    .raw(['config', 'user.email'])
    .catch(() => '');
  return email.trim() ? [] : ['-c', 'user.name=cmux Director', '-c', 'user.email=director@localhost'];
}

/**
 * Commits everything the session changed in its worktree (hooks skipped: verify already judged
 * the work, and a safekeeping commit must not fail). Returns HEAD afterwards.
 */
export async function commitAll(worktree: string, text: string): Promise<string> {
  const git = gitAt(worktree);
  await git.raw(['add', '-A']);
  const staged = (await git.raw(['diff', '--cached', '--name-only'])).trim();
  if (staged) await git.raw([...(await identity(worktree)), 'commit', '-q', '--no-verify', '-m', text]);
  const head = await headCommit(git);
  if (!head) throw new GitError(`${worktree} has no commit.`);
  return head;
}

export type HomeResult =
  | { readonly kind: 'merged'; readonly commit: string; readonly files: string[]; readonly fastForward: boolean }
  | { readonly kind: 'unchanged'; readonly commit: string }
  | { readonly kind: 'conflict'; readonly files: string[]; readonly onto: string }
  | { readonly kind: 'dirty-overlap'; readonly files: string[] }
  | { readonly kind: 'blocked'; readonly reason: string };

/** Paths the user has not committed (staged, modified, untracked), relative to the repository. */
async function uncommitted(root: string): Promise<Set<string>> {
  const out = await gitAt(root).raw(['status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames']);
  return new Set(splitZ(out).map((e) => e.slice(3)));
}

/**
 * Brings `branch` into the branch checked out at `cwd`: a fast-forward when HEAD did not move,
 * else a merge commit. Refused, with nothing changed, on a conflict or when a file it would
 * change has uncommitted edits of the user's.
 */
export async function bringHome(cwd: string, branch: string, text: string): Promise<HomeResult> {
  const root = await repoRoot(cwd);
  const git = gitAt(root);
  const head = await headCommit(git);
  if (!head) return { kind: 'blocked', reason: 'the repository has no commit' };
  const symbolic = await git.raw(['symbolic-ref', '-q', 'HEAD']).catch(() => '');
  if (!symbolic.trim()) return { kind: 'blocked', reason: 'HEAD is detached: check out a branch first' };
  const tip = (await git.raw(['rev-parse', '--verify', `${branch}^{commit}`])).trim();
  const isAncestor = async (a: string, b: string) =>
    (await run(root, ['merge-base', '--is-ancestor', a, b])).code === 0;
  if (await isAncestor(tip, head)) return { kind: 'unchanged', commit: head };
  let target: string;
  const fastForward = await isAncestor(head, tip);
  if (fastForward) target = tip;
  else {
    // Exit status 1 with the conflicted files listed after the tree id; the user's tree, index
    // and branch are not touched either way.
    const merged = await run(root, ['merge-tree', '--write-tree', '--name-only', '-z', '--no-messages', head, tip]);
    const fields = splitZ(merged.stdout);
    const onto = symbolic.trim().replace(/^refs\/heads\//, '');
    if (merged.code === 1) return { kind: 'conflict', files: [...new Set(fields.slice(1))], onto };
    if (merged.code !== 0 || !fields[0])
      return { kind: 'blocked', reason: merged.stderr.trim() || 'git merge-tree failed' };
    const tree = fields[0].trim();
    target = (
      await git.raw([...(await identity(root)), 'commit-tree', tree, '-p', head, '-p', tip, '-m', text])
    ).trim();
  }
  const files = splitZ(await git.raw(['diff', '--name-only', '-z', '--no-renames', head, target]));
  const dirty = await uncommitted(root);
  const overlap = files.filter((f) => dirty.has(f));
  if (overlap.length > 0) return { kind: 'dirty-overlap', files: overlap };
  // A two-tree read-tree updates exactly the files that differ and keeps every other local
  // change (like a checkout); it refuses rather than overwrite. Then the branch moves, checked
  // against the HEAD the merge was computed from.
  await git.raw(['update-index', '-q', '--refresh']).catch(() => undefined);
  try {
    await git.raw(['read-tree', '-m', '-u', head, target]);
  } catch (error) {
    return { kind: 'blocked', reason: message(error) };
  }
  await git.raw(['update-ref', '-m', `cmux-director: ${branch}`, 'HEAD', target, head]);
  return { kind: 'merged', commit: target, files, fastForward };
}

/**
 * The commit a worktree session's changes are counted from: its start, or, once it rebased onto
 * (or merged) the user's branch, the user's HEAD, so the user's own commits never count as its work.
 */
export async function sessionBase(worktree: string, start: string, userCwd: string): Promise<string> {
  const userHead = await headCommit(gitAt(await repoRoot(userCwd)));
  const head = await headCommit(gitAt(worktree));
  if (!userHead || !head || userHead === start) return start;
  const root = await repoRoot(worktree);
  const isAncestor = async (a: string, b: string) =>
    (await run(root, ['merge-base', '--is-ancestor', a, b])).code === 0;
  return (await isAncestor(start, userHead)) && (await isAncestor(userHead, head)) ? userHead : start;
}

/** Removes the worktree (its work is committed on its branch first); the branch stays. */
export async function removeWorktree(cwd: string, path: string): Promise<void> {
  const git = gitAt(await repoRoot(cwd));
  if (existsSync(path)) await git.raw(['worktree', 'remove', '--force', path]);
  await git.raw(['worktree', 'prune']).catch(() => undefined);
}
