/**
 * spawn: a pane, a git baseline, the agent started with an explicit model, `/rename`, and the
 * one-line pointer to the task file, confirmed as delivered and submitted (or NOT-DELIVERED).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { shellQuote } from '../core/shell';
import { retargetSignals } from '../core/taskTemplate';
import { nextPhase } from '../core/sessionState';
import { parseSlug, type Slug } from '../core/slug';
import { takeBaseline } from '../git/baseline';
import type { DirectorContext } from './context';
import { DirectorError } from './context';
import { sessionFiles } from './paths';
import { doneChannel, questionChannel, requireRecord, writeRecord } from './record';
import { submitLine, watchScreen } from './screenWatch';

export type SpawnResult =
  | { readonly kind: 'SPAWNED'; readonly slug: Slug; readonly paneId: string; readonly paneRef: string; readonly waitToken: string }
  | { readonly kind: 'NOT-DELIVERED'; readonly slug: Slug; readonly paneId: string; readonly paneRef: string; readonly reason: string };

/** The agent command with the model always explicit. */
export function agentCommandLine(agent: string, model: string): string {
  if (/(^|\s)--model(\s|=)/.test(agent)) return agent;
  return `${agent} --model ${shellQuote(model)}`;
}

const AGENT_START_FAILED = /command not found|No such file or directory|Permission denied|not recognized as/;

export function pointerLine(taskFile: string): string {
  return `Read ${taskFile} and follow it exactly; it ends with the command to run when you are done.`;
}

export async function spawn(
  ctx: DirectorContext, slugInput: string, options: { model?: string; agent?: string; signal?: AbortSignal } = {},
): Promise<SpawnResult> {
  const slug = parseSlug(slugInput);
  let record = requireRecord(ctx.root, slug);
  if (record.phase !== 'drafted') {
    throw new DirectorError(`${slug.full} is ${record.phase}, not drafted: draft it again (after closing it) to spawn a new session.`);
  }
  const model = (options.model ?? ctx.config.implementerModel).trim();
  if (!model) throw new DirectorError('No implementer model: pass --model <model> or set director.implementerModel.');
  const agent = (options.agent ?? ctx.config.agentCommand).trim();
  if (!agent) throw new DirectorError('No agent command: pass --agent <command> or set director.agentCommand.');

  // The task file was drafted with some backend's signal commands; make them this backend's.
  const taskPath = join(ctx.root, sessionFiles(slug).task);
  const task = readFileSync(taskPath, 'utf8');
  const retargeted = retargetSignals(task, ctx.mux.signalCommand(questionChannel(record)), ctx.mux.signalCommand(doneChannel(record)));
  if (retargeted !== task) writeFileSync(taskPath, retargeted);

  const baseline = await takeBaseline(ctx.root, ctx.now());
  ctx.progress?.('creating pane');
  const split = ctx.config.splitDirection === 'auto' ? (ctx.mux.kind === 'cmux' ? 'right' : 'window') : ctx.config.splitDirection;
  const pane = await ctx.mux.createPane({ cwd: ctx.root, title: slug.full, tag: slug.full, direction: split === 'window' ? undefined : split });
  const command = agentCommandLine(agent, model);
  record = writeRecord(ctx.root, {
    ...record, phase: nextPhase(record.phase, 'spawned'), paneId: pane.id, paneRef: pane.ref, paneTag: pane.tag, model, agentCommand: command,
    baseline, backend: ctx.mux.kind, spawnedAt: ctx.now().toISOString(),
  }, ctx.now());

  const notDelivered = (reason: string): SpawnResult => {
    writeRecord(ctx.root, { ...record, phase: nextPhase(record.phase, 'not-delivered'), notDeliveredReason: reason }, ctx.now());
    return { kind: 'NOT-DELIVERED', slug, paneId: pane.id, paneRef: pane.ref, reason };
  };

  ctx.progress?.(`starting ${command}`);
  await ctx.mux.sendText(pane.id, command);
  await ctx.mux.sendKey(pane.id, 'Enter');
  const readyMs = ctx.config.readyTimeoutSeconds * 1000;
  let startFailed = false;
  const ready = await watchScreen(ctx, pane.id, (s, text) => {
    // The shell said the agent could not start: no point waiting for a prompt that never comes.
    const after = text.slice(text.lastIndexOf(command.slice(0, 40)) + 1);
    startFailed = s.kind === 'unknown' && text.includes(command.slice(0, 40)) && AGENT_START_FAILED.test(after.split('\n').slice(1).join('\n'));
    return startFailed || (s.kind === 'idle' && s.input === '') || s.kind === 'trust';
  }, readyMs, options.signal);
  if (options.signal?.aborted) return notDelivered('cancelled');
  if (startFailed) return notDelivered('agent-command-failed');
  if (!ready) return notDelivered('agent-not-ready');
  // Trusting a folder is the user's decision, never the director's.
  if (ready.kind === 'trust') return notDelivered('trust-dialog');

  // What the pane runs while the agent is up ("claude", "node"…): later, a bare shell there means it exited.
  const agentProgram = (await ctx.mux.listPanes()).find((p) => p.id === pane.id)?.command;
  if (agentProgram) record = writeRecord(ctx.root, { ...record, agentProgram }, ctx.now());

  ctx.progress?.('naming the session');
  const renamed = await submitLine(ctx, pane.id, `/rename ${slug.full}`, options.signal);
  if (!renamed.ok) return notDelivered(`rename-${renamed.reason}`);
  const idleAgain = await watchScreen(ctx, pane.id, (s) => s.kind === 'idle' && s.input === '', readyMs, options.signal);
  if (!idleAgain) return notDelivered('agent-not-ready');

  ctx.progress?.('delivering the task');
  const delivered = await submitLine(ctx, pane.id, pointerLine(sessionFiles(slug).task), options.signal);
  if (!delivered.ok) return notDelivered(delivered.reason);
  record = writeRecord(ctx.root, { ...record, phase: nextPhase(record.phase, 'delivered') }, ctx.now());
  return { kind: 'SPAWNED', slug, paneId: pane.id, paneRef: pane.ref, waitToken: record.waitToken };
}
