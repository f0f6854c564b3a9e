/**
 * cmux-director: the director loop as a command-line tool for an orchestrating Claude Code
 * session, a script or a person. Output lines are exact (callers parse them); errors are one
 * line on stderr saying what to do.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  Director,
  errorInfo,
  findWorkspace,
  isTrusted,
  rememberTrust,
  TRUST_ENV,
  trustFile,
  type Remedy,
} from '../director';
import { bareName } from '../core/slug';
import { parseCommandLine, USAGE, UsageError, type ParsedCommand } from './args';
import { EXIT, render, type Rendered } from './output';
import { renderReview } from './reviewOutput';

/** A director remedy as the command line that carries it out. */
function cliRemedy(remedy: Remedy): string | undefined {
  const bare = (remedy.slug && bareName(remedy.slug)) ?? '<slug>';
  switch (remedy.operation) {
    case 'close-abandon':
      return `cmux-director close ${bare} --outcome ABANDON --summary "..."`;
    case 'close-no-ship':
      return `cmux-director close ${bare} --outcome NO-SHIP --summary "..."`;
    case 'accept-review':
      return `cmux-director close ${bare} --outcome SHIP --summary "..." --accept-review "<why it is fine>"`;
    case 'approve':
      return `cmux-director approve ${bare} --yes|--no`;
    case 'wait':
      return `cmux-director wait ${bare}`;
    case 'spawn':
      return `cmux-director spawn ${bare}`;
    case 'draft':
      return `cmux-director draft ${bare} --goal "..."`;
    case 'status':
      return 'cmux-director status';
    case 'open-settings':
      return remedy.setting ? `set ${remedy.setting} in .vscode/settings.json` : undefined;
    default:
      return undefined;
  }
}

/** The director for the workspace the CLI runs in, and the notes about settings held back. */
/** The command-line values that choose the workspace and the multiplexer. */
export interface OpenArgs {
  cwd?: string;
  backend?: string;
  'tmux-socket'?: string;
  'trust-workspace'?: boolean;
}

export async function openDirector(v: OpenArgs): Promise<{ director: Director; notes: string[] }> {
  let start: string;
  try {
    start = realpathSync(resolve(v.cwd ?? process.cwd()));
  } catch {
    throw new UsageError(`The folder ${v.cwd ?? process.cwd()} does not exist.`);
  }
  const cwd = findWorkspace(start);
  const overrides: Record<string, unknown> = { backend: v.backend, tmuxSocket: v['tmux-socket'] };
  if (v['trust-workspace']) {
    // Consent is a person's: a program (an orchestrating agent's Bash, a script) has no terminal.
    if (!process.stdin.isTTY)
      throw new UsageError(
        `--trust-workspace needs you at a terminal: run it yourself, or set ${TRUST_ENV}=1 in your own environment.`,
      );
    rememberTrust(cwd);
  }
  const director = await Director.open({
    cwd,
    overrides,
    progress: undefined,
    trustWorkspaceExecutables: isTrusted(cwd),
  });
  const held = director.heldSettings.map((k) => `director.${k}`);
  const notes =
    held.length > 0
      ? [
          `${held.join(', ')} in .vscode/settings.json ${held.length === 1 ? 'names a program' : 'name programs'} and ${held.length === 1 ? 'was' : 'were'} not applied: this workspace is not trusted. Trust it with --trust-workspace (remembered in ${trustFile()}) or set ${TRUST_ENV}=1.`,
        ]
      : [];
  return { director, notes };
}

/** An error as the CLI says it: the message, then the command that fixes it. */
/** --isolation, already checked by the parser. */
const isolationOf = (v: string | undefined) => (v === 'shared' || v === 'worktree' ? v : undefined);

/** A message with its remedy as the CLI says it: one line, then the command that fixes it. */
function phrase(info: { readonly message: string; readonly remedy?: Remedy }): string {
  const remedy = info.remedy ? cliRemedy(info.remedy) : undefined;
  return `${info.message.replace(/\s*\n\s*/g, ' ')}${remedy ? ` Run: ${remedy}` : ''}`;
}

/** status, with a stopped multiplexer server said once, in the CLI's words. */
export async function statusOutput(director: Director): Promise<Rendered> {
  const result = await director.status();
  return render.status(result, result.multiplexerDown && phrase(result.multiplexerDown));
}

export function describeFailure(error: unknown): { text: string; exitCode: number } {
  const info = errorInfo(error);
  const text = phrase(info);
  if (info.code === 'ship-blocked') return { text, exitCode: EXIT.noShip };
  if (info.code === 'needs-review') return { text, exitCode: EXIT.needsReview };
  return { text, exitCode: error instanceof UsageError || info.code === 'bad-input' ? EXIT.usage : EXIT.error };
}

async function execute(command: ParsedCommand, signal: AbortSignal): Promise<Rendered> {
  if (command.op === 'mcp') {
    const { serveMcp } = await import('./mcp');
    await serveMcp(command.values, signal);
    return { text: '', json: {}, exitCode: EXIT.ok };
  }
  const { director, notes } = await openDirector(command.values);
  const out = await operate(director, command, signal);
  return { ...out, notes: [...notes, ...(out.notes ?? [])] };
}

async function operate(director: Director, command: ParsedCommand, signal: AbortSignal): Promise<Rendered> {
  const v = command.values;
  const slug = command.slug ?? '';
  switch (command.op) {
    case 'draft':
      return render.draft(
        await director.draft(slug, { goal: v.goal ?? '', scope: v.scope ?? [], isolation: isolationOf(v.isolation) }),
      );
    case 'spawn':
      return render.spawn(
        await director.spawn(slug, { model: v.model, agent: v.agent, isolation: isolationOf(v.isolation), signal }),
      );
    case 'wait':
      return render.wait(
        await director.wait(slug, { timeoutSeconds: v.timeout ? Number(v.timeout) : undefined, signal }),
      );
    case 'verify':
      return render.verify(await director.verify(slug, { verifyCommand: v['verify-command'], signal }));
    case 'redirect': {
      const message = v.file !== undefined ? readMessageFile(resolve(v.file)) : (v.message ?? '');
      return render.redirect(await director.redirect(slug, message, { signal }));
    }
    case 'approve':
      return render.approve(await director.approve(slug, v.yes ? 'yes' : 'no'));
    case 'status':
      if (v.topology) {
        const text = await director.topology();
        return { text, json: { topology: text }, exitCode: 0 };
      }
      return statusOutput(director);
    case 'close':
      return render.close(
        await director.close(slug, {
          outcome: v.outcome ?? '',
          summary: v.summary ?? '',
          acceptReview: v['accept-review'],
          signal,
        }),
      );
    case 'review':
      return renderReview(
        await director.review(slug, {
          model: v.model,
          agent: v.agent,
          focus: v.focus,
          wait: Boolean(v.wait),
          timeoutSeconds: v.timeout ? Number(v.timeout) : undefined,
          signal,
        }),
      );
    case 'init': {
      const changes = director.planInit();
      const applied = v['dry-run'] ? { gitignoreUpdated: false } : await director.applyInit(changes);
      return render.init(changes, Boolean(v['dry-run']), applied.gitignoreUpdated);
    }
    case 'help':
    case 'mcp':
      return { text: USAGE, json: { usage: USAGE }, exitCode: EXIT.ok };
  }
}

function readMessageFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`Cannot read the message file ${path}.`);
  }
}

export async function main(argv: readonly string[]): Promise<number> {
  let command: ParsedCommand;
  try {
    command = parseCommandLine(argv);
  } catch (error) {
    process.stderr.write(`cmux-director: ${(error as Error).message} Run "cmux-director --help" for usage.\n`);
    return EXIT.usage;
  }
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const out = await execute(command, controller.signal);
    for (const note of out.notes ?? []) process.stderr.write(`cmux-director: note: ${note}\n`);
    const printed = command.values.json ? JSON.stringify(out.json) : out.text;
    if (printed !== '') process.stdout.write(`${printed}\n`);
    return out.exitCode;
  } catch (error) {
    const failure = describeFailure(error);
    process.stderr.write(`cmux-director: error: ${failure.text}\n`);
    return failure.exitCode;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
