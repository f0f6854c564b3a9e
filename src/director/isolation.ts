/**
 * Worktree isolation, composed from the git layer: spawn opens a session's worktree, SHIP brings
 * its branch home into the user's current branch, and close commits what is left on the branch
 * and removes the worktree. The branch always stays, so no session's work is lost.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Outcome } from '../core/ledger';
import type { Slug } from '../core/slug';
import { gitAt, repoRoot, workspacePrefix } from '../git/repo';
import { bringHome, commitAll, createWorktree, removeWorktree } from '../git/worktree';
import type { DirectorContext } from './context';
import { DirectorError } from './context';
import { WORKTREES_DIR, worktreeBranch } from './paths';
import { writeRecord, type SessionRecord } from './record';

/** SHIP could not bring the session's work home; nothing was applied and the session stays open. */
export class ShipConflictError extends DirectorError {
  override name = 'ShipConflictError';
  constructor(
    message: string,
    readonly slug: string,
    readonly files: readonly string[],
  ) {
    super(message);
  }
}

/** The first of director/<slug>, director/<slug>-2, … that no branch has (an earlier generation's is kept). */
async function freeBranch(root: string, slug: Slug): Promise<string> {
  const git = gitAt(root);
  for (let n = 1; ; n++) {
    const name = n === 1 ? worktreeBranch(slug) : `${worktreeBranch(slug)}-${n}`;
    if (!(await git.raw(['branch', '--list', name])).trim()) return name;
  }
}

/** Creates (or, on a retried spawn, reuses) the session's worktree and records it. */
export async function openWorktree(ctx: DirectorContext, slug: Slug, record: SessionRecord): Promise<SessionRecord> {
  if (record.worktree && !record.worktree.removed && existsSync(record.worktree.folder)) return record;
  const repo = await repoRoot(ctx.root);
  const prefix = workspacePrefix(repo, ctx.root);
  const info = await createWorktree(ctx.root, join(ctx.root, WORKTREES_DIR, slug.full), await freeBranch(repo, slug));
  const folder = prefix ? join(info.path, prefix) : info.path;
  // No folder trust is written: Claude Code 2.1.328 trusts a worktree when its repository is
  // trusted (it keys trust by the main repository's root), and an untrusted repository shows the
  // dialog, which spawn reports as trust-dialog, as for any folder.
  return writeRecord(
    ctx.root,
    { ...record, isolation: 'worktree', worktree: { path: info.path, folder, branch: info.branch, base: info.base } },
    ctx.now(),
  );
}

/**
 * SHIP for a worktree session: commits its work on its branch (the ledger summary as message)
 * and brings the branch into the user's current branch. Refused with nothing applied on a
 * conflict or when the user's own uncommitted edits touch the same files.
 */
export async function shipHome(ctx: DirectorContext, slug: Slug, record: SessionRecord, summary: string) {
  const wt = record.worktree;
  if (!wt || wt.merged) return record;
  const commit = await commitAll(wt.path, summary);
  const home = await bringHome(ctx.root, wt.branch, `Merge ${wt.branch}: ${summary}`);
  if (home.kind === 'merged' || home.kind === 'unchanged') {
    const merged = home.commit;
    const { refused: _done, ...rest } = wt;
    return writeRecord(ctx.root, { ...record, worktree: { ...rest, commit, merged } }, ctx.now());
  }
  const files = home.kind === 'blocked' ? [] : home.files;
  writeRecord(
    ctx.root,
    { ...record, worktree: { ...wt, commit, refused: { kind: home.kind, files, at: ctx.now().toISOString() } } },
    ctx.now(),
  );
  const list = files.join(', ');
  const why =
    home.kind === 'conflict'
      ? `its branch ${wt.branch} conflicts with your current branch in ${list}`
      : home.kind === 'dirty-overlap'
        ? `you have uncommitted changes in ${list}, which it also changes`
        : home.reason;
  const fix =
    home.kind === 'conflict'
      ? `Redirect the session to rebase its branch onto ${home.onto} ("git rebase ${home.onto}" in its worktree) and resolve the conflict, or merge ${wt.branch} by hand; then SHIP again.`
      : home.kind === 'dirty-overlap'
        ? 'Commit or stash your changes to those files, then SHIP again.'
        : 'Fix that, then SHIP again.';
  throw new ShipConflictError(
    `SHIP not applied: ${why}. Nothing was changed in your working tree; the session stays open and its work is committed on ${wt.branch}. ${fix}`,
    slug.full,
    files,
  );
}

/** At close: what the session left uncommitted goes onto its branch, then the worktree goes. */
export async function retireWorktree(
  ctx: DirectorContext,
  record: SessionRecord,
  outcome: Outcome,
  summary: string,
): Promise<SessionRecord> {
  const wt = record.worktree;
  if (!wt || wt.removed) return record;
  const commit = existsSync(wt.path)
    ? await commitAll(wt.path, outcome === 'SHIP' ? summary : `${outcome}: ${summary}`)
    : wt.commit;
  await removeWorktree(ctx.root, wt.path);
  return writeRecord(
    ctx.root,
    { ...record, worktree: { ...wt, ...(commit ? { commit } : {}), removed: true } },
    ctx.now(),
  );
}
