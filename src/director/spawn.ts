/**
 * spawn: a pane, a git baseline, and Claude Code started with the session's name, an explicit
 * model, acceptEdits, the session's hooks (`--settings`) and the pointer to the task file as its
 * first prompt. SPAWNED only once the UserPromptSubmit event carrying the pointer arrived: proof
 * of delivery, with nothing typed into the agent. Otherwise NOT-DELIVERED with the reason.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ListedAgent } from '../claude/agentsList';
import { startEventLog } from '../claude/eventLog';
import { launchLine } from '../claude/launch';
import { classifyScreen } from '../core/screen';
import { placeInWorktree, retargetSignals } from '../core/taskTemplate';
import { nextPhase } from '../core/sessionState';
import { parseSlug, type Slug } from '../core/slug';
import { takeBaseline } from './sessionChanges';
import { activityOf, awaitActivity, promptCarries } from './agentEvents';
import type { DirectorContext } from './context';
import { DirectorError } from './context';
import { deliveredWithoutHooks, HOOKLESS_AFTER_MS } from './hookless';
import { isShell } from './panes';
import { agentPath, sessionFiles, sessionFolder } from './paths';
import { openWorktree } from './isolation';
import { doneChannel, questionChannel, requireRecord, writeRecord } from './record';
import { writeSessionSettings, type ReviewerLaunch } from './sessionSettings';
import { SCREEN_LINES } from './screenWatch';

export type SpawnResult =
  | {
      readonly kind: 'SPAWNED';
      readonly slug: Slug;
      readonly paneId: string;
      readonly paneRef: string;
      readonly waitToken: string;
    }
  | {
      readonly kind: 'NOT-DELIVERED';
      readonly slug: Slug;
      readonly paneId: string;
      readonly paneRef: string;
      readonly reason: string;
    };

const AGENT_START_FAILED =
  /command not found|No such file or directory|Permission denied|not recognized as|error: unknown option/i;
/** How often spawn looks at the pane for what hooks cannot report (trust dialog, a failed start). */
const LOOK_MS = 400;

export function pointerLine(taskFile: string): string {
  return `Read ${taskFile} and follow it exactly; it ends with the command to run when you are done.`;
}

export interface SpawnOptions {
  model?: string;
  agent?: string;
  isolation?: 'shared' | 'worktree';
  signal?: AbortSignal;
  reviewer?: ReviewerLaunch;
}

export async function spawn(ctx: DirectorContext, slugInput: string, options: SpawnOptions = {}): Promise<SpawnResult> {
  const slug = parseSlug(slugInput);
  let record = requireRecord(ctx.root, slug);
  if (record.phase !== 'drafted') {
    throw new DirectorError(
      `${slug.full} is ${record.phase}, not drafted: draft it again (after closing it) to spawn a new session.`,
    );
  }
  const model = (options.model ?? ctx.config.implementerModel).trim();
  if (!model)
    throw new DirectorError('No implementer model: set director.implementerModel.', {
      operation: 'open-settings',
      setting: 'director.implementerModel',
    });
  const agent = (options.agent ?? ctx.config.agentCommand).trim();
  if (!agent)
    throw new DirectorError('No agent command: set director.agentCommand.', {
      operation: 'open-settings',
      setting: 'director.agentCommand',
    });

  const isolation = options.isolation ?? record.isolation ?? ctx.config.isolation;
  if (isolation === 'worktree') {
    ctx.progress?.('creating the worktree');
    record = await openWorktree(ctx, slug, record);
  }
  const folder = sessionFolder(ctx.root, record);

  // The task file was drafted with some backend's signal commands; make them this backend's.
  const files = sessionFiles(slug);
  const taskPath = join(ctx.root, files.task);
  const task = readFileSync(taskPath, 'utf8');
  let retargeted = retargetSignals(
    task,
    ctx.mux.signalCommand(questionChannel(record)),
    ctx.mux.signalCommand(doneChannel(record)),
  );
  if (record.worktree)
    retargeted = placeInWorktree(retargeted, {
      questionFile: agentPath(ctx.root, record, files.question),
      folder,
      branch: record.worktree.branch,
    });
  if (retargeted !== task) writeFileSync(taskPath, retargeted);

  const generation = startEventLog(join(ctx.root, files.events));
  const settingsFile = writeSessionSettings(ctx, slug, record, generation, options.reviewer);
  const pointer = pointerLine(agentPath(ctx.root, record, files.task));
  const command = launchLine({
    agent,
    name: slug.full,
    model,
    settingsFile,
    prompt: pointer,
    ...(options.reviewer ? { permissionMode: 'dontAsk' } : {}),
  });

  const baseline = await takeBaseline(folder, ctx.now());
  ctx.progress?.('creating pane');
  const split =
    ctx.config.splitDirection === 'auto' ? (ctx.mux.kind === 'cmux' ? 'right' : 'window') : ctx.config.splitDirection;
  const pane = await ctx.mux.createPane({
    cwd: folder,
    title: slug.full,
    tag: slug.full,
    direction: split === 'window' ? undefined : split,
  });
  record = writeRecord(
    ctx.root,
    {
      ...record,
      phase: nextPhase(record.phase, 'spawned'),
      paneId: pane.id,
      paneRef: pane.ref,
      paneTag: pane.tag,
      model,
      agentCommand: command,
      baseline,
      backend: ctx.mux.kind,
      spawnedAt: ctx.now().toISOString(),
      hooks: true,
      agentLauncher: agent,
    },
    ctx.now(),
  );

  const notDelivered = (reason: string): SpawnResult => {
    writeRecord(
      ctx.root,
      { ...record, phase: nextPhase(record.phase, 'not-delivered'), notDeliveredReason: reason },
      ctx.now(),
    );
    return { kind: 'NOT-DELIVERED', slug, paneId: pane.id, paneRef: pane.ref, reason };
  };

  ctx.progress?.(`starting ${agent}`);
  await ctx.mux.sendText(pane.id, command);
  await ctx.mux.sendKey(pane.id, 'Enter');

  // Hooks report delivery; the pane is looked at only for what hooks cannot say: Claude Code
  // holds every hook back until the folder is trusted, and a shell that cannot start the agent
  // never runs one.
  const looking = new AbortController();
  const onAbort = () => looking.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  let screenReason: string | undefined;
  let hookless: ListedAgent | undefined;
  const lookStarted = Date.now();
  let listedAt = 0;
  const look = (async () => {
    let sawAgent = false;
    while (!looking.signal.aborted) {
      await new Promise((r) => setTimeout(r, LOOK_MS));
      if (looking.signal.aborted) return;
      const text = await ctx.mux.readScreen(pane.id, SCREEN_LINES).catch(() => undefined);
      if (text === undefined) {
        screenReason = 'pane-gone';
        break;
      }
      const current = (await ctx.mux.listPanes().catch(() => [])).find((p) => p.id === pane.id)?.command;
      if (current !== undefined && !isShell(current)) sawAgent = true;
      const after = text.slice(text.lastIndexOf(command.slice(0, 40)));
      if (classifyScreen(text, ctx.patterns).kind === 'trust') {
        screenReason = 'trust-dialog';
        break;
      }
      if (AGENT_START_FAILED.test(after.split('\n').slice(1).join('\n')) && isShell(current)) {
        screenReason = 'agent-command-failed';
        break;
      }
      if (sawAgent && isShell(current)) {
        screenReason = 'agent-exited';
        break;
      }
      // Hooks silent for a while: Claude Code's own session list may show the task arrived anyway.
      if (Date.now() - lookStarted > HOOKLESS_AFTER_MS && Date.now() - listedAt > HOOKLESS_AFTER_MS / 2) {
        listedAt = Date.now();
        hookless = await deliveredWithoutHooks(ctx, slug, agent, folder);
        if (hookless) break;
      }
    }
    looking.abort();
  })();
  ctx.progress?.('waiting for the task to be delivered');
  const activity = await awaitActivity(
    ctx,
    slug,
    (a) => a !== undefined && a.prompts.some((p) => promptCarries(p, pointer)),
    ctx.config.readyTimeoutSeconds * 1000,
    looking.signal,
  );
  looking.abort();
  options.signal?.removeEventListener('abort', onAbort);
  await look;
  if (!activity && hookless) {
    ctx.progress?.("no hook events: following the session through Claude Code's session list");
    const agentProgram = (await ctx.mux.listPanes()).find((p) => p.id === pane.id)?.command;
    record = writeRecord(
      ctx.root,
      {
        ...record,
        phase: nextPhase(record.phase, 'delivered'),
        hooks: false,
        listedPid: hookless.pid,
        ...(agentProgram ? { agentProgram } : {}),
      },
      ctx.now(),
    );
    return { kind: 'SPAWNED', slug, paneId: pane.id, paneRef: pane.ref, waitToken: record.waitToken };
  }
  if (!activity) {
    if (options.signal?.aborted) return notDelivered('cancelled');
    if (screenReason) return notDelivered(screenReason);
    return notDelivered(awaitedNothing(ctx, slug));
  }
  // What the pane runs while the agent is up ("claude"…): later, a bare shell there means it exited.
  const agentProgram = (await ctx.mux.listPanes()).find((p) => p.id === pane.id)?.command;
  record = writeRecord(
    ctx.root,
    { ...record, phase: nextPhase(record.phase, 'delivered'), ...(agentProgram ? { agentProgram } : {}) },
    ctx.now(),
  );
  return { kind: 'SPAWNED', slug, paneId: pane.id, paneRef: pane.ref, waitToken: record.waitToken };
}

/** Why no delivery event came: the agent never started its hooks, or it never got the prompt. */
function awaitedNothing(ctx: DirectorContext, slug: Slug): string {
  return activityOf(ctx, slug) ? 'prompt-not-submitted' : 'no-hook-events';
}
