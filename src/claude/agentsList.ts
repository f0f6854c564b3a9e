/**
 * `claude agents --json` ("for scripts", checked on 2.1.328): the live Claude Code sessions of
 * this user, interactive ones included. The fallback for sessions whose hooks never run (a
 * managed `disableAllHooks`, an `allowManagedHooksOnly` policy): proof of delivery at spawn, and
 * their state afterwards, without reading the screen. About 0.5 s a call, so callers ask once
 * for all sessions.
 */
import { execFile } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { z } from 'zod';
import type { AgentActivityKind } from '../core/sessionState';

const listedAgentSchema = z.looseObject({
  pid: z.number(),
  cwd: z.string(),
  kind: z.string().optional(),
  sessionId: z.string().optional(),
  name: z.string().optional(),
  /** `busy`, `idle` or `waiting` (then `waitingFor` says on what). */
  status: z.string(),
  waitingFor: z.string().nullish(),
});
export type ListedAgent = z.infer<typeof listedAgentSchema>;

/** Parses the command's output; anything else than a list of sessions is an error with its text. */
export function parseAgentsList(text: string): ListedAgent[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`Claude Code's session list printed no JSON: ${text.trim().slice(0, 200)}`);
  }
  const parsed = z.array(z.unknown()).safeParse(json);
  if (!parsed.success) throw new Error("Claude Code's session list printed no list");
  // One odd entry (another tool's session, a newer field shape) must not hide the others.
  return parsed.data.flatMap((entry) => {
    const one = listedAgentSchema.safeParse(entry);
    return one.success ? [one.data] : [];
  });
}

/** What a listed session is doing, in the terms the event log uses. */
export function listedActivity(agent: Pick<ListedAgent, 'status' | 'waitingFor'>): AgentActivityKind {
  if (agent.status === 'busy') return 'running';
  if (agent.status === 'waiting') return /permission/i.test(agent.waitingFor ?? '') ? 'needs-permission' : 'idle';
  return 'idle';
}

const real = (path: string) => {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
};

/**
 * The listed session with this process id (a user's /rename keeps it), else the one with this
 * name working in this folder (names can repeat across folders).
 */
export function findListed(
  agents: readonly ListedAgent[],
  name: string,
  folder: string,
  pid?: number,
): ListedAgent | undefined {
  if (pid !== undefined) return agents.find((a) => a.pid === pid);
  const where = real(folder);
  return agents.find((a) => a.name === name && real(a.cwd) === where);
}

/**
 * Runs `<agent command> agents --json` through the shell, as the pane would start the agent (the
 * user's agentCommand may carry an `env …` prefix or a wrapper). Rejects on a failed or slow run.
 */
export function listAgents(agentCommand: string, cwd: string, timeoutMs = 5000): Promise<ListedAgent[]> {
  return new Promise((resolve, reject) => {
    execFile(
      '/bin/sh',
      ['-c', `${agentCommand} agents --json`],
      { cwd, timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`Claude Code's session list failed: ${(stderr || error.message).trim()}`));
        try {
          resolve(parseAgentsList(stdout));
        } catch (e) {
          reject(e as Error);
        }
      },
    );
  });
}
