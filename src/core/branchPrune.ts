/**
 * Which worktree sessions' branches may be pruned (director.pruneBranchesAfterDays): pure rules
 * over what the session records say about a branch and what git says about it now. Deleting a
 * branch can lose work, so every rule errs towards keeping: a branch goes only when no open
 * session uses it, nobody has it checked out, its tip is exactly the commit a closed session
 * recorded, that session closed long enough ago, and a SHIP's work is on another branch too.
 */
import type { Outcome } from './ledger';

export const DAY_MS = 86_400_000;

/** What one session record (open, closed, or an archived generation) says about its branch. */
export interface BranchClaim {
  readonly branch: string;
  /** The bare slug, for the report. */
  readonly slug: string;
  readonly closed: boolean;
  readonly outcome?: Outcome;
  readonly closedAt?: string;
  /** The branch's commit of the session's work, as close recorded it. */
  readonly commit?: string;
  /** Set when SHIP brought the work home. */
  readonly merged?: string;
}

/** What git says about the branch now. */
export interface BranchState {
  readonly tip: string;
  /** Checked out in the main folder or any worktree. */
  readonly checkedOut: boolean;
  /** Another local branch contains the tip (a SHIP's work is still on the user's branch); asked for SHIPs only. */
  readonly containedElsewhere: boolean;
}

export type KeepReason = 'open-session' | 'checked-out' | 'not-recorded' | 'recent' | 'not-merged';

export type BranchDecision =
  { readonly prune: true; readonly pruned: PrunedBranch } | { readonly prune: false; readonly reason: KeepReason };

/** The rule for one branch, given every record that names it. */
export function decideBranch(
  claims: readonly BranchClaim[],
  state: BranchState,
  now: Date,
  afterDays: number,
): BranchDecision {
  if (claims.some((c) => !c.closed)) return { prune: false, reason: 'open-session' };
  if (state.checkedOut) return { prune: false, reason: 'checked-out' };
  // Only a record whose commit is the tip vouches for the branch: anything on top of it (the
  // user's own commits, a rebase) is work no ledger line accounts for.
  const vouching = claims.filter((c) => c.commit === state.tip);
  if (vouching.length === 0) return { prune: false, reason: 'not-recorded' };
  let reason: KeepReason = 'recent';
  for (const claim of vouching) {
    const { outcome, closedAt } = claim;
    const age = closedAt ? now.getTime() - Date.parse(closedAt) : NaN;
    if (!outcome || !closedAt || !(age > afterDays * DAY_MS)) continue;
    // NO-SHIP and ABANDON work was turned down; a SHIP's branch is only a copy once it came home.
    if (outcome === 'SHIP' && !(claim.merged && state.containedElsewhere)) {
      reason = 'not-merged';
      continue;
    }
    const closedDaysAgo = Math.floor(age / DAY_MS);
    return {
      prune: true,
      pruned: { branch: claim.branch, commit: state.tip, slug: claim.slug, outcome, closedAt, closedDaysAgo },
    };
  }
  return { prune: false, reason };
}

/** A pruned branch, as the fronts report it. */
export interface PrunedBranch {
  readonly branch: string;
  /** The tip it had: `git branch <branch> <commit>` brings it back while git keeps the commit. */
  readonly commit: string;
  readonly slug: string;
  readonly outcome: Outcome;
  readonly closedAt: string;
  readonly closedDaysAgo: number;
}

/** One line for the CLI's notes and VS Code's output log. */
export function prunedLine(p: PrunedBranch): string {
  return `pruned branch ${p.branch} (${p.outcome} ${p.closedDaysAgo} days ago; was ${p.commit.slice(0, 12)}, "git branch ${p.branch} ${p.commit}" restores it)`;
}
