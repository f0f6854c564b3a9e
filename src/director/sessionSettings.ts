/**
 * The per-session Claude Code settings spawn writes: the hook program (replaced atomically), the
 * hooks and the permission rules of one session, and the director's files it must never edit.
 */
import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { HOOK_PROGRAM } from '../claude/hookProgram';
import { sessionSettings } from '../claude/settings';
import { SESSION_PREFIX, type Slug } from '../core/slug';
import type { DirectorContext } from './context';
import { HOOK_PROGRAM_FILE, SESSIONS_DIR, sessionFiles } from './paths';
import { doneChannel, questionChannel, type SessionRecord } from './record';

/** The signal command with the token cut off: every generation of this session's signals starts so. */
export function signalPrefix(ctx: DirectorContext, slug: Slug): string {
  const marker = '00000000-done';
  const sample = ctx.mux.signalCommand(`${slug.full}-${marker}`);
  return sample.slice(0, sample.lastIndexOf(marker));
}

/**
 * The director's own files a session must never edit (its hook program, answers, event logs,
 * records, settings, the ledger): Claude Code's acceptEdits would otherwise let it rewrite them
 * without a dialog. Its task and question files stay writable.
 */
function controlFiles(root: string, reviewer: boolean): string[] {
  const dir = join(root, SESSIONS_DIR);
  // Review findings and diffs are the director's evidence: no implementer may write its own
  // review. A reviewer (dontAsk mode) can write only its own findings file anyway.
  const reviews = reviewer ? [] : ['impl-*-review.md', 'impl-*-review.diff'];
  return [
    ...reviews,
    'director-hook.sh',
    '*.answer-*',
    '*.events.jsonl',
    '*.events.jsonl.lock',
    `${SESSION_PREFIX}*.json`,
    '*.settings.json',
    '_ledger.md',
    '*.close.lock',
    'archive/**',
  ].map((p) => `${dir}/${p}`);
}

/** Writes the hook program and the session's settings file; returns the settings path. */
export function writeSessionSettings(
  ctx: DirectorContext,
  slug: Slug,
  record: Pick<SessionRecord, 'waitToken' | 'worktree'>,
  generation: string,
  reviewer?: ReviewerLaunch,
): string {
  const files = sessionFiles(slug);
  const program = join(ctx.root, HOOK_PROGRAM_FILE);
  mkdirSync(dirname(program), { recursive: true });
  // Replaced atomically (a hook starting meanwhile runs the old or the new program, never a
  // half-written one), and rewritten at each spawn, so an edited copy never survives a spawn.
  const temp = `${program}.${process.pid}.tmp`;
  writeFileSync(temp, HOOK_PROGRAM);
  chmodSync(temp, 0o755);
  renameSync(temp, program);
  const settings = sessionSettings({
    hookProgram: program,
    eventLog: join(ctx.root, files.events),
    generation,
    answerPrefix: join(ctx.root, files.answerPrefix),
    holdSeconds: ctx.config.permissionHoldSeconds,
    signalPrefix: signalPrefix(ctx, slug),
    controlFiles: controlFiles(ctx.root, reviewer !== undefined),
    // A worktree session reads its task and writes its question in the workspace's tmp/sessions/.
    ...(record.worktree ? { additionalDirectories: [join(ctx.root, SESSIONS_DIR)] } : {}),
    ...(reviewer ? { readOnly: { writable: [join(ctx.root, reviewer.findingsFile)] } } : {}),
    signalCommands: [ctx.mux.signalCommand(doneChannel(record)), ctx.mux.signalCommand(questionChannel(record))],
  });
  const path = join(ctx.root, files.settings);
  writeFileSync(path, JSON.stringify(settings, null, 2) + '\n');
  return path;
}

/** A reviewer session: launched in `dontAsk` mode, it can write its findings file and nothing else. */
export interface ReviewerLaunch {
  /** Workspace-relative. */
  readonly findingsFile: string;
}
