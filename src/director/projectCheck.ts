/**
 * The project's own check (`director.verifyCommand`, e.g. `npm test -- --silent`): run by verify
 * in the session's folder with a timeout, its output saved to tmp/sessions/impl-<slug>-verify.log.
 * It runs a program the workspace names, so it needs the same consent as the other executable
 * settings (workspace trust in VS Code; on the CLI the user's consent or an explicit flag).
 */
import { execa } from 'execa';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Slug } from '../core/slug';
import { SESSIONS_DIR } from './paths';

export interface ProjectCheck {
  readonly command: string;
  readonly outcome: 'passed' | 'failed' | 'timed-out';
  readonly exitCode?: number;
  readonly ms: number;
  /** Workspace-relative path of the full log. */
  readonly log: string;
  /** The log's last lines, for the verdict's message. */
  readonly tail: string[];
}

export const verifyLogOf = (slug: Slug) => `${SESSIONS_DIR}/${slug.full}-verify.log`;

export async function runProjectCheck(
  root: string,
  cwd: string,
  slug: Slug,
  command: string,
  timeoutSeconds: number,
  signal?: AbortSignal,
): Promise<ProjectCheck> {
  const started = performance.now();
  // Its own process group, so a timeout or cancel ends everything it started (test runners,
  // watchers), not only the shell.
  const child = execa(command, {
    shell: true,
    cwd,
    reject: false,
    all: true,
    stdin: 'ignore',
    detached: true,
    env: { CI: '1', CMUX_DIRECTOR_VERIFY: '1' },
  });
  let timedOut = false;
  const killGroup = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  };
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup();
  }, timeoutSeconds * 1000);
  signal?.addEventListener('abort', killGroup, { once: true });
  const result = await child;
  clearTimeout(timer);
  signal?.removeEventListener('abort', killGroup);
  const ms = Math.round(performance.now() - started);
  const output = String(result.all ?? '');
  const outcome = timedOut ? 'timed-out' : result.exitCode === 0 ? 'passed' : 'failed';
  const log = verifyLogOf(slug);
  mkdirSync(dirname(join(root, log)), { recursive: true });
  writeFileSync(
    join(root, log),
    [
      `$ ${command}`,
      `# in ${cwd}`,
      output.trimEnd(),
      `# ${outcome}${result.exitCode !== undefined ? ` (exit ${result.exitCode})` : ''} after ${ms} ms`,
      '',
    ].join('\n'),
  );
  const tail = output
    .trimEnd()
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(-8);
  return { command, outcome, ...(result.exitCode !== undefined ? { exitCode: result.exitCode } : {}), ms, log, tail };
}
