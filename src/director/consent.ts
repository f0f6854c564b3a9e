/**
 * Consent for settings that run programs. A repository's .vscode/settings.json can name the tmux
 * or cmux binary and the agent command; VS Code applies those only in trusted workspaces. The CLI
 * applies them only after the user's explicit consent: `--trust-workspace` (remembered per folder
 * in the user's own config) or CMUX_DIRECTOR_TRUST_WORKSPACE=1.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';

/** Settings whose value is a program the director runs. */
export const EXECUTABLE_SETTINGS = ['tmuxPath', 'cmuxPath', 'agentCommand', 'verifyCommand'] as const;

export const TRUST_ENV = 'CMUX_DIRECTOR_TRUST_WORKSPACE';

export function trustFile(env: NodeJS.ProcessEnv = process.env): string {
  const base = env['XDG_CONFIG_HOME'] || join(homedir(), '.config');
  return join(base, 'cmux-director', 'trusted-workspaces.json');
}

const trustSchema = z.object({ workspaces: z.array(z.string()) });

function readTrusted(file: string): string[] {
  try {
    return trustSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).workspaces;
  } catch {
    return [];
  }
}

export function isTrusted(root: string, env: NodeJS.ProcessEnv = process.env): boolean {
  return env[TRUST_ENV] === '1' || readTrusted(trustFile(env)).includes(root);
}

/** Remembers the user's consent for this workspace. */
export function rememberTrust(root: string, env: NodeJS.ProcessEnv = process.env): void {
  const file = trustFile(env);
  const workspaces = readTrusted(file);
  if (workspaces.includes(root)) return;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ workspaces: [...workspaces, root] }, null, 2) + '\n');
}

/** Splits workspace settings into what applies and the executable keys held back for consent. */
export function withoutExecutables(settings: Record<string, unknown>): {
  kept: Record<string, unknown>;
  held: string[];
} {
  const kept = { ...settings };
  const held: string[] = [];
  for (const key of EXECUTABLE_SETTINGS)
    if (key in kept) {
      delete kept[key];
      held.push(key);
    }
  return { kept, held };
}
