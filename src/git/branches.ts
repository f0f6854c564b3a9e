/**
 * What git says about local branches, for pruning old session branches, and the deletion itself.
 * The deletion re-checks the tip and lets `git branch -D` refuse a branch checked out or being
 * rebased in any worktree, so a branch that changed since it was judged is never deleted.
 */
import type { BranchState } from '../core/branchPrune';
import { GitError, gitAt, repoRoot } from './repo';

const message = (error: unknown) => (error instanceof Error ? error.message : String(error)).trim();

/**
 * Each named branch that exists: its tip, whether a worktree has it out, and, for those in
 * `askContained` only (one git call each), whether a branch not named here contains it.
 */
export async function branchStates(
  cwd: string,
  names: readonly string[],
  askContained: ReadonlySet<string>,
): Promise<Map<string, BranchState>> {
  const git = gitAt(await repoRoot(cwd));
  const tips = new Map<string, string>();
  for (const line of (await git.raw(['for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads/'])).split(
    '\n',
  )) {
    const [ref, tip] = line.trim().split(' ');
    if (ref && tip) tips.set(ref.replace(/^refs\/heads\//, ''), tip);
  }
  // `branch refs/heads/<name>` lines name what the main folder and every worktree have checked out.
  const checkedOut = new Set(
    (await git.raw(['worktree', 'list', '--porcelain']))
      .split('\n')
      .filter((l) => l.startsWith('branch refs/heads/'))
      .map((l) => l.slice('branch refs/heads/'.length).trim()),
  );
  const states = new Map<string, BranchState>();
  for (const name of names) {
    const tip = tips.get(name);
    if (!tip) continue;
    const containing = askContained.has(name)
      ? (await git.raw(['for-each-ref', '--contains', tip, '--format=%(refname)', 'refs/heads/']))
          .split('\n')
          .map((l) => l.trim().replace(/^refs\/heads\//, ''))
          // Only a branch that is not itself up for pruning keeps the work: two session branches
          // holding each other's commits could otherwise both go in one pass.
          .filter((b) => b !== '' && !names.includes(b))
      : [];
    states.set(name, { tip, checkedOut: checkedOut.has(name), containedElsewhere: containing.length > 0 });
  }
  return states;
}

/** Deletes `branch` if its tip is still `tip`; git refuses one checked out or mid-rebase anywhere. */
export async function deleteBranch(cwd: string, branch: string, tip: string): Promise<void> {
  const git = gitAt(await repoRoot(cwd));
  const now = (await git.raw(['rev-parse', '--verify', '-q', `refs/heads/${branch}`]).catch(() => '')).trim();
  if (now !== tip)
    throw new GitError(`Branch ${branch} moved (now ${now || 'gone'}, judged at ${tip}): it was kept; nothing to do.`);
  try {
    await git.raw(['branch', '-D', branch]);
  } catch (error) {
    throw new GitError(
      `git branch -D ${branch} failed (${message(error)}): it was kept; delete it by hand if you want.`,
    );
  }
}
