/**
 * Steps shared by the worktree-isolation tests with the real Claude Code: start an isolated
 * session and wait for its done signal, read what verify and status say about it.
 */
import assert from 'node:assert/strict';
import { execaSync } from 'execa';
import { hookEvents, type ScriptedModel, type TmuxWorld } from './helpers';

export const git = (repo: string, ...args: string[]) => String(execaSync('git', args, { cwd: repo }).stdout).trim();

/** Drafts, spawns in its own worktree and waits for the done signal. */
export async function startIsolated(
  w: TmuxWorld,
  model: ScriptedModel,
  repo: string,
  slug: string,
  goal: string,
): Promise<void> {
  const drafted = await w.cli(repo, 'draft', slug, '--goal', goal, '--scope', 'src/**', '--isolation', 'worktree');
  assert.equal(drafted.exitCode, 0, drafted.stderr);
  // Claude Code's HOME trusts the repository only: its worktrees need no trust of their own.
  const spawned = await w.cli(repo, 'spawn', slug, '--agent', model.agent(repo));
  assert.equal(spawned.exitCode, 0, `${spawned.stdout} ${spawned.stderr} events: ${hookEvents(repo, slug).join(',')}`);
  const waited = await w.cli(repo, 'wait', slug, '--timeout', '90');
  assert.equal(waited.stdout, `DONE slug=impl-${slug}`, waited.stderr);
}

export interface Verified {
  readonly result: string;
  readonly files: Array<{ path: string }>;
  readonly written?: string[];
}

export async function verifyJson(w: TmuxWorld, repo: string, slug: string): Promise<Verified> {
  return JSON.parse((await w.cli(repo, 'verify', slug, '--json')).stdout) as Verified;
}

export interface StatusSession {
  readonly slug: string;
  readonly worktree?: { branch: string; shipRefused?: { kind: string; files: string[]; at?: string } };
}

/** `status --json`'s open sessions, and its stderr (where refused SHIPs are noted). */
export async function openSessions(w: TmuxWorld, repo: string): Promise<{ sessions: StatusSession[]; stderr: string }> {
  const out = await w.cli(repo, 'status', '--json');
  return { sessions: (JSON.parse(out.stdout) as { sessions: StatusSession[] }).sessions, stderr: out.stderr };
}
