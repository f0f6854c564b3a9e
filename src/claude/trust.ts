/**
 * Claude Code's folder trust (`projects.<real path>.hasTrustDialogAccepted` in .claude.json)
 * for a session's worktree. Claude Code asks per folder and a trusted parent does not count, so
 * a fresh worktree would stop at the trust dialog. The worktree holds the same repository the
 * user already trusted: that trust is carried over. Trust the user never gave is never created.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** `env A=1 B=2 prog …` or `A=1 prog …`: the variables an agent command sets for itself. */
export function commandEnv(agentCommand: string): Record<string, string> {
  const out: Record<string, string> = {};
  const words = agentCommand.trim().match(/(?:[^\s'"]+|'[^']*'|"[^"]*")+/g) ?? [];
  let i = words[0] === 'env' ? 1 : 0;
  for (; i < words.length; i++) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(words[i]!);
    if (!m) break;
    out[m[1]!] = m[2]!.replace(/^'(.*)'$/, '$1').replace(/^"(.*)"$/, '$1');
  }
  return out;
}

/** The .claude.json the agent command will read: its own CLAUDE_CONFIG_DIR or HOME first, then ours. */
export function claudeConfigFile(agentCommand: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const own = commandEnv(agentCommand);
  const dir = own['CLAUDE_CONFIG_DIR'] ?? (own['HOME'] ? undefined : env['CLAUDE_CONFIG_DIR']);
  if (dir) return join(dir, '.claude.json');
  const home = own['HOME'] ?? env['HOME'];
  return home ? join(home, '.claude.json') : undefined;
}

type Projects = Record<string, Record<string, unknown>>;

const real = (path: string) => {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
};

export type TrustOutcome = 'carried' | 'already' | 'repo-not-trusted' | 'no-config';

/**
 * Marks `folder` trusted when `trustedRepo` is. The file is read again right before an atomic
 * write (temp file + rename) and every other key is kept: Claude Code writes the same file.
 */
export function carryTrust(configFile: string | undefined, trustedRepo: string, folder: string): TrustOutcome {
  if (!configFile) return 'no-config';
  let data: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(readFileSync(configFile, 'utf8'));
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return 'no-config';
    data = parsed as Record<string, unknown>;
  } catch {
    return 'no-config';
  }
  const projects = (data['projects'] && typeof data['projects'] === 'object' ? data['projects'] : {}) as Projects;
  if (projects[real(trustedRepo)]?.['hasTrustDialogAccepted'] !== true) return 'repo-not-trusted';
  const key = real(folder);
  if (projects[key]?.['hasTrustDialogAccepted'] === true) return 'already';
  const updated = { ...data, projects: { ...projects, [key]: { ...projects[key], hasTrustDialogAccepted: true } } };
  const temp = `${configFile}.director-${randomBytes(4).toString('hex')}.tmp`;
  try {
    // Same permissions as before (the file holds account state).
    writeFileSync(temp, JSON.stringify(updated, null, 2), { mode: statSync(configFile).mode & 0o777 });
    renameSync(temp, configFile);
  } catch {
    rmSync(temp, { force: true });
    return 'no-config';
  }
  return 'carried';
}
