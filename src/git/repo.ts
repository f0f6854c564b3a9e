/**
 * Thin git access over simple-git for the director: the repository root, HEAD and content
 * hashes. Errors become GitError with an actionable message.
 */
import { existsSync, lstatSync, realpathSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';

/** git's well-known empty tree: the base for a repository without commits. */
export const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

export class GitError extends Error {
  override name = 'GitError';
}

export function gitAt(cwd: string): SimpleGit {
  return simpleGit({ baseDir: cwd, maxConcurrentProcesses: 4, trimmed: false });
}

export async function repoRoot(cwd: string): Promise<string> {
  try {
    return (await gitAt(cwd).revparse(['--show-toplevel'])).trim();
  } catch {
    throw new GitError(
      `${cwd} is not inside a git repository: run "git init" there (the director compares the disk with a git baseline).`,
    );
  }
}

export async function headCommit(git: SimpleGit): Promise<string | null> {
  try {
    return (await git.revparse(['--verify', '-q', 'HEAD^{commit}'])).trim() || null;
  } catch {
    return null;
  }
}

/** Writes the files' current content into the object store and returns their blob ids. */
export async function hashFiles(git: SimpleGit, paths: readonly string[]): Promise<string[]> {
  const hashes: string[] = [];
  for (let i = 0; i < paths.length; i += 400) {
    const chunk = paths.slice(i, i + 400);
    const out = await git.raw(['hash-object', '-w', '--', ...chunk]);
    hashes.push(...out.split('\n').filter((l) => l.trim() !== ''));
  }
  return hashes;
}

/**
 * Where the workspace sits inside its repository ('' when it is the repository root). git
 * reports paths from the repository root; the director shows and matches them from the workspace.
 */
export function workspacePrefix(repoRootPath: string, cwd: string): string {
  return relative(repoRootPath, realpathSync(cwd)).split(sep).join('/');
}

export const toWorkspacePath = (repoPath: string, prefix: string) =>
  prefix ? posix.relative(prefix, repoPath) + (repoPath.endsWith('/') ? '/' : '') : repoPath;
export const toRepoPath = (workspacePath: string, prefix: string) =>
  prefix ? posix.normalize(posix.join(prefix, workspacePath)) : workspacePath;

export type EntryKind = 'file' | 'dir' | 'link' | 'missing';

/** What is at a path, without following symlinks (a nested repository shows up as a directory). */
export function entryKind(path: string): EntryKind {
  try {
    const stat = lstatSync(path);
    return stat.isSymbolicLink() ? 'link' : stat.isDirectory() ? 'dir' : 'file';
  } catch {
    return 'missing';
  }
}

export function splitZ(out: string): string[] {
  return out.split('\0').filter((s) => s !== '');
}

/**
 * A merge, rebase, cherry-pick or revert left half done in the repository: the working tree then
 * holds conflict markers and other people's changes, never a session's finished work.
 */
export async function operationInProgress(
  cwd: string,
): Promise<'merge' | 'rebase' | 'cherry-pick' | 'revert' | undefined> {
  let gitDir: string;
  try {
    gitDir = (await gitAt(cwd).revparse(['--absolute-git-dir'])).trim();
  } catch {
    return undefined;
  }
  const has = (name: string) => existsSync(join(gitDir, name));
  if (has('rebase-merge') || has('rebase-apply')) return 'rebase';
  if (has('MERGE_HEAD')) return 'merge';
  if (has('CHERRY_PICK_HEAD')) return 'cherry-pick';
  if (has('REVERT_HEAD')) return 'revert';
  return undefined;
}
