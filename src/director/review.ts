/**
 * review: the second tier of the loop. A reviewer session `impl-<slug>-review` (director.reviewerModel,
 * launched read-only: `dontAsk` mode, only its findings file writable) reads the diff against the
 * implementer's baseline and writes `SEVERITY | path:line | finding` lines. Concluding reads them:
 * a CRITICAL makes verify NO-SHIP and (director.redirectOnCriticalReview) redirects the
 * implementer with the findings; none, and SHIP is allowed with the review in the ledger summary.
 *
 * The reviewer is closed by the director with no ledger line: the ledger counts implementer
 * outcomes, and the review is recorded in the implementer's own line. Its transcript stays beside
 * the implementer's (tmp/sessions/<slug>-review.txt).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  countFindings,
  findingsRedirect,
  parseFindings,
  type Finding,
  type FindingCounts,
  type MalformedFinding,
} from '../core/review';
import { renderReviewTask } from '../core/reviewTemplate';
import { nextPhase } from '../core/sessionState';
import { parseSlug, type Slug } from '../core/slug';
import { decideVerdict } from '../core/verdict';
import { renderTranscript } from '../claude/transcript';
import { MuxError } from '../mux/errors';
import { activityOf } from './agentEvents';
import { archiveGeneration } from './archive';
import type { DirectorContext } from './context';
import { DirectorError } from './context';
import { findOwnPane } from './panes';
import { sessionFiles, sessionFolder } from './paths';
import { changesSince } from './sessionChanges';
import {
  doneChannel,
  newWaitToken,
  questionChannel,
  readRecord,
  requireRecord,
  sessionChannels,
  writeRecord,
  type SessionRecord,
} from './record';
import { redirect, type RedirectResult } from './redirect';
import { currentDiff, reviewPassed } from './reviewDiff';
import { readFindingsFile, reviewerOf, reviewFiles } from './reviewFindings';
import { spawn, type SpawnResult } from './spawn';
import { wait, type WaitOutcome } from './wait';

export type ReviewResult =
  | {
      readonly kind: 'REVIEW-SPAWNED';
      readonly slug: Slug;
      readonly reviewer: Slug;
      readonly spawn: SpawnResult;
      readonly taskFile: string;
      readonly findingsFile: string;
    }
  | { readonly kind: 'REVIEW-NOT-DELIVERED'; readonly slug: Slug; readonly reviewer: Slug; readonly reason: string }
  /** The reviewer has not finished (a question, the timeout, cancelled): it stays open; review again to collect. */
  | { readonly kind: 'REVIEW-PENDING'; readonly slug: Slug; readonly reviewer: Slug; readonly wait: WaitOutcome }
  | {
      readonly kind: 'REVIEWED';
      readonly slug: Slug;
      readonly reviewer: Slug;
      /** NO-SHIP: a CRITICAL finding. PASSED: SHIP is allowed. INCOMPLETE: no findings file, or malformed lines. */
      readonly verdict: 'NO-SHIP' | 'PASSED' | 'INCOMPLETE';
      readonly counts: FindingCounts;
      readonly findings: Finding[];
      readonly malformed: MalformedFinding[];
      readonly findingsFile: string;
      readonly findingsMissing: boolean;
      readonly transcript?: string;
      readonly redirected?: RedirectResult;
      /** Why the redirect could not be sent (the implementer was busy…): the orchestrator sends it. */
      readonly redirectError?: string;
    };

export interface ReviewOptions {
  readonly model?: string;
  readonly agent?: string;
  /** What the reviewer should look at in particular (goes into its task file). */
  readonly focus?: string;
  /** Wait for the reviewer and conclude (a reviewer already running is always waited for). */
  readonly wait?: boolean;
  readonly timeoutSeconds?: number;
  readonly signal?: AbortSignal;
}

export async function review(
  ctx: DirectorContext,
  slugInput: string,
  options: ReviewOptions = {},
): Promise<ReviewResult> {
  const slug = parseSlug(slugInput);
  const record = requireRecord(ctx.root, slug);
  if (record.reviewOf)
    throw new DirectorError(`${slug.full} is a reviewer session: review ${record.reviewOf} instead.`);
  if (record.phase === 'closed') throw new DirectorError(`${slug.full} is closed: there is nothing to review.`);
  if (!record.baseline)
    throw new DirectorError(`${slug.full} has no baseline yet: spawn it first.`, {
      operation: 'spawn',
      slug: slug.full,
    });
  const reviewer = reviewerOf(slug);
  const existing = readRecord(ctx.root, reviewer);
  if (existing && !existing.reviewOf)
    throw new DirectorError(
      `${reviewer.full} is an implementer session of its own: close it before reviewing ${slug.full}.`,
    );
  if (existing && existing.phase !== 'closed' && existing.phase !== 'drafted')
    return collect(ctx, slug, reviewer, options);

  if (existing?.phase === 'closed') archiveGeneration(ctx.root, reviewer, existing);
  const files = reviewFiles(reviewer);
  // A stale findings file would count as this review's, and Claude Code refuses to overwrite a file it has not read.
  rmSync(join(ctx.root, files.findings), { force: true });
  // The implementer's own folder (its worktree when isolated), without the director's files.
  const folder = sessionFolder(ctx.root, record);
  const changes = await changesSince(folder, record.baseline);
  const diff = await currentDiff(folder, record.baseline, changes.files);
  const reasons = decideVerdict({
    changes: changes.files,
    parseFailures: [],
    scope: record.scope,
    hotPaths: ctx.config.hotPaths,
    skipped: [],
  }).reasons;
  const now = ctx.now().toISOString();
  const reviewRecord: SessionRecord = {
    slug: reviewer.full,
    goal: `Code review of ${slug.full}`,
    scope: [files.findings],
    phase: 'drafted',
    backend: ctx.mux.kind,
    waitToken: newWaitToken(reviewer),
    redirects: 0,
    questions: 0,
    createdAt: now,
    updatedAt: now,
    reviewOf: slug.full,
  };
  const sessionPaths = sessionFiles(reviewer);
  const transcript = activityOf(ctx, slug)?.transcriptPath;
  const task = renderReviewTask({
    reviewSlug: reviewer.full,
    implementerSlug: slug.full,
    implementerTask: sessionFiles(slug).task,
    diffFile: files.diff,
    ...(transcript ? { transcript } : {}),
    scope: record.scope,
    changes: changes.files,
    hotPaths: reasons.filter((r) => r.startsWith('hot-path:')).map((r) => r.slice('hot-path:'.length)),
    reasons,
    findingsFile: files.findings,
    ...(options.focus ? { focus: options.focus } : {}),
    questionFile: sessionPaths.question,
    questionSignalCommand: ctx.mux.signalCommand(questionChannel(reviewRecord)),
    doneSignalCommand: ctx.mux.signalCommand(doneChannel(reviewRecord)),
  });
  mkdirSync(dirname(join(ctx.root, files.diff)), { recursive: true });
  writeFileSync(join(ctx.root, files.diff), diff.text);
  writeFileSync(join(ctx.root, sessionPaths.task), task);
  // The reviewed diff's fingerprint travels with the reviewer until its findings are read.
  writeRecord(ctx.root, { ...reviewRecord, reviewedDiff: diff.hash }, ctx.now());

  const started = await spawn(ctx, reviewer.full, {
    model: options.model ?? ctx.config.reviewerModel,
    ...(options.agent ? { agent: options.agent } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    reviewer: { findingsFile: files.findings },
  });
  if (started.kind === 'NOT-DELIVERED') {
    await dismiss(ctx, reviewer);
    return { kind: 'REVIEW-NOT-DELIVERED', slug, reviewer, reason: started.reason };
  }
  if (options.wait) return collect(ctx, slug, reviewer, options);
  return {
    kind: 'REVIEW-SPAWNED',
    slug,
    reviewer,
    spawn: started,
    taskFile: sessionPaths.task,
    findingsFile: files.findings,
  };
}

async function collect(
  ctx: DirectorContext,
  slug: Slug,
  reviewer: Slug,
  options: ReviewOptions,
): Promise<ReviewResult> {
  const outcome = await wait(ctx, reviewer.full, {
    ...(options.timeoutSeconds ? { timeoutSeconds: options.timeoutSeconds } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  // A reviewer that is gone cannot write more: what it wrote (if anything) is its review.
  if (outcome.kind !== 'DONE' && outcome.kind !== 'GONE')
    return { kind: 'REVIEW-PENDING', slug, reviewer, wait: outcome };
  return conclude(ctx, slug, reviewer);
}

async function conclude(ctx: DirectorContext, slug: Slug, reviewer: Slug): Promise<ReviewResult> {
  const files = reviewFiles(reviewer);
  const reviewRecord = requireRecord(ctx.root, reviewer);
  const diffHash = reviewRecord.reviewedDiff ?? '';
  const text = readFindingsFile(ctx.root, reviewer);
  const { findings, malformed } = parseFindings(text ?? '');
  const counts = countFindings(findings);
  const transcript = await dismiss(ctx, reviewer);
  const summary = {
    reviewer: reviewer.full,
    at: ctx.now().toISOString(),
    ...counts,
    malformed: malformed.length,
    complete: text !== undefined,
    diffHash,
  };
  const record = writeRecord(ctx.root, { ...requireRecord(ctx.root, slug), review: summary }, ctx.now());
  const verdict = counts.critical > 0 ? 'NO-SHIP' : reviewPassed(summary) ? 'PASSED' : 'INCOMPLETE';
  let redirected: RedirectResult | undefined;
  let redirectError: string | undefined;
  if (verdict === 'NO-SHIP' && ctx.config.redirectOnCriticalReview && record.phase !== 'closed') {
    try {
      redirected = await redirect(ctx, slug.full, findingsRedirect(reviewer.full, findings));
    } catch (error) {
      redirectError = error instanceof Error ? error.message : String(error);
    }
  }
  return {
    kind: 'REVIEWED',
    slug,
    reviewer,
    verdict,
    counts,
    findings,
    malformed,
    findingsFile: files.findings,
    findingsMissing: text === undefined,
    ...(transcript ? { transcript } : {}),
    ...(redirected ? { redirected } : {}),
    ...(redirectError ? { redirectError } : {}),
  };
}

/**
 * Closes a reviewer without a ledger line: its transcript is rendered beside the implementer's,
 * its pane closed, its record marked closed. Returns the transcript file when there was one.
 */
async function dismiss(ctx: DirectorContext, reviewer: Slug): Promise<string | undefined> {
  const record = requireRecord(ctx.root, reviewer);
  const files = sessionFiles(reviewer);
  const source = activityOf(ctx, reviewer)?.transcriptPath;
  let transcript: string | undefined;
  if (source && existsSync(source)) {
    writeFileSync(join(ctx.root, files.transcript), renderTranscript(readFileSync(source, 'utf8')));
    transcript = files.transcript;
  }
  if (record.paneId && findOwnPane(record, await ctx.mux.listPanes().catch(() => []))) {
    await ctx.mux.closePane(record.paneId).catch((error: unknown) => {
      if (!(error instanceof MuxError && (error.kind === 'unknown-pane' || error.kind === 'server-not-running')))
        throw error;
    });
  }
  writeRecord(
    ctx.root,
    { ...record, phase: nextPhase(record.phase, 'closed'), closedAt: ctx.now().toISOString() },
    ctx.now(),
  );
  await ctx.mux.release(sessionChannels(record)).catch(() => undefined);
  return transcript;
}
