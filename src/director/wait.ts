/**
 * wait: blocks until the session's done or question signal, or the timeout. Event-driven: one
 * blocked `wait-for` per channel, no screen polling. A signal another waiter (the VS Code front,
 * another CLI call) already received is read from the session record.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { nextPhase } from '../core/sessionState';
import { parseSlug, type Slug } from '../core/slug';
import type { DirectorContext } from './context';
import { DirectorError } from './context';
import { sessionFiles } from './paths';
import { doneChannel, questionChannel, readRecord, requireRecord, writeRecord, type SessionRecord } from './record';
import { processAlive, watchEventLog } from '../claude/eventLog';
import { activityOf, awaitActivity, deliveredLate, eventLogOf } from './agentEvents';
import { findOwnPane } from './panes';

const LIVENESS_MS = 1000;

function watchLiveness(ctx: DirectorContext, slug: Slug, onGone: (reason: GoneReason) => void): () => void {
  let done = false;
  const check = () => {
    if (done) return;
    const activity = activityOf(ctx, slug);
    const reason =
      activity?.kind === 'ended'
        ? 'session-ended'
        : activity?.agentPid && !processAlive(activity.agentPid)
          ? 'agent-exited'
          : undefined;
    if (reason) {
      done = true;
      onGone(reason);
    }
  };
  const unwatch = watchEventLog(eventLogOf(ctx.root, slug), check);
  const timer = setInterval(check, LIVENESS_MS);
  check();
  return () => {
    done = true;
    unwatch();
    clearInterval(timer);
  };
}

async function confirmSignalSource(ctx: DirectorContext, record: SessionRecord): Promise<GoneReason | undefined> {
  let panes;
  try {
    panes = await ctx.mux.listPanes();
  } catch {
    return 'multiplexer-exited';
  }
  return record.paneId && !findOwnPane(record, panes) ? 'pane-closed' : undefined;
}

/** Why a wait ended without a signal because the session cannot send one any more. */
export type GoneReason = 'agent-exited' | 'session-ended' | 'pane-closed' | 'multiplexer-exited';

export type WaitOutcome =
  | { readonly kind: 'DONE'; readonly slug: Slug }
  | { readonly kind: 'QUESTION'; readonly slug: Slug; readonly questionFile: string; readonly questionExists: boolean }
  | { readonly kind: 'TIMEOUT'; readonly slug: Slug }
  | { readonly kind: 'GONE'; readonly slug: Slug; readonly reason: GoneReason }
  | { readonly kind: 'CANCELLED'; readonly slug: Slug };

export interface WaitOptions {
  timeoutSeconds?: number;
  signal?: AbortSignal;
  /** Keep waiting after a recorded question (for a done answered in the pane). */
  pastQuestion?: boolean;
}

export async function wait(ctx: DirectorContext, slugInput: string, options: WaitOptions = {}): Promise<WaitOutcome> {
  const slug = parseSlug(slugInput);
  let record = deliveredLate(ctx, requireRecord(ctx.root, slug));
  if (record.phase === 'not-delivered' && record.hooks) {
    // A dialog the user is answering (folder trust) or a slow start: the task may still arrive.
    const pointer = `Read ${sessionFiles(slug).task} and follow it`;
    const graceMs =
      Math.min(options.timeoutSeconds ?? ctx.config.waitTimeoutSeconds, ctx.config.readyTimeoutSeconds) * 1000;
    await awaitActivity(
      ctx,
      slug,
      (a) => a?.prompts.some((p) => p.includes(pointer)) ?? false,
      graceMs,
      options.signal,
    );
    record = deliveredLate(ctx, record);
  }
  const files = sessionFiles(slug);
  const question = (): WaitOutcome => ({
    kind: 'QUESTION',
    slug,
    questionFile: files.question,
    questionExists: existsSync(join(ctx.root, files.question)),
  });
  if (record.phase === 'drafted')
    throw new DirectorError(`${slug.full} has not been spawned yet: spawn it first.`, {
      operation: 'spawn',
      slug: slug.full,
    });
  if (record.phase === 'closed') throw new DirectorError(`${slug.full} is closed.`);
  if (record.phase === 'not-delivered') {
    throw new DirectorError(
      `${slug.full} was never delivered (${record.notDeliveredReason ?? 'unknown'}): there is nothing to wait for; close it as ABANDON and spawn it again.`,
      { operation: 'close-abandon', slug: slug.full },
    );
  }
  if (record.lastSignal?.token === record.waitToken) {
    if (record.lastSignal.kind === 'done') return { kind: 'DONE', slug };
    if (record.lastSignal.kind === 'question' && !options.pastQuestion) return question();
  }
  const timeoutSeconds = options.timeoutSeconds ?? ctx.config.waitTimeoutSeconds;
  if (!(timeoutSeconds > 0)) throw new DirectorError('The wait timeout must be a positive number of seconds.');

  const stop = new AbortController();
  const onOuterAbort = () => stop.abort();
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const deadline = Date.now() + timeoutSeconds * 1000;
  // A session that can no longer signal ends the wait within seconds: its SessionEnd event, or its
  // agent process gone (a kill sends no SessionEnd). Checked locally, without multiplexer calls.
  let gone: GoneReason | undefined;
  const stopLiveness = record.hooks
    ? watchLiveness(ctx, slug, (reason) => {
        gone = reason;
        stop.abort();
      })
    : () => undefined;
  const waitOnLap = async (kind: 'done' | 'question', channel: string, lap: AbortController) => {
    const result = await ctx.mux.waitForSignal(channel, {
      timeoutMs: Math.max(0, deadline - Date.now()),
      signal: lap.signal,
    });
    if (result === 'signalled') lap.abort(); // the first signal ends the other wait
    return { kind, channel, result };
  };
  // A question this wait already knows about (pastQuestion) is not news, and a token carries one
  // question at most (answering it starts a new token): such a wait listens for done only. (The
  // question channel may still hold the signal another waiter passed on.)
  const knownQuestion =
    options.pastQuestion && record.lastSignal?.kind === 'question' && record.lastSignal.token === record.waitToken;
  let winner: { kind: 'done' | 'question'; channel: string; result: string } | undefined;
  try {
    const lap = new AbortController();
    const onStop = () => lap.abort();
    stop.signal.addEventListener('abort', onStop, { once: true });
    if (stop.signal.aborted) lap.abort();
    const pendingLap = [
      waitOnLap('done', doneChannel(record), lap),
      ...(knownQuestion ? [] : [waitOnLap('question', questionChannel(record), lap)]),
    ];
    // Return as soon as one channel fires; the other wait is released in the background.
    const first = await Promise.race(pendingLap);
    const results = first.result === 'signalled' ? [first] : await Promise.all(pendingLap);
    stop.signal.removeEventListener('abort', onStop);
    winner = results.find((r) => r.result === 'signalled');
  } finally {
    options.signal?.removeEventListener('abort', onOuterAbort);
    stopLiveness();
  }
  // tmux wakes every waiter with success when its server exits (kill-server, the last window
  // closed): a "signal" with no server or no pane behind it never came from the session.
  if (winner) gone = (await confirmSignalSource(ctx, record)) ?? gone;
  // The record may have moved on while we waited (a redirect, a close): re-read before writing.
  const latest = readRecord(ctx.root, slug) ?? record;
  const at = ctx.now().toISOString();
  if (latest.phase === 'closed')
    throw new DirectorError(`${slug.full} was closed (${latest.outcome ?? '?'}) while waiting for it.`);
  if (gone) {
    if (latest.waitToken === record.waitToken)
      writeRecord(ctx.root, { ...latest, lastSignal: { kind: 'gone', at, token: record.waitToken } }, ctx.now());
    return { kind: 'GONE', slug, reason: gone };
  }
  // A redirect retired this wait's token while we waited (and released its channels, which woke
  // us): the session now signals on the new token, so wait on that for the time that is left.
  if (latest.waitToken !== record.waitToken && !options.signal?.aborted) {
    const left = Math.max(0, deadline - Date.now()) / 1000;
    if (left > 0) return wait(ctx, slugInput, { ...options, timeoutSeconds: left });
  }
  if (winner) {
    const event = winner.kind === 'done' ? 'signal-done' : 'signal-question';
    if (latest.waitToken === record.waitToken) {
      writeRecord(
        ctx.root,
        {
          ...latest,
          phase: nextPhase(latest.phase, event),
          lastSignal: { kind: winner.kind, at, token: record.waitToken },
          questions: latest.questions + (winner.kind === 'question' ? 1 : 0),
        },
        ctx.now(),
      );
    }
    return winner.kind === 'done' ? { kind: 'DONE', slug } : question();
  }
  if (options.signal?.aborted) return { kind: 'CANCELLED', slug };
  if (latest.waitToken === record.waitToken) {
    writeRecord(
      ctx.root,
      {
        ...latest,
        phase: nextPhase(latest.phase, 'wait-timeout'),
        lastSignal: { kind: 'timeout', at, token: record.waitToken },
      },
      ctx.now(),
    );
  }
  return { kind: 'TIMEOUT', slug };
}
