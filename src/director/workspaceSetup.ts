/**
 * Setting up a folder for the director: a git repository (the baseline needs one), tmp/sessions/
 * and its .gitignore entry. The fronts ask first and then call this.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { gitAt, repoRoot } from '../git/repo';
import { ensureIgnored } from './draft';
import { SESSIONS_DIR } from './paths';

export async function isGitWorkspace(root: string): Promise<boolean> {
  return repoRoot(root).then(
    () => true,
    () => false,
  );
}

export async function setUpWorkspace(
  root: string,
  options: { gitInit: boolean },
): Promise<{ gitInitialised: boolean; gitignoreUpdated: boolean }> {
  let gitInitialised = false;
  if (!(await isGitWorkspace(root))) {
    if (!options.gitInit) throw new Error(`${root} is not a git repository: run "git init" there.`);
    await gitAt(root).init();
    gitInitialised = true;
  }
  mkdirSync(join(root, SESSIONS_DIR), { recursive: true });
  return { gitInitialised, gitignoreUpdated: await ensureIgnored(root) };
}
