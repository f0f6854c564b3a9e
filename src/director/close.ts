/**
 * close: asks the session to /export its transcript (bounded wait; a missing transcript is
 * reported, not fatal), appends the ledger line, closes the pane. Inputs are checked before
 * anything happens, so bad input loses nothing.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readUsage, renderTranscript, type TokenUsage } from '../claude/transcript';
import { activityOf, agentEnded, agentExit } from './agentEvents';
import { verify } from './verify';
import { acquireCloseLock } from './closeLock';
import { formatLedgerLine, formatLocalTimestamp, isOutcome, OUTCOMES, type Outcome } from '../core/ledger';
import { nextPhase } from '../core/sessionState';
import { reviewNote } from '../core/review';
import { parseSlug, type Slug } from '../core/slug';
import { MuxError } from '../mux/errors';
import type { DirectorContext } from './context';
import { DirectorError, sleep } from './context';
import { appendLedger, readLedgerLines } from './ledgerFile';
import { LEDGER_FILE, sessionFiles } from './paths';
import { agentExited, findOwnPane } from './panes';
import { requireRecord, sessionChannels, writeRecord } from './record';
import { readState, submitLine } from './screenWatch';
import { retireWorktree, shipHome } from './isolation';
import { pruneBranches } from './branchPrune';
import type { PrunedBranch } from '../core/branchPrune';

/** How long close lets a closed pane's agent finish exiting before it goes on regardless. */
const AGENT_EXIT_MS = 3000;

export interface CloseResult {
  readonly slug: Slug;
  readonly outcome: Outcome;
  readonly ledgerFile: string;
  readonly ledgerLine: string;
  readonly transcript: { readonly file: string; readonly exported: boolean; readonly reason?: string };
  readonly usage?: TokenUsage;
  /** A worktree session's branch (kept), the commit of its work there, and what SHIP merged home. */
  readonly worktree?: { readonly branch: string; readonly commit?: string; readonly merged?: string };
  /** Old session branches this close pruned (director.pruneBranchesAfterDays), and what kept one it meant to. */
  readonly pruned: readonly PrunedBranch[];
  readonly pruneProblems: readonly string[];
}

function writeRenderedTranscript(source: string, target: string): { exported: boolean; reason?: string } {
  let text: string;
  try {
    text = readFileSync(source, 'utf8');
  } catch {
    return { exported: false, reason: 'transcript-missing' };
  }
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, renderTranscript(text));
  return { exported: true };
}

function modifiedAfter(path: string, since: number): boolean {
  try {
    return statSync(path).mtimeMs >= since - 1000;
  } catch {
    return false;
  }
}

async function exportTranscript(
  ctx: DirectorContext,
  paneId: string,
  file: string,
  signal?: AbortSignal,
): Promise<{ exported: boolean; reason?: string }> {
  const screen = await readState(ctx, paneId).catch(() => undefined);
  if (!screen) return { exported: false, reason: 'pane-unreadable' };
  if (screen.kind !== 'idle' || screen.input !== '')
    return { exported: false, reason: `not-at-prompt(${screen.kind})` };
  const requested = Date.now();
  const sent = await submitLine(ctx, paneId, `/export ${file}`, signal);
  if (!sent.ok) return { exported: false, reason: `export-${sent.reason}` };
  const path = join(ctx.root, file);
  const deadline = requested + ctx.config.exportTimeoutSeconds * 1000;
  while (Date.now() < deadline && !signal?.aborted) {
    if (modifiedAfter(path, requested)) return { exported: true };
    await sleep(150, signal);
  }
  return { exported: false, reason: 'export-timeout' };
}

/** SHIP refused by verify: NO-SHIP always, NEEDS-CODE-REVIEW without an accepted review. */
export class ShipBlockedError extends DirectorError {
  override name = 'ShipBlockedError';
  constructor(
    readonly verdict: 'NO-SHIP' | 'NEEDS-CODE-REVIEW',
    readonly reasons: readonly string[],
    message: string,
    readonly slug: string,
  ) {
    super(message);
  }
}

/**
 * The SHIP gate, for every front: verify runs first. NO-SHIP refuses; NEEDS-CODE-REVIEW needs a
 * reason to accept it, which goes into the ledger summary. Returns the summary to record.
 */
async function shipGate(
  ctx: DirectorContext,
  slug: Slug,
  summary: string,
  acceptReview: string | undefined,
  signal?: AbortSignal,
): Promise<string> {
  // Verify a finished turn, not a snapshot of work in progress that closing would then cut off.
  const working = activityOf(ctx, slug);
  if (working && (working.kind === 'running' || working.kind === 'needs-permission') && !agentEnded(working)) {
    throw new DirectorError(
      `${slug.full} is still ${working.kind === 'running' ? 'working' : 'waiting on a permission request'}: SHIP verifies finished work; wait for it first.`,
      { operation: 'wait', slug: slug.full },
    );
  }
  const result = await verify(ctx, slug.full, { ...(signal ? { signal } : {}) });
  const reasons = result.reasons.filter((r) => !r.startsWith('skipped:'));
  if (result.verdict === 'NO-SHIP') {
    throw new ShipBlockedError(
      'NO-SHIP',
      result.reasons,
      `SHIP refused: verify says NO-SHIP (${reasons.join('; ')}). Redirect the session to fix it, or close it as NO-SHIP or ABANDON.`,
      slug.full,
    );
  }
  if (result.verdict === 'NEEDS-CODE-REVIEW') {
    const why = acceptReview?.replace(/\s+/g, ' ').trim();
    if (!why) {
      throw new ShipBlockedError(
        'NEEDS-CODE-REVIEW',
        result.reasons,
        `SHIP needs a code review: verify says NEEDS-CODE-REVIEW (${reasons.join('; ')}). Review the diff, then SHIP accepting the review with a reason (why it is fine), or close as NO-SHIP.`,
        slug.full,
      );
    }
    return `${summary.trim()} (SHIP over NEEDS-CODE-REVIEW: ${why})`;
  }
  // A passed code review of this very diff made it SHIP: the ledger summary says so.
  if (result.review?.passed) return `${summary.trim()} (${reviewNote(result.review)})`;
  return summary;
}

export interface CloseInput {
  outcome: string;
  summary: string;
  acceptReview?: string;
  signal?: AbortSignal;
}

export async function close(ctx: DirectorContext, slugInput: string, input: CloseInput): Promise<CloseResult> {
  const slug = parseSlug(slugInput);
  if (!isOutcome(input.outcome))
    throw new DirectorError(`Outcome must be one of ${OUTCOMES.join(', ')} (got ${JSON.stringify(input.outcome)}).`);
  const outcome = input.outcome;
  if (requireRecord(ctx.root, slug).phase === 'closed') throw new DirectorError(`${slug.full} is already closed.`);
  const lock = acquireCloseLock(ctx.root, slug);
  try {
    return await closeLocked(ctx, slug, outcome, input);
  } finally {
    lock.release();
  }
}

async function closeLocked(
  ctx: DirectorContext,
  slug: Slug,
  outcome: Outcome,
  input: { summary: string; acceptReview?: string; signal?: AbortSignal },
): Promise<CloseResult> {
  // Read under the lock: a close that just finished is seen here.
  let record = requireRecord(ctx.root, slug);
  if (record.phase === 'closed') throw new DirectorError(`${slug.full} is already closed (${record.outcome ?? '?'}).`);
  // Validate the ledger line up front: a bad summary must not cost the transcript or the pane.
  const timestamp = formatLocalTimestamp(ctx.now());
  formatLedgerLine({ timestamp, outcome, slug: slug.bare, summary: input.summary });
  const summary =
    outcome === 'SHIP' ? await shipGate(ctx, slug, input.summary, input.acceptReview, input.signal) : input.summary;
  formatLedgerLine({ timestamp, outcome, slug: slug.bare, summary });
  // A worktree session's SHIP lands in the user's branch before the ledger says SHIP; a
  // conflict refuses here, with the session still open.
  if (outcome === 'SHIP' && (record.closing?.outcome ?? 'SHIP') === 'SHIP')
    record = await shipHome(ctx, slug, record, summary);

  const files = sessionFiles(slug);
  let transcript: { exported: boolean; reason?: string } = { exported: false, reason: 'never-spawned' };
  const pane = findOwnPane(record, await ctx.mux.listPanes());
  const paneAlive = pane !== undefined;
  // Claude Code's own transcript (named by the hook events) is rendered to text: no keystrokes,
  // and it works after the agent exited. Sessions without hooks are asked to /export.
  const activity = record.hooks ? activityOf(ctx, slug) : undefined;
  const usage = activity?.transcriptPath ? readUsage(activity.transcriptPath) : undefined;
  if (activity?.transcriptPath) {
    transcript = writeRenderedTranscript(activity.transcriptPath, join(ctx.root, files.transcript));
  } else if (record.paneId && paneAlive && !agentExited(pane, record.agentProgram)) {
    ctx.progress?.('exporting the transcript');
    transcript = await exportTranscript(ctx, record.paneId, files.transcript, input.signal);
  } else if (record.paneId) transcript = { exported: false, reason: 'pane-gone' };

  // Exactly one ledger line per session generation: the line is recorded before it is appended,
  // so a retry after a failure further on finds it in the ledger and does not append it again.
  const pendingLine =
    record.closing && readLedgerLines(ctx.root).includes(record.closing.line) ? record.closing : undefined;
  let ledgerLine: string;
  if (pendingLine) ledgerLine = pendingLine.line;
  else {
    const line = formatLedgerLine({ timestamp, outcome, slug: slug.bare, summary });
    record = writeRecord(ctx.root, { ...record, closing: { line, outcome } }, ctx.now());
    ledgerLine = await appendLedger(ctx.root, { timestamp, outcome, slug: slug.bare, summary });
  }
  const closedOutcome = pendingLine?.outcome ?? outcome;
  if (record.paneId && paneAlive) {
    await ctx.mux.closePane(record.paneId).catch((error: unknown) => {
      if (!(error instanceof MuxError && (error.kind === 'unknown-pane' || error.kind === 'server-not-running')))
        throw error;
    });
  }
  // After the pane and its agent: the agent no longer writes there (nor, late, into the next
  // spawn's worktree or baseline). Its leftovers are committed on its branch.
  if (paneAlive) await agentExit(activity?.agentPid, AGENT_EXIT_MS);
  record = await retireWorktree(ctx, record, closedOutcome, summary);
  writeRecord(
    ctx.root,
    {
      ...record,
      phase: nextPhase(record.phase, 'closed'),
      outcome: closedOutcome,
      closedAt: ctx.now().toISOString(),
      ...(usage ? { usage } : {}),
    },
    ctx.now(),
  );
  // Nobody waits on this session's channels any more: the adapter wakes and clears what is left.
  await ctx.mux.release(sessionChannels(record)).catch(() => undefined);
  // The session is closed and recorded whatever happens here: a failed prune is reported, not thrown.
  const prune = await pruneBranches(ctx).catch((error: unknown) => ({
    pruned: [],
    problems: [`no branch pruned: ${error instanceof Error ? error.message : String(error)}`],
  }));
  return {
    slug,
    outcome: closedOutcome,
    ledgerFile: LEDGER_FILE,
    ledgerLine,
    transcript: { file: files.transcript, ...transcript },
    ...(usage ? { usage } : {}),
    pruned: prune.pruned,
    pruneProblems: prune.problems,
    ...(record.worktree
      ? {
          worktree: {
            branch: record.worktree.branch,
            ...(record.worktree.commit ? { commit: record.worktree.commit } : {}),
            ...(record.worktree.merged ? { merged: record.worktree.merged } : {}),
          },
        }
      : {}),
  };
}
