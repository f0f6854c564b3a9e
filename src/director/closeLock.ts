/**
 * One close per session at a time: a lock file holding the closing process's pid. A second close
 * is told the session is being closed; a lock left by a process that died is taken over.
 */
import { openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { processAlive } from '../claude/eventLog';
import type { Slug } from '../core/slug';
import { DirectorError } from './context';
import { SESSIONS_DIR } from './paths';

export function acquireCloseLock(root: string, slug: Slug): { release(): void } {
  const file = join(root, SESSIONS_DIR, `${slug.full}.close.lock`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return { release: () => rmSync(file, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(file, 'utf8').trim());
      if (holder > 0 && holder !== process.pid && processAlive(holder)) {
        throw new DirectorError(`${slug.full} is being closed by another call (process ${holder}): wait for it, then look at the session's status.`, { operation: 'status', slug: slug.full });
      }
      rmSync(file, { force: true }); // left by a close that died: take it over
    }
  }
  throw new DirectorError(`${slug.full} is being closed by another call: try again.`);
}
