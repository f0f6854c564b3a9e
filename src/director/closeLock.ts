/**
 * One close per session at a time: a lock file holding the closing process's pid. A second close
 * is told the session is being closed; a lock left by a process that died is taken over.
 */
import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { processAlive } from '../claude/eventLog';
import type { Slug } from '../core/slug';
import { DirectorError } from './context';
import { SESSIONS_DIR } from './paths';

/** Sessions being closed by this process (the extension host and the MCP server close concurrently). */
const closingHere = new Set<string>();

export function acquireCloseLock(root: string, slug: Slug): { release(): void } {
  const file = join(root, SESSIONS_DIR, `${slug.full}.close.lock`);
  const key = `${root}\0${slug.full}`;
  if (closingHere.has(key))
    throw new DirectorError(`${slug.full} is being closed already: wait for it, then look at the session's status.`, {
      operation: 'status',
      slug: slug.full,
    });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      // The pid goes in before the lock has its name, so no one ever reads an empty lock.
      const temp = `${file}.${process.pid}.tmp`;
      writeFileSync(temp, String(process.pid));
      try {
        linkSync(temp, file);
      } finally {
        rmSync(temp, { force: true });
      }
      closingHere.add(key);
      return {
        release: () => {
          closingHere.delete(key);
          rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let holder = 0;
      try {
        holder = Number(readFileSync(file, 'utf8').trim());
      } catch {
        continue;
      } // released meanwhile: try again
      if (holder > 0 && processAlive(holder)) {
        throw new DirectorError(
          `${slug.full} is being closed by another call (process ${holder}): wait for it, then look at the session's status.`,
          { operation: 'status', slug: slug.full },
        );
      }
      rmSync(file, { force: true }); // left by a close that died: take it over
    }
  }
  throw new DirectorError(`${slug.full} is being closed by another call: try again.`);
}
