/**
 * The director's view of a session's hook events: where the log is, what it says now, and
 * waiting on it. The Claude Code layer knows the events; this file knows the session files.
 */
import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import type { AgentActivity } from '../claude/events';
import { processAlive, readActivity, waitForActivity } from '../claude/eventLog';
import { endsInterrupted } from '../claude/transcript';
import { parseSlug, sessionOfFile, type Slug } from '../core/slug';
import { writeRecord, type SessionRecord } from './record';
import type { DirectorContext } from './context';
import { agentPath, EVENTS_SUFFIX, SESSIONS_DIR, sessionFiles } from './paths';

export const eventLogOf = (root: string, slug: Slug) => join(root, sessionFiles(slug).events);

export function activityOf(ctx: Pick<DirectorContext, 'root'>, slug: Slug): AgentActivity | undefined {
  return withInterrupts(readActivity(eventLogOf(ctx.root, slug)));
}

/**
 * A turn the user interrupted (Esc, or "No" in Claude Code's own dialog once the hold ran out)
 * ends with no hook event: the transcript tells, and the session is idle again.
 */
function withInterrupts(read: AgentActivity | undefined): AgentActivity | undefined {
  // A hook killed while it held a request (Esc, a crash) never logs its end: it holds nothing.
  const holderGone = read?.permission?.held === true && !processAlive(Number(read.permission.requestId));
  const activity = holderGone && read?.permission ? { ...read, permission: { ...read.permission, held: false } } : read;
  if (!activity?.transcriptPath) return activity;
  const mayHaveEnded =
    activity.kind === 'running' || (activity.kind === 'needs-permission' && activity.permission?.held === false);
  if (!mayHaveEnded || !endsInterrupted(activity.transcriptPath)) return activity;
  const { permission: _dropped, ...rest } = activity;
  return {
    ...rest,
    kind: 'idle',
    lastTurn: { ended: 'stop', message: '[Request interrupted by user]', background: 0 },
  };
}

export function awaitActivity(
  ctx: Pick<DirectorContext, 'root'>,
  slug: Slug,
  accept: (activity: AgentActivity | undefined) => boolean,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<AgentActivity | undefined> {
  return waitForActivity(eventLogOf(ctx.root, slug), () => activityOf(ctx, slug), accept, timeoutMs, signal);
}

/**
 * A session spawn gave up on (a folder-trust dialog the user then answered, a slow start), or
 * whose spawn was stopped before it saw the delivery (its VS Code window closed, the CLI killed),
 * can still receive its task: its UserPromptSubmit event says so, and the session is running after
 * all. (A spawn still watching writes `running` as well, within moments of the same event.)
 */
export function deliveredLate(ctx: Pick<DirectorContext, 'root' | 'now'>, record: SessionRecord): SessionRecord {
  if ((record.phase !== 'not-delivered' && record.phase !== 'spawned') || !record.hooks) return record;
  const slug = parseSlug(record.slug);
  const pointer = `Read ${agentPath(ctx.root, record, sessionFiles(slug).task)} and follow it`;
  if (!activityOf(ctx, slug)?.prompts.some((p) => p.includes(pointer))) return record;
  const { notDeliveredReason: _was, ...rest } = record;
  return writeRecord(ctx.root, { ...rest, phase: 'running' }, ctx.now());
}

/** Does the prompt the agent received carry this line (Claude Code may trim or wrap it)? */
export const promptCarries = (prompt: string, line: string) =>
  prompt.replace(/\s+/g, ' ').includes(line.replace(/\s+/g, ' ').trim());

/**
 * Types one line at an idle agent's prompt and presses Enter; delivered only when the agent's
 * UserPromptSubmit event carries the line. Enter is pressed once more if the first one was
 * taken as part of the typing (a terminal can see fast typing as a paste).
 */
export async function submitPrompt(
  ctx: DirectorContext,
  slug: Slug,
  paneId: string,
  line: string,
  signal?: AbortSignal,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  const before = activityOf(ctx, slug)?.prompts.length ?? 0;
  const arrived = (a: AgentActivity | undefined) =>
    (a?.prompts.length ?? 0) > before && a!.prompts.slice(before).some((p) => promptCarries(p, line));
  await ctx.mux.sendText(paneId, line);
  for (const waitMs of [1500, 8000]) {
    await ctx.mux.sendKey(paneId, 'Enter');
    if (await awaitActivity(ctx, slug, arrived, waitMs, signal)) return { ok: true };
    if (signal?.aborted) return { ok: false, reason: 'cancelled' };
  }
  return { ok: false, reason: 'no-prompt-event' };
}

/**
 * Calls `onChange(slug)` whenever any session's event log grows: the fronts follow sessions by
 * their events, with no screen reads. A turn the user interrupts (Esc, "No" in Claude Code's own
 * dialog) sends no hook, only a transcript line: each session's transcript (named by its events)
 * is watched too. Returns the disposer (a no-op when the folder is missing).
 */
export function watchAllEventLogs(
  root: string,
  onChange: (fullSlug: string, source: 'events' | 'transcript') => void,
): () => void {
  const dir = join(root, SESSIONS_DIR);
  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  let disposed = false;
  const transcripts = new Map<string, { path: string; watcher: FSWatcher }>();
  const followTranscript = (fullSlug: string) => {
    const path = readActivity(join(dir, `${fullSlug}${EVENTS_SUFFIX}`))?.transcriptPath;
    const known = transcripts.get(fullSlug);
    if (!path || known?.path === path) return;
    known?.watcher.close();
    try {
      const w = watch(path, () => onChange(fullSlug, 'transcript'));
      w.on('error', () => undefined);
      transcripts.set(fullSlug, { path, watcher: w });
    } catch {
      transcripts.delete(fullSlug); // not written yet: the next event tries again
    }
  };
  const attach = () => {
    if (disposed) return;
    try {
      watcher = watch(dir, (_type, name) => {
        const slug = name ? sessionOfFile(name, EVENTS_SUFFIX) : undefined;
        if (!slug) return;
        followTranscript(slug.full);
        onChange(slug.full, 'events');
      });
      watcher.on('error', () => undefined);
    } catch {
      // No tmp/sessions/ yet (before the first draft): look again shortly, never create it here.
      timer = setTimeout(attach, 2000);
      timer.unref?.();
    }
  };
  attach();
  return () => {
    disposed = true;
    if (timer) clearTimeout(timer);
    watcher?.close();
    for (const t of transcripts.values()) t.watcher.close();
    transcripts.clear();
  };
}

/** The agent ended (SessionEnd) or its process is gone (killed, crashed: no SessionEnd then). */
export const agentEnded = (activity: AgentActivity | undefined) =>
  activity !== undefined &&
  (activity.kind === 'ended' || (activity.agentPid !== undefined && !processAlive(activity.agentPid)));

/**
 * Resolves once the agent's process is gone, or after `timeoutMs`: a closed pane's agent still
 * runs its exit (its SessionEnd hook, a tool call in flight) for a moment. No event marks the end
 * of a process that is not our child, so its pid is looked at every 50 ms.
 */
export async function agentExit(pid: number | undefined, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (pid !== undefined && processAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}
