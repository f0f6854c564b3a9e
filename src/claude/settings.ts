/**
 * The per-session settings passed with `--settings`: permission rules that let the session run
 * its own signal commands without a dialog, and the hooks that feed the session's event log.
 */
import { shellJoin } from '../core/shell';

export const HOOK_EVENTS = [
  'SessionStart',
  'UserPromptSubmit',
  'PreToolUse',
  'PostToolUse',
  'PostToolUseFailure',
  'PermissionRequest',
  'Notification',
  'Stop',
  'StopFailure',
  'SessionEnd',
] as const;
export type HookEventName = (typeof HOOK_EVENTS)[number];

/** Events that only record: run in the background so they never slow the agent down. */
const ASYNC_EVENTS: ReadonlySet<HookEventName> = new Set([
  'PreToolUse',
  'PostToolUse',
  'PostToolUseFailure',
  'Notification',
]);

export interface SessionSettingsInput {
  /** Absolute path of the hook program (see hookProgram.ts). */
  readonly hookProgram: string;
  /** Absolute path of the session's event log. */
  readonly eventLog: string;
  /** This spawn's id (hex), which every line the hooks log carries (the log's header names it). */
  readonly generation: string;
  /** Absolute path prefix of permission answer files (the hook appends its pid). */
  readonly answerPrefix: string;
  /** How long a permission request waits for the director before Claude Code's dialog decides. */
  readonly holdSeconds: number;
  /** The session's signal commands, with the token cut: `tmux -L s wait-for -S impl-x-`. */
  readonly signalPrefix: string;
  /** The current done and question signal commands (allowed outright). */
  readonly signalCommands: readonly string[];
  /** Absolute paths (globs) of files the session must never write: denied to every edit tool. */
  readonly controlFiles?: readonly string[];
  /** Folders outside the session's own that it reads and writes without a dialog (its task and question files). */
  readonly additionalDirectories?: readonly string[];
  /**
   * A read-only session (a reviewer, launched in `dontAsk` mode, where only allowed tools run):
   * it may read and search, and write exactly these absolute paths.
   */
  readonly readOnly?: { readonly writable: readonly string[] };
}

export function sessionSettings(input: SessionSettingsInput): Record<string, unknown> {
  if (!/^[0-9a-f]{1,32}$/.test(input.generation)) throw new Error(`bad hook generation: ${input.generation}`);
  const hooks: Record<string, unknown> = {};
  for (const event of HOOK_EVENTS) {
    const permission = event === 'PermissionRequest';
    const argv = [
      'sh',
      input.hookProgram,
      event,
      input.eventLog,
      ...(permission ? [input.answerPrefix, String(input.holdSeconds), input.signalPrefix] : []),
    ];
    hooks[event] = [
      {
        matcher: '*',
        hooks: [
          {
            type: 'command',
            command: `DIRECTOR_GENERATION=${input.generation} ${shellJoin(argv)}`,
            // The hold ends well before Claude Code gives up on the hook.
            ...(permission ? { timeout: input.holdSeconds + 30 } : {}),
            ...(ASYNC_EVENTS.has(event) ? { async: true } : {}),
          },
        ],
      },
    ];
  }
  // `//` starts an absolute path in Claude Code's permission rules; deny wins over acceptEdits.
  const deny = (input.controlFiles ?? []).flatMap((path) =>
    ['Edit', 'Write', 'MultiEdit', 'NotebookEdit'].map((tool) => `${tool}(/${path})`),
  );
  const reading = input.readOnly
    ? ['Read', 'Grep', 'Glob', ...input.readOnly.writable.flatMap((path) => [`Write(/${path})`, `Edit(/${path})`])]
    : [];
  return {
    permissions: {
      allow: [...input.signalCommands.map((c) => `Bash(${c})`), ...reading],
      ...(deny.length > 0 ? { deny } : {}),
      ...(input.additionalDirectories?.length ? { additionalDirectories: [...input.additionalDirectories] } : {}),
    },
    hooks,
  };
}
