/**
 * verify: the disk against the baseline, never the session's report. Changed files must parse,
 * stay in the task's scope and avoid hot paths; "done" with no change is NO-SHIP.
 */
import { realpathSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { activityOf, awaitActivity } from './agentEvents';
import { unfinishedTurn } from '../claude/events';
import { parseSlug, type Slug } from '../core/slug';
import { decideVerdict, type ChangedFile, type ParseFailure, type Verdict } from '../core/verdict';
import { changesSince } from './sessionChanges';
import { operationInProgress } from '../git/repo';
import type { DirectorContext } from './context';
import { DirectorError } from './context';
import { requireRecord } from './record';
import { runProjectCheck, type ProjectCheck } from './projectCheck';
import { checkSyntax, type CheckedFile, type NotCheckedFile } from './syntaxCheck';

const TURN_END_GRACE_MS = 5000;

export interface VerifyResult {
  readonly slug: Slug;
  readonly verdict: Verdict;
  readonly reasons: string[];
  readonly files: ChangedFile[];
  readonly added: number;
  readonly deleted: number;
  readonly parseFailures: ParseFailure[];
  /** Errors from a parser that misreads valid code (tree-sitter on C/C++): reasons `possible-parse-error:<path>`. */
  readonly parseWarnings: ParseFailure[];
  /** The parser that checked each changed file (syntaxCheck), and the files none could: reasons `skipped:not-checked:<path>`. */
  readonly checked: CheckedFile[];
  readonly notChecked: NotCheckedFile[];
  readonly scope: string[];
  /** Files the session's own tool calls wrote (workspace-relative), when its hook events tell. */
  readonly written?: string[];
  /** The project's own check, when one ran (director.verifyCommand or --verify-command). */
  readonly check?: ProjectCheck;
}

/** A tool's absolute path as verify names files: relative to the workspace, symlinks resolved. */
function workspaceRelative(root: string, path: string): string {
  let real = path;
  try {
    real = realpathSync(path);
  } catch {
    /* deleted since: keep the path as written */
  }
  return relative(root, real).split(sep).join('/');
}

/**
 * `verifyCommand` runs this command as the project's check for this verify (the CLI's explicit
 * flag, which is the user's consent); otherwise director.verifyCommand, when set, runs.
 */
export interface VerifyOptions {
  verifyCommand?: string;
  signal?: AbortSignal;
}

export async function verify(
  ctx: DirectorContext,
  slugInput: string,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const slug = parseSlug(slugInput);
  const record = requireRecord(ctx.root, slug);
  if (!record.baseline)
    throw new DirectorError(`${slug.full} has no baseline yet: spawn it first.`, {
      operation: 'spawn',
      slug: slug.full,
    });
  const changes = await changesSince(ctx.root, record.baseline);
  const present = changes.files.filter((f) => f.status !== 'deleted').map((f) => f.path);
  const syntax = await checkSyntax(changes.root, present);
  // The scope declared at draft, kept in the record: text in the task (or a goal quoting a
  // scope section) cannot widen it.
  const scope = record.scope;
  let activity = record.hooks ? activityOf(ctx, slug) : undefined;
  // The done signal is the session's last tool call; its turn ends a moment later (Stop, or
  // StopFailure on an API error). Give it that moment, so the verdict sees how the turn ended.
  if (activity?.kind === 'running' && record.phase === 'done') {
    activity =
      (await awaitActivity(ctx, slug, (a) => a?.kind !== 'running', TURN_END_GRACE_MS)) ?? activityOf(ctx, slug);
  }
  const stillWorking = activity?.kind === 'running' && record.phase === 'done' ? 'still-working-after-done' : undefined;
  const written = activity ? new Set(activity.written.map((p) => workspaceRelative(ctx.root, p))) : undefined;
  const unattributed = written ? changes.files.filter((f) => !written.has(f.path)).map((f) => f.path) : undefined;
  // Conflict markers of an unfinished merge are not the session's work.
  const gitOperation = await operationInProgress(ctx.root);
  const command = (options.verifyCommand ?? ctx.config.verifyCommand).trim();
  let check: ProjectCheck | undefined;
  if (command) {
    ctx.progress?.(`running ${command}`);
    check = await runProjectCheck(ctx.root, ctx.root, slug, command, ctx.config.verifyTimeoutSeconds, options.signal);
  }
  const { verdict, reasons } = decideVerdict({
    changes: changes.files,
    parseFailures: syntax.failures,
    parseWarnings: syntax.warnings,
    scope,
    hotPaths: ctx.config.hotPaths,
    skipped: syntax.skipped,
    ...(unattributed ? { unattributed } : {}),
    ...(check ? { projectCheck: check.outcome } : {}),
    ...(gitOperation ? { gitOperation } : {}),
    ...(activity && (stillWorking ?? unfinishedTurn(activity.lastTurn))
      ? { agentError: stillWorking ?? unfinishedTurn(activity.lastTurn) }
      : {}),
  });
  return {
    slug,
    verdict,
    reasons,
    files: changes.files,
    scope,
    parseFailures: syntax.failures,
    parseWarnings: syntax.warnings,
    checked: syntax.checked,
    notChecked: syntax.notChecked,
    ...(written ? { written: [...written] } : {}),
    ...(check ? { check } : {}),
    added: changes.files.reduce((n, f) => n + f.added, 0),
    deleted: changes.files.reduce((n, f) => n + f.deleted, 0),
  };
}
