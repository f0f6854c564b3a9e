/**
 * Hook events as Claude Code sends them (checked on 2.1.328), and what they say about a session:
 * the agent's activity, the permission request it waits on, the files its tools wrote. Pure: the
 * caller reads the log (eventLog.ts).
 */
import { z } from 'zod';
import type { AgentActivityKind } from '../core/sessionState';

const base = z.object({
  session_id: z.string(),
  transcript_path: z.string().optional(),
  cwd: z.string().optional(),
  hook_event_name: z.string(),
});

const toolInput = z.record(z.string(), z.unknown());

export const hookEventSchema = z.discriminatedUnion('hook_event_name', [
  base.extend({
    hook_event_name: z.literal('SessionStart'),
    source: z.string().optional(),
    model: z.string().optional(),
  }),
  base.extend({ hook_event_name: z.literal('UserPromptSubmit'), prompt: z.string() }),
  base.extend({ hook_event_name: z.literal('PreToolUse'), tool_name: z.string(), tool_input: toolInput }),
  base.extend({ hook_event_name: z.literal('PostToolUse'), tool_name: z.string(), tool_input: toolInput }),
  base.extend({ hook_event_name: z.literal('PostToolUseFailure'), tool_name: z.string(), tool_input: toolInput }),
  base.extend({ hook_event_name: z.literal('PermissionRequest'), tool_name: z.string(), tool_input: toolInput }),
  base.extend({
    hook_event_name: z.literal('Notification'),
    message: z.string().optional(),
    notification_type: z.string().optional(),
  }),
  base.extend({
    hook_event_name: z.literal('Stop'),
    last_assistant_message: z.string().optional(),
    background_tasks: z.array(z.unknown()).optional(),
  }),
  base.extend({
    hook_event_name: z.literal('StopFailure'),
    error: z.string().optional(),
    last_assistant_message: z.string().optional(),
  }),
  base.extend({ hook_event_name: z.literal('SessionEnd'), reason: z.string().optional() }),
]);
export type HookEvent = z.infer<typeof hookEventSchema>;

/** One line of the event log: an event as the hook received it, or the outcome of a held request. */
export type LogEntry =
  | {
      readonly pid: number;
      readonly event: HookEvent;
      /** On SessionStart: the agent's process id (0: unknown). */ readonly agent?: number;
    }
  | { readonly pid: number; readonly answer: 'allow' | 'deny' | 'expired' };

const answerSchema = z.object({ pid: z.number(), answer: z.enum(['allow', 'deny', 'expired']) });
const eventLineSchema = z.object({ pid: z.number(), agent: z.number().optional(), event: z.unknown() });
const headerSchema = z.object({ generation: z.string() });
const genOf = (data: unknown) =>
  typeof data === 'object' && data !== null && 'gen' in data && typeof data.gen === 'string' ? data.gen : undefined;

/** The first line of a log spawn started: which agent's hooks the log is for (see eventLog.ts). */
export const eventLogHeader = (generation: string) => JSON.stringify({ generation });

/**
 * Parses the log's lines; lines it does not know (other events, torn writes) are skipped, and so
 * are lines from another generation's hooks than the header names: an agent closed a moment
 * before the log was started again may still append (its SessionEnd lands after the kill).
 */
export function parseEventLog(text: string): LogEntry[] {
  const entries: LogEntry[] = [];
  let generation: string | undefined;
  let first = true;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let data: unknown;
    try {
      data = JSON.parse(line);
    } catch {
      first = false;
      continue;
    }
    const header = first ? headerSchema.safeParse(data) : undefined;
    first = false;
    if (header?.success) {
      generation = header.data.generation;
      continue;
    }
    if (generation !== undefined && genOf(data) !== generation) continue;
    const answer = answerSchema.safeParse(data);
    if (answer.success) {
      entries.push(answer.data);
      continue;
    }
    const wrapped = eventLineSchema.safeParse(data);
    if (!wrapped.success) continue;
    const event = hookEventSchema.safeParse(wrapped.data.event);
    if (event.success)
      entries.push({
        pid: wrapped.data.pid,
        event: event.data,
        ...(wrapped.data.agent ? { agent: wrapped.data.agent } : {}),
      });
  }
  return entries;
}

export interface PermissionAsk {
  /** The holding hook's pid: the answer file is named after it. */
  readonly requestId: string;
  readonly tool: string;
  /** The command, path or URL the tool would act on. */
  readonly detail: string;
  /** True while the hook still holds the request (the director can answer without keystrokes). */
  readonly held: boolean;
}

export type { AgentActivityKind };

export interface AgentActivity {
  readonly kind: AgentActivityKind;
  readonly sessionId?: string;
  readonly transcriptPath?: string;
  readonly permission?: PermissionAsk;
  /** Every prompt submitted to the agent, oldest first (the pointer, redirects). */
  readonly prompts: readonly string[];
  /** Absolute paths the session's own tools wrote (Write, Edit, MultiEdit, NotebookEdit). */
  readonly written: readonly string[];
  /** Bash commands the session ran. */
  readonly commands: readonly string[];
  /** Set when the last turn ended on an API error (StopFailure). */
  readonly turnError?: string;
  /** How the latest turn ended, once it has (cleared by the next prompt). */
  readonly lastTurn?: TurnEnd;
  readonly endReason?: string;
  /** The agent's process id, from the SessionStart hook (to notice a kill that sends no SessionEnd). */
  readonly agentPid?: number;
}

export interface TurnEnd {
  readonly ended: 'stop' | 'failure';
  /** The final assistant message (Stop) or the API error text (StopFailure). */
  readonly message: string;
  readonly error?: string;
  /** Background tasks (Bash, subagents) still running when the turn ended. */
  readonly background: number;
}

/** Banners Claude Code prints as the final message when a turn did not really finish. */
const FAILED_FINAL_MESSAGE =
  /^(?:API Error\b|Claude AI usage limit reached\b|You've hit your (?:usage )?limit\b|Request rejected \(429\)|\[Request interrupted by user|Prompt is too long$|Credit balance is too low\b|Invalid API key\b)/;

/**
 * Why the latest turn cannot count as finished work, or undefined when it can: an API error, a
 * quota or rate-limit banner, an empty final message, or background work still running.
 */
export function unfinishedTurn(turn: TurnEnd | undefined): string | undefined {
  if (!turn) return undefined;
  if (turn.ended === 'failure') return `api-error(${turn.error ?? 'unknown'})`;
  if (turn.background > 0) return `background-tasks(${turn.background})`;
  if (turn.message.trim() === '') return 'empty-final-message';
  if (FAILED_FINAL_MESSAGE.test(turn.message.trim())) return 'failure-message';
  return undefined;
}

const WRITING_TOOLS = new Set(['Write', 'Edit', 'MultiEdit', 'NotebookEdit']);

/** What a permission request is about, in one line: the command, the path, the URL. */
export function toolDetail(input: Record<string, unknown>): string {
  for (const key of ['command', 'file_path', 'notebook_path', 'path', 'url', 'pattern']) {
    const value = input[key];
    if (typeof value === 'string') return value;
  }
  return JSON.stringify(input);
}

/** One line naming a permission request, as notifications and `approve` show it: `Bash: npm test`. */
export const permissionLine = (ask: Pick<PermissionAsk, 'tool' | 'detail'>) =>
  `${ask.tool}: ${ask.detail}`.replace(/\s+/g, ' ').trim();

const sameCall = (a: { tool_name: string; tool_input: unknown }, b: { tool_name: string; tool_input: unknown }) =>
  a.tool_name === b.tool_name && JSON.stringify(a.tool_input) === JSON.stringify(b.tool_input);

export function deriveActivity(entries: readonly LogEntry[]): AgentActivity {
  let kind: AgentActivityKind = 'starting';
  let sessionId: string | undefined;
  let transcriptPath: string | undefined;
  let pending:
    { pid: number; event: Extract<HookEvent, { hook_event_name: 'PermissionRequest' }>; held: boolean } | undefined;
  let turnError: string | undefined;
  let endReason: string | undefined;
  let agentPid: number | undefined;
  let lastTurn: TurnEnd | undefined;
  const prompts: string[] = [];
  const written = new Set<string>();
  const commands: string[] = [];
  for (const entry of entries) {
    if ('answer' in entry) {
      if (pending?.pid === entry.pid) {
        if (entry.answer === 'expired') pending = { ...pending, held: false };
        else pending = undefined;
      }
      continue;
    }
    const event = entry.event;
    sessionId = event.session_id;
    transcriptPath = event.transcript_path ?? transcriptPath;
    if (kind === 'ended') continue;
    switch (event.hook_event_name) {
      case 'SessionStart':
        if (kind === 'starting') kind = 'idle';
        if (entry.agent) agentPid = entry.agent;
        break;
      case 'UserPromptSubmit':
        kind = 'running';
        pending = undefined;
        turnError = undefined;
        lastTurn = undefined;
        prompts.push(event.prompt);
        break;
      case 'PreToolUse':
        if (kind !== 'idle') kind = 'running';
        break;
      case 'PostToolUse':
      case 'PostToolUseFailure': {
        if (pending && sameCall(pending.event, event)) pending = undefined;
        if (event.hook_event_name === 'PostToolUse') {
          const path = event.tool_input['file_path'] ?? event.tool_input['notebook_path'];
          if (WRITING_TOOLS.has(event.tool_name) && typeof path === 'string') written.add(path);
          if (event.tool_name === 'Bash' && typeof event.tool_input['command'] === 'string')
            commands.push(event.tool_input['command']);
        }
        break;
      }
      case 'PermissionRequest':
        pending = { pid: entry.pid, event, held: true };
        break;
      case 'Notification':
        if (event.notification_type === 'idle_prompt' && !pending) kind = 'idle';
        break;
      case 'Stop':
        kind = 'idle';
        pending = undefined;
        lastTurn = {
          ended: 'stop',
          message: event.last_assistant_message ?? '',
          background: event.background_tasks?.length ?? 0,
        };
        break;
      case 'StopFailure':
        kind = 'idle';
        pending = undefined;
        turnError = event.error ?? 'unknown';
        lastTurn = { ended: 'failure', message: event.last_assistant_message ?? '', error: turnError, background: 0 };
        break;
      // /clear and resume end one conversation and start another in the same agent.
      case 'SessionEnd':
        if (event.reason === 'clear' || event.reason === 'resume') break;
        kind = 'ended';
        pending = undefined;
        endReason = event.reason ?? 'other';
        break;
    }
  }
  const permission: PermissionAsk | undefined = pending && {
    requestId: String(pending.pid),
    tool: pending.event.tool_name,
    detail: toolDetail(pending.event.tool_input),
    held: pending.held,
  };
  return {
    kind: permission ? 'needs-permission' : kind,
    sessionId,
    transcriptPath,
    permission,
    prompts: [...prompts],
    written: [...written],
    commands,
    ...(turnError ? { turnError } : {}),
    ...(lastTurn ? { lastTurn } : {}),
    ...(endReason ? { endReason } : {}),
    ...(agentPid ? { agentPid } : {}),
  };
}
