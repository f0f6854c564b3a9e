/**
 * What the fronts read about sessions, so neither reaches into records, the git layer or the
 * multiplexer itself: drafted tasks, a pending question, a session's changes and baseline
 * content, ledger rows with their transcripts, pane focus, and a line naming the backend.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LedgerRow } from '../core/ledgerProtocol';
import { parseSlug } from '../core/slug';
import type { ChangedFile } from '../core/verdict';
import { baselineContent, changesSince, GitReads } from './sessionChanges';
import type { DirectorContext } from './context';
import { DirectorError } from './context';
import { readLedger } from './ledgerFile';
import { generationDir } from './archive';
import { sessionFiles, sessionFolder } from './paths';
import { listRecords, readRecord, type SessionRecord } from './record';

export function draftedSessions(ctx: DirectorContext): SessionRecord[] {
  return listRecords(ctx.root).records.filter((r) => r.phase === 'drafted');
}

export function sessionRecord(ctx: DirectorContext, slug: string): SessionRecord | undefined {
  return readRecord(ctx.root, parseSlug(slug));
}

/** The session's files as absolute paths (task, question, transcript, verify log). */
export function sessionPaths(ctx: DirectorContext, slug: string) {
  const files = sessionFiles(parseSlug(slug));
  return {
    task: join(ctx.root, files.task),
    question: join(ctx.root, files.question),
    transcript: join(ctx.root, files.transcript),
    verifyLog: join(ctx.root, `${files.task.replace(/-task\.txt$/, '')}-verify.log`),
  };
}

/** The question the session asked and nobody answered yet, or undefined. */
export function pendingQuestion(ctx: DirectorContext, slug: string): string | undefined {
  try {
    return readFileSync(sessionPaths(ctx, slug).question, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** Each session's changed files, read together: sessions in one working tree share their git reads. */
export async function sessionChanges(
  ctx: DirectorContext,
  records: readonly SessionRecord[],
): Promise<ChangedFile[][]> {
  const reads = new GitReads();
  return Promise.all(
    records.map(async (record) => {
      if (!record.baseline) return [];
      const folder = sessionFolder(ctx.root, record);
      return (await changesSince(folder, record.baseline, reads).catch(() => ({ files: [] }))).files;
    }),
  );
}

/** A file's content at the session's baseline ('' when it did not exist then). */
export async function baselineText(ctx: DirectorContext, slug: string, path: string): Promise<string> {
  const record = sessionRecord(ctx, slug);
  return record?.baseline ? baselineContent(sessionFolder(ctx.root, record), record.baseline, path) : '';
}

/** Ledger rows, newest first, with whether each session's transcript is on disk. */
export function ledgerRows(ctx: Pick<DirectorContext, 'root'>): LedgerRow[] {
  return readLedger(ctx.root)
    .map((line): LedgerRow =>
      line.kind === 'entry'
        ? {
            kind: 'entry',
            lineNumber: line.lineNumber,
            timestamp: line.timestamp,
            outcome: line.outcome,
            slug: line.slug,
            summary: line.summary,
            hasTranscript: existsSync(transcriptOf(ctx, line.slug, line.timestamp)),
            ...recordFacts(ctx, line.slug, line.timestamp),
          }
        : { kind: 'malformed', lineNumber: line.lineNumber, raw: line.raw, problem: line.problem },
    )
    .reverse();
}

/** A closed session's tokens, cost and history, from its record (archived for an earlier generation). */
function recordFacts(
  ctx: Pick<DirectorContext, 'root'>,
  bareSlug: string,
  ledgerTimestamp: string,
): Pick<Extract<LedgerRow, { kind: 'entry' }>, 'usage' | 'session'> {
  const name = `${parseSlug(bareSlug).full}.json`;
  for (const file of [
    join(ctx.root, generationDir(bareSlug, ledgerTimestamp), name),
    join(ctx.root, sessionFiles(parseSlug(bareSlug)).record),
  ]) {
    try {
      const record = JSON.parse(readFileSync(file, 'utf8')) as Partial<SessionRecord>;
      if (!record.closing?.line.startsWith(`${ledgerTimestamp} | `)) continue;
      const u = record.usage;
      const spawned = record.spawnedAt ? Date.parse(record.spawnedAt) : NaN;
      const closed = record.closedAt ? Date.parse(record.closedAt) : NaN;
      return {
        ...(u ? { usage: { tokens: u.input + u.output + u.cacheRead + u.cacheWrite, costUsd: u.costUsd } } : {}),
        session: {
          ...(record.model ? { model: record.model } : {}),
          redirects: record.redirects ?? 0,
          questions: record.questions ?? 0,
          ...(closed >= spawned ? { seconds: Math.round((closed - spawned) / 1000) } : {}),
          ...(record.worktree
            ? {
                branch: record.worktree.branch,
                ...(record.worktree.commit ? { commit: record.worktree.commit } : {}),
                ...(record.worktree.merged ? { merged: record.worktree.merged } : {}),
              }
            : {}),
        },
      };
    } catch {
      /* no record there */
    }
  }
  return {};
}

/** The exported transcript of a session named by its ledger slug. */
export function transcriptOf(ctx: Pick<DirectorContext, 'root'>, bareSlug: string, ledgerTimestamp?: string): string {
  const name = sessionFiles(parseSlug(bareSlug)).transcript.split('/').pop()!;
  // An earlier generation's transcript was archived when the slug was drafted again.
  const archived = ledgerTimestamp ? join(ctx.root, generationDir(bareSlug, ledgerTimestamp), name) : undefined;
  return archived && existsSync(archived) ? archived : join(ctx.root, sessionFiles(parseSlug(bareSlug)).transcript);
}

/** One line naming the multiplexer: `tmux -L sock`, `cmux`. */
export function describeBackend(ctx: DirectorContext): string {
  return ctx.mux.kind === 'tmux' && ctx.config.tmuxSocket ? `tmux -L ${ctx.config.tmuxSocket}` : ctx.mux.kind;
}

/** Brings the session's pane to the front; returns how to see it from a terminal, if anything. */
export async function focusSession(ctx: DirectorContext, slug: string): Promise<string | undefined> {
  const record = sessionRecord(ctx, slug);
  if (!record?.paneId) throw new DirectorError(`${parseSlug(slug).full} has no pane.`);
  await ctx.mux.focusPane(record.paneId);
  return ctx.mux.kind === 'tmux' ? `${describeBackend(ctx)} attach -t cmux-director` : undefined;
}
