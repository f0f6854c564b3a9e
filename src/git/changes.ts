/**
 * What changed on disk since a baseline: commits made since, uncommitted edits, new untracked
 * files and deletions. Files that were already dirty at spawn count only if their content
 * changed again.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import type { ChangedFile } from '../core/verdict';
import { dirtyPaths, isExcluded, type Baseline, type ChangeOptions } from './baseline';
import {
  EMPTY_TREE,
  entryKind,
  gitAt,
  hashFiles,
  repoRoot,
  splitZ,
  toRepoPath,
  toWorkspacePath,
  workspacePrefix,
} from './repo';

function countLines(buffer: Buffer): number {
  if (buffer.includes(0)) return 0; // binary
  if (buffer.length === 0) return 0;
  let lines = 0;
  for (const byte of buffer) if (byte === 10) lines++;
  return buffer[buffer.length - 1] === 10 ? lines : lines + 1;
}

function parseNumstat(out: string): Map<string, { added: number; deleted: number }> {
  const stats = new Map<string, { added: number; deleted: number }>();
  for (const entry of splitZ(out)) {
    const [added = '0', deleted = '0', ...rest] = entry.replace(/^\n/, '').split('\t');
    const path = rest.join('\t');
    if (path) stats.set(path, { added: Number(added) || 0, deleted: Number(deleted) || 0 });
  }
  return stats;
}

function parseNameStatus(out: string): Map<string, string> {
  const fields = splitZ(out);
  const statuses = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) statuses.set(fields[i + 1]!, fields[i]!.replace(/^\n/, ''));
  return statuses;
}

export interface ChangeSet {
  readonly root: string;
  readonly files: ChangedFile[];
}

/**
 * Reads of one moment shared by the change sets taken with it: sessions in one working tree need
 * one repository root, one status and one diff per distinct baseline commit, not a set each (a git
 * process costs tens of milliseconds on a loaded machine, and a window re-reads often).
 */
export class GitReads {
  private readonly reads = new Map<string, Promise<unknown>>();
  once<T>(key: readonly string[], read: () => Promise<T>): Promise<T> {
    const id = JSON.stringify(key);
    let promise = this.reads.get(id) as Promise<T> | undefined;
    if (!promise) this.reads.set(id, (promise = read()));
    return promise;
  }
}

export async function changesSince(
  cwd: string,
  baseline: Baseline,
  options: ChangeOptions = {},
  reads = new GitReads(),
): Promise<ChangeSet> {
  const root = await reads.once(['root', cwd], () => repoRoot(cwd));
  const prefix = workspacePrefix(root, cwd);
  const git = gitAt(root);
  const base = baseline.head ?? EMPTY_TREE;
  const [numstatOut, nameStatusOut, nowDirty] = await Promise.all([
    reads.once(['numstat', root, base], () => git.raw(['diff', '--numstat', '-z', '--no-renames', base, '--'])),
    reads.once(['name-status', root, base], () => git.raw(['diff', '--name-status', '-z', '--no-renames', base, '--'])),
    reads.once(['status', root, prefix, ...(options.exclude ?? [])], () => dirtyPaths(root, prefix, options.exclude)),
  ]);
  const numstat = parseNumstat(numstatOut);
  const statuses = parseNameStatus(nameStatusOut);
  const untracked = nowDirty.filter((p) => !statuses.has(p));
  const candidates = new Set<string>([...statuses.keys(), ...untracked, ...Object.keys(baseline.dirty)]);
  const files: ChangedFile[] = [];

  // Files dirty at spawn: compare content hashes; a change is the diff between the two blobs.
  const preDirty = [...candidates].filter((p) => p in baseline.dirty);
  const preDirtyPresent = preDirty.filter((p) => entryKind(join(root, p)) === 'file');
  const currentHashes = new Map<string, string>();
  (await hashFiles(git, preDirtyPresent)).forEach((h, i) => currentHashes.set(preDirtyPresent[i]!, h));
  for (const path of preDirty) {
    const before = baseline.dirty[path] ?? null;
    const now = entryKind(join(root, path));
    const after = now === 'file' ? (currentHashes.get(path) ?? null) : now === 'missing' ? null : 'present';
    if (before === after) continue;
    if (before === 'present' || after === 'present') {
      files.push({
        path,
        status: after === null ? 'deleted' : before === null ? 'added' : 'modified',
        added: 0,
        deleted: 0,
      });
      continue;
    }
    if (before && after) {
      // Blob-to-blob numstat has no path ("2\t1\t\0<blob>\0<blob>"): read the counts only.
      const [added = '0', deleted = '0'] = (await git.raw(['diff', '--numstat', before, after])).split('\t');
      const stat = { added: Number(added) || 0, deleted: Number(deleted) || 0 };
      files.push({ path, status: 'modified', added: stat?.added ?? 0, deleted: stat?.deleted ?? 0 });
    } else if (after) {
      files.push({ path, status: 'added', added: countLines(readFileSync(join(root, path))), deleted: 0 });
    } else {
      const deleted = before ? countLines(Buffer.from(await git.raw(['cat-file', '-p', before]))) : 0;
      files.push({ path, status: 'deleted', added: 0, deleted });
    }
  }
  for (const path of candidates) {
    if (path in baseline.dirty || isExcluded(toWorkspacePath(path, prefix), options.exclude)) continue;
    const status = statuses.get(path);
    if (status) {
      const stat = numstat.get(path) ?? { added: 0, deleted: 0 };
      files.push({
        path,
        status: status.startsWith('A') ? 'added' : status.startsWith('D') ? 'deleted' : 'modified',
        ...stat,
      });
    } else {
      const kind = entryKind(join(root, path));
      if (kind === 'missing') continue;
      files.push({
        path,
        status: 'added',
        added: kind === 'file' ? countLines(readFileSync(join(root, path))) : 0,
        deleted: 0,
      });
    }
  }
  // Paths as the workspace sees them (scope globs, hot paths and diffs are workspace-relative).
  const shown = files
    .map((f) => ({ ...f, path: toWorkspacePath(f.path, prefix) }))
    .sort((a, b) => a.path.localeCompare(b.path));
  return { root: realpathSync(cwd), files: shown };
}

/** The content of `path` at the baseline (empty for files that did not exist then). */
export async function baselineContent(cwd: string, baseline: Baseline, workspacePath: string): Promise<string> {
  const root = await repoRoot(cwd);
  const path = toRepoPath(workspacePath, workspacePrefix(root, cwd));
  const git = gitAt(root);
  if (path in baseline.dirty) {
    const blob = baseline.dirty[path];
    return blob && blob !== 'present' ? git.raw(['cat-file', '-p', blob]) : '';
  }
  if (!baseline.head) return '';
  try {
    return await git.raw(['show', `${baseline.head}:${path}`]);
  } catch {
    return '';
  }
}
