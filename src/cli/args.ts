/**
 * Command-line parsing for cmux-director. Global flags are accepted before or after the
 * operation; each operation accepts only its own flags, and anything else is a usage error.
 */
import { parseArgs } from 'node:util';
import { BACKEND_SETTINGS, isBackendSetting } from '../core/backend';
import { isOutcome, OUTCOMES } from '../core/ledger';

export const OPERATIONS = [
  'draft',
  'spawn',
  'wait',
  'verify',
  'redirect',
  'approve',
  'status',
  'close',
  'init',
  'mcp',
] as const;
export type Operation = (typeof OPERATIONS)[number];

export const USAGE = `Usage: cmux-director <operation> [args] [--cwd <dir>] [--trust-workspace] [--backend ${BACKEND_SETTINGS.join('|')}] [--tmux-socket <name>] [--json]
  draft <slug> --goal <text> [--scope <glob>]...
  spawn <slug> [--model <model>] [--agent <command>]
  wait <slug> [--timeout <seconds>]
  verify <slug> [--verify-command <command>]
  redirect <slug> (--message <text> | --file <path>)
  approve <slug> (--yes | --no)
  status
  close <slug> --outcome <${OUTCOMES.join('|')}> --summary <text> [--accept-review <why>]
  init [--dry-run]     set up this repository for an orchestrating Claude Code session
  mcp                  serve the operations as an MCP server over stdio`;

const OPTIONS = {
  cwd: { type: 'string' },
  'trust-workspace': { type: 'boolean' },
  backend: { type: 'string' },
  'tmux-socket': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  goal: { type: 'string' },
  scope: { type: 'string', multiple: true },
  model: { type: 'string' },
  agent: { type: 'string' },
  timeout: { type: 'string' },
  message: { type: 'string' },
  file: { type: 'string' },
  yes: { type: 'boolean' },
  no: { type: 'boolean' },
  outcome: { type: 'string' },
  summary: { type: 'string' },
  'accept-review': { type: 'string' },
  'verify-command': { type: 'string' },
  'dry-run': { type: 'boolean' },
} as const;

const GLOBAL = ['cwd', 'trust-workspace', 'backend', 'tmux-socket', 'json', 'help'];
const ALLOWED: Record<Operation, string[]> = {
  draft: ['goal', 'scope'],
  spawn: ['model', 'agent'],
  wait: ['timeout'],
  verify: ['verify-command'],
  redirect: ['message', 'file'],
  approve: ['yes', 'no'],
  status: [],
  close: ['outcome', 'summary', 'accept-review'],
  init: ['dry-run'],
  mcp: [],
};

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface ParsedCommand {
  readonly op: Operation | 'help';
  readonly slug?: string;
  readonly values: {
    cwd?: string;
    'trust-workspace'?: boolean;
    backend?: string;
    'tmux-socket'?: string;
    json?: boolean;
    goal?: string;
    scope?: string[];
    model?: string;
    agent?: string;
    timeout?: string;
    message?: string;
    file?: string;
    yes?: boolean;
    no?: boolean;
    outcome?: string;
    summary?: string;
    'accept-review'?: string;
    'verify-command'?: string;
    'dry-run'?: boolean;
  };
}

export function parseCommandLine(argv: readonly string[]): ParsedCommand {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional.*$/s, ''));
  }
  const { values, positionals } = parsed;
  if (values.help || positionals[0] === 'help' || positionals.length === 0) return { op: 'help', values };
  const op = positionals[0] as Operation;
  if (!OPERATIONS.includes(op))
    throw new UsageError(`Unknown operation "${positionals[0]}"; expected one of ${OPERATIONS.join(', ')}.`);
  for (const key of Object.keys(values)) {
    if (!GLOBAL.includes(key) && !ALLOWED[op].includes(key)) throw new UsageError(`${op} does not take --${key}.`);
  }
  const wantsSlug = op !== 'status' && op !== 'init' && op !== 'mcp';
  if (wantsSlug && positionals.length !== 2) throw new UsageError(`${op} takes exactly one slug.`);
  if (!wantsSlug && positionals.length !== 1) throw new UsageError(`${op} takes no arguments.`);
  if (values.backend !== undefined && !isBackendSetting(values.backend))
    throw new UsageError(
      `--backend must be ${BACKEND_SETTINGS.slice(0, -1).join(', ')} or ${BACKEND_SETTINGS.at(-1)}.`,
    );
  switch (op) {
    case 'draft':
      if (values.goal === undefined) throw new UsageError('draft needs --goal <text>.');
      break;
    case 'redirect':
      if ((values.message === undefined) === (values.file === undefined))
        throw new UsageError('redirect needs exactly one of --message <text> or --file <path>.');
      break;
    case 'approve':
      if (!values.yes === !values.no) throw new UsageError('approve needs exactly one of --yes or --no.');
      break;
    case 'close':
      if (values.outcome === undefined || values.summary === undefined)
        throw new UsageError(`close needs --outcome <${OUTCOMES.join('|')}> and --summary <text>.`);
      if (!isOutcome(values.outcome))
        throw new UsageError(
          `--outcome must be one of ${OUTCOMES.join(', ')} (got ${JSON.stringify(values.outcome)}).`,
        );
      break;
    case 'wait':
      if (values.timeout !== undefined && !(Number(values.timeout) > 0))
        throw new UsageError('--timeout must be a positive number of seconds.');
      break;
    default:
      break;
  }
  return { op, slug: positionals[1], values };
}
