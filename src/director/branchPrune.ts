/**
 * director.pruneBranchesAfterDays: deletes the branches of worktree sessions closed more than N
 * days ago (NO-SHIP, ABANDON, and SHIPs whose work came home), by the rules of core/branchPrune.
 * It runs at close, the moment branches pile up and the user is looking at the result; never on
 * a timer. The records vouch for the branches: current ones and every archived generation's.
 */
import { decideBranch, type BranchClaim, type KeepReason, type PrunedBranch } from '../core/branchPrune';
import { parseSlug } from '../core/slug';
import { branchStates, deleteBranch } from '../git/branches';
import { archivedRecords } from './archive';
import type { DirectorContext } from './context';
import { listRecords, type SessionRecord } from './record';

export interface PruneReport {
  readonly pruned: PrunedBranch[];
  /** Session branches that stay, and why (only those git still has). */
  readonly kept: Array<{ readonly branch: string; readonly reason: KeepReason }>;
  /** What stopped a deletion or the whole pass; the branches concerned were kept. */
  readonly problems: string[];
}

const claimOf = (record: SessionRecord): BranchClaim | undefined =>
  record.worktree && {
    branch: record.worktree.branch,
    slug: parseSlug(record.slug).bare,
    closed: record.phase === 'closed',
    ...(record.outcome ? { outcome: record.outcome } : {}),
    ...(record.closedAt ? { closedAt: record.closedAt } : {}),
    ...(record.worktree.commit ? { commit: record.worktree.commit } : {}),
    ...(record.worktree.merged ? { merged: record.worktree.merged } : {}),
  };

export async function pruneBranches(ctx: Pick<DirectorContext, 'root' | 'config' | 'now'>): Promise<PruneReport> {
  const report: PruneReport = { pruned: [], kept: [], problems: [] };
  const days = ctx.config.pruneBranchesAfterDays;
  if (days <= 0) return report;
  const current = listRecords(ctx.root);
  // A record that cannot be read may be an open session's: its branch could be pruned under it.
  if (current.problems.length > 0) {
    report.problems.push(`no branch pruned: ${current.problems.join('; ')}`);
    return report;
  }
  const claims = new Map<string, BranchClaim[]>();
  for (const record of [...current.records, ...archivedRecords(ctx.root)]) {
    const claim = claimOf(record);
    if (claim) claims.set(claim.branch, [...(claims.get(claim.branch) ?? []), claim]);
  }
  if (claims.size === 0) return report;
  // Only a SHIP's branch needs to be on another branch too: the others' work was turned down.
  const shipped = new Set([...claims].filter(([, c]) => c.some((x) => x.outcome === 'SHIP')).map(([b]) => b));
  const states = await branchStates(ctx.root, [...claims.keys()], shipped);
  const now = ctx.now();
  for (const [branch, state] of states) {
    const decision = decideBranch(claims.get(branch) ?? [], state, now, days);
    if (!decision.prune) {
      report.kept.push({ branch, reason: decision.reason });
      continue;
    }
    try {
      await deleteBranch(ctx.root, branch, state.tip);
    } catch (error) {
      report.problems.push(error instanceof Error ? error.message : String(error));
      continue;
    }
    report.pruned.push(decision.pruned);
  }
  return report;
}
