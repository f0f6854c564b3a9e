/**
 * Git baselines: what the working tree looked like when a session was spawned. HEAD plus every
 * file that was already dirty or untracked, with its content written to git's object store, so
 * earlier edits are never attributed to the session and the review diff can show them.
 */
import { join } from 'node:path';
import { entryKind, gitAt, hashFiles, headCommit, repoRoot, splitZ, toWorkspacePath, workspacePrefix } from './repo';

export interface Baseline {
  /** HEAD at spawn, or null in a repository without commits. */
  readonly head: string | null;
  /** Paths dirty or untracked at spawn → blob id of their content then (null: missing on disk; "present": a directory or symlink). */
  readonly dirty: Readonly<Record<string, string | null>>;
  readonly takenAt: string;
}

export interface ChangeOptions {
  /** Workspace-relative folders whose files are never a session's change (the caller's own files). */
  readonly exclude?: readonly string[];
}

export interface BaselineOptions extends ChangeOptions {
  readonly now?: Date;
}

/** True when a workspace-relative path lies in one of the excluded folders. */
export const isExcluded = (workspacePath: string, exclude: readonly string[] = []) =>
  exclude.some((dir) => workspacePath.startsWith(dir.endsWith('/') ? dir : `${dir}/`));

/** Dirty and untracked paths (`git status`, porcelain, NUL separated), relative to the root. */
export async function dirtyPaths(root: string, prefix = '', exclude: readonly string[] = []): Promise<string[]> {
  const out = await gitAt(root).raw(['status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames']);
  return splitZ(out)
    .map((entry) => entry.slice(3))
    .filter((path) => !isExcluded(toWorkspacePath(path, prefix), exclude));
}

export async function takeBaseline(cwd: string, options: BaselineOptions = {}): Promise<Baseline> {
  const root = await repoRoot(cwd);
  const git = gitAt(root);
  const head = await headCommit(git);
  const paths = await dirtyPaths(root, workspacePrefix(root, cwd), options.exclude);
  // Only regular files are hashed; directories (nested repositories) and symlinks are recorded
  // as present-but-unhashed, so they are never mistaken for a session's change.
  const present = paths.filter((p) => entryKind(join(root, p)) === 'file');
  const hashes = await hashFiles(git, present);
  const dirty: Record<string, string | null> = {};
  for (const p of paths) dirty[p] = entryKind(join(root, p)) === 'missing' ? null : 'present';
  present.forEach((p, i) => {
    dirty[p] = hashes[i] ?? null;
  });
  return { head, dirty, takenAt: (options.now ?? new Date()).toISOString() };
}
