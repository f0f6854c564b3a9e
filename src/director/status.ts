/**
 * status: every open session with its state. Sessions launched with the director's hooks are
 * read from their event logs (no screen reads); others from one screen read per live pane.
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { AgentActivity } from '../claude/events';
import { readUsage, type TokenUsage } from '../claude/transcript';
import { classifyScreen, type ScreenState } from '../core/screen';
import { deriveState, type SessionState } from '../core/sessionState';
import { parseSlug } from '../core/slug';
import { activityOf, agentEnded, deliveredLate } from './agentEvents';
import type { DirectorContext } from './context';
import { sessionFiles } from './paths';
import { agentExited, findOwnPane } from './panes';
import { doneChannel, listRecords, questionChannel, type SessionRecord } from './record';
import { SCREEN_LINES } from './screenWatch';
import { listedHookless } from './hookless';
import { listedActivity } from '../claude/agentsList';
import { listPanesOf, type ListingReuse, type MultiplexerDown } from './serverDown';

export type { MultiplexerDown };

export interface SessionStatus {
  readonly slug: string;
  readonly state: SessionState;
  readonly record: SessionRecord;
  readonly screen?: ScreenState;
  /** What the hook events say, for sessions launched with hooks. */
  readonly activity?: AgentActivity;
  /** Tokens and estimated cost so far, from the transcript. */
  readonly usage?: TokenUsage;
  readonly questionPending: boolean;
  /** Files this session wrote that another open session in the same tree wrote too (from the hooks). */
  readonly sharedWrites?: ReadonlyArray<{ readonly path: string; readonly with: string }>;
}

/**
 * The phase, counting a signal the session's own Bash call sent (its PostToolUse event names the
 * exact command of the current token) before any wait recorded it.
 */
function signalledPhase(
  ctx: DirectorContext,
  record: SessionRecord,
  activity: AgentActivity | undefined,
): SessionRecord['phase'] {
  if (!activity || record.phase !== 'running') return record.phase;
  if (activity.commands.includes(ctx.mux.signalCommand(doneChannel(record)))) return 'done';
  if (activity.commands.includes(ctx.mux.signalCommand(questionChannel(record)))) return 'question';
  return record.phase;
}

export interface StatusResult {
  readonly sessions: SessionStatus[];
  /** Session files that could not be read. */
  readonly problems: string[];
  /** Set when the multiplexer's server is not running: every open session is gone with it. */
  readonly multiplexerDown?: MultiplexerDown;
}

export async function status(ctx: DirectorContext, reuse?: ListingReuse): Promise<StatusResult> {
  const { records, problems } = listRecords(ctx.root);
  const open = records
    .filter((r) => r.phase !== 'closed' && r.phase !== 'drafted' && r.paneId)
    .map((r) => deliveredLate(ctx, r));
  if (open.length === 0) return { sessions: [], problems };
  const { panes, down } = await listPanesOf(ctx, open, reuse);
  const listed = await listedHookless(ctx, open);
  const sessions = await Promise.all(
    open.map(async (record): Promise<SessionStatus> => {
      const slug = parseSlug(record.slug);
      const pane = findOwnPane(record, panes);
      // An agent that exited (crashed, /exit, killed) leaves its shell behind: the session is gone too.
      const paneExists = pane !== undefined && !(record.phase !== 'spawned' && agentExited(pane, record.agentProgram));
      const activity = record.hooks ? activityOf(ctx, slug) : undefined;
      // Without hooks, Claude Code's own session list; a session it no longer lists has ended.
      const entry = listed.get(record.slug);
      const listedKind = entry === undefined ? undefined : entry === null ? 'ended' : listedActivity(entry);
      // Killed or crashed agents send no SessionEnd: their process is checked directly.
      const agentDead = agentEnded(activity) || listedKind === 'ended';
      // Events are the source of truth; the screen is read only for sessions that have none, or
      // when a held permission request ran out and Claude Code's own dialog decides.
      const needScreen =
        paneExists &&
        (listedKind
          ? listedKind === 'needs-permission'
          : !activity ||
            activity.kind === 'starting' ||
            (activity.permission !== undefined && !activity.permission.held));
      let screen: ScreenState | undefined;
      let readable = true;
      if (needScreen) {
        try {
          screen = classifyScreen(await ctx.mux.readScreen(record.paneId!, SCREEN_LINES), ctx.patterns);
        } catch {
          readable = false; // closed between the listing and the read: reported as gone below
        }
      }
      // A request whose hold expired and whose dialog is no longer on screen was answered in the pane.
      const agent = agentDead
        ? 'ended'
        : activity?.permission && !activity.permission.held && screen && screen.kind !== 'permission'
          ? 'running'
          : (activity?.kind ?? listedKind);
      const questionPending = existsSync(join(ctx.root, sessionFiles(slug).question));
      const usage = activity?.transcriptPath ? readUsage(activity.transcriptPath) : undefined;
      return {
        slug: record.slug,
        record,
        screen,
        activity,
        questionPending,
        ...(usage ? { usage } : {}),
        state: deriveState({
          phase: signalledPhase(ctx, record, activity),
          paneExists: paneExists && readable,
          screen,
          ...(agent ? { agent } : {}),
        }),
      };
    }),
  );
  return { sessions: withSharedWrites(ctx.root, sessions), problems, ...(down ? { multiplexerDown: down } : {}) };
}

/** Sessions sharing one working tree that wrote the same file see each other's changes: say so. */
function withSharedWrites(root: string, sessions: SessionStatus[]): SessionStatus[] {
  const writers = new Map<string, string[]>();
  for (const s of sessions)
    for (const path of new Set(s.activity?.written ?? [])) writers.set(path, [...(writers.get(path) ?? []), s.slug]);
  return sessions.map((s) => {
    const shared = [...new Set(s.activity?.written ?? [])].flatMap((path) =>
      (writers.get(path) ?? [])
        .filter((other) => other !== s.slug)
        .map((other) => ({ path: relative(root, path), with: other })),
    );
    return shared.length > 0 ? { ...s, sharedWrites: shared } : s;
  });
}
