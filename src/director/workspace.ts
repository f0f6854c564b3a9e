/**
 * Which folder is the workspace when the CLI runs somewhere inside it: the nearest folder above
 * (or at) the current one that holds tmp/sessions/, else one with a .vscode/ folder, else the git
 * repository's top, else the folder itself. Like git finding .git, so `status` from src/ sees the
 * sessions and `draft` never starts a second tmp/sessions/ there.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SESSIONS_DIR } from './paths';

function nearest(start: string, marker: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, marker))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

export function findWorkspace(cwd: string): string {
  const gitTop = nearest(cwd, '.git');
  // Never look above the repository: a tmp/sessions/ there belongs to another project.
  const within = (dir: string | undefined) =>
    dir !== undefined && (gitTop === undefined || dir.startsWith(gitTop)) ? dir : undefined;
  return within(nearest(cwd, SESSIONS_DIR)) ?? within(nearest(cwd, '.vscode')) ?? gitTop ?? cwd;
}
