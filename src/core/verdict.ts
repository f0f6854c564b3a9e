/**
 * Verdict rules: what the director concludes from the disk, never from the session's report.
 * SHIP needs real, parseable changes inside the declared scope that touch no hot path.
 */
import { matchesAny } from './glob';

export const VERDICTS = ['SHIP', 'NO-SHIP', 'NEEDS-CODE-REVIEW'] as const;
export type Verdict = (typeof VERDICTS)[number];

export type ChangeStatus = 'added' | 'modified' | 'deleted';

export interface ChangedFile {
  readonly path: string;
  readonly status: ChangeStatus;
  readonly added: number;
  readonly deleted: number;
}

export interface ParseFailure {
  readonly path: string;
  readonly message: string;
  /** Where the first syntax error is (1-based), when the checker tells. */
  readonly line?: number;
  readonly column?: number;
}

export interface VerdictInput {
  readonly changes: readonly ChangedFile[];
  readonly parseFailures: readonly ParseFailure[];
  /**
   * Errors from a parser known to misread valid code (tree-sitter on C/C++, whose macros and #if
   * branches it cannot expand): a person must look, so code review rather than NO-SHIP.
   */
  readonly parseWarnings?: readonly ParseFailure[];
  /** Globs from the task's expected diff scope; empty = not declared. */
  readonly scope: readonly string[];
  readonly hotPaths: readonly string[];
  /** Checks that could not run (e.g. "python3 not found"), reported but not blocking. */
  readonly skipped: readonly string[];
  /**
   * Changed files that none of the session's own tool calls wrote (from its hook events): another
   * session, the user or a shell command. Undefined when the session has no events to tell.
   */
  readonly unattributed?: readonly string[];
  /**
   * Why the session's last turn did not really finish (an API error, a quota banner, work still
   * running in the background), from its hook events: never SHIP, whatever it signalled.
   */
  readonly agentError?: string;
  /** The project's own check (verifyCommand), when it ran: failed or timed out is never SHIP. */
  readonly projectCheck?: 'passed' | 'failed' | 'timed-out';
  /** A merge, rebase, cherry-pick or revert in progress in the repository: never SHIP. */
  readonly gitOperation?: string;
  /**
   * The code review of exactly this diff, when one was concluded: a CRITICAL finding is never
   * SHIP; a passed review (no CRITICAL, no malformed line, a findings file) clears the review
   * reasons; an incomplete one leaves them.
   */
  readonly review?: { readonly critical: number; readonly passed: boolean };
}

export interface VerdictResult {
  readonly verdict: Verdict;
  /** Machine-friendly reasons such as `parse-error:src/a.ts` or `out-of-scope:README.md`. */
  readonly reasons: string[];
}

export function decideVerdict(input: VerdictInput): VerdictResult {
  const blocking: string[] = [];
  const review: string[] = [];
  if (input.gitOperation) blocking.push(`${input.gitOperation}-in-progress`);
  if (input.agentError) blocking.push(`agent-error:${input.agentError}`);
  if (input.review && input.review.critical > 0) blocking.push(`review-critical:${input.review.critical}`);
  if (input.projectCheck === 'failed') blocking.push('check-failed');
  if (input.projectCheck === 'timed-out') blocking.push('check-timeout');
  for (const failure of input.parseFailures) blocking.push(`parse-error:${failure.path}`);
  if (input.changes.length === 0) blocking.push('no-changes');
  for (const warning of input.parseWarnings ?? []) review.push(`possible-parse-error:${warning.path}`);
  for (const change of input.changes) {
    if (input.hotPaths.length > 0 && matchesAny(change.path, input.hotPaths)) review.push(`hot-path:${change.path}`);
    if (input.scope.length > 0 && !matchesAny(change.path, input.scope)) review.push(`out-of-scope:${change.path}`);
  }
  for (const path of input.unattributed ?? []) review.push(`not-written-by-session:${path}`);
  const notes = input.skipped.map((s) => `skipped:${s}`);
  if (blocking.length > 0) return { verdict: 'NO-SHIP', reasons: [...blocking, ...review, ...notes] };
  if (review.length > 0 && input.review?.passed)
    return { verdict: 'SHIP', reasons: [...review.map((r) => `reviewed:${r}`), ...notes] };
  if (review.length > 0 && input.review) review.push('review-incomplete');
  if (review.length > 0) return { verdict: 'NEEDS-CODE-REVIEW', reasons: [...review, ...notes] };
  return { verdict: 'SHIP', reasons: notes };
}
