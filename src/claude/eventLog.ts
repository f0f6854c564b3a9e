/**
 * Reading and watching a session's event log. Watching is event-driven (fs.watch on the log's
 * folder, which works before the log exists); a cheap size check every second covers file
 * systems where fs.watch misses appends (network mounts). No screen is read.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, statSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { deriveActivity, eventLogHeader, parseEventLog, type AgentActivity } from './events';

/**
 * Starts a session's log afresh for a new agent; returns the generation its hooks must carry
 * (`DIRECTOR_GENERATION`, see settings.ts). The header replaces the old log in one rename, so a
 * closed agent's hook appending meanwhile writes to the old file or, tagged with its own
 * generation, to the new one, where it is skipped.
 */
export function startEventLog(file: string): string {
  const generation = randomBytes(4).toString('hex');
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, eventLogHeader(generation) + '\n');
  renameSync(temp, file);
  return generation;
}

/**
 * The activity the log describes, or undefined when no hook of the log's agent has logged yet
 * (a session without hooks, or an agent still starting).
 */
export function readActivity(file: string): AgentActivity | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const entries = parseEventLog(text);
  return entries.length > 0 ? deriveActivity(entries) : undefined;
}

const size = (file: string) => {
  try {
    return statSync(file).size;
  } catch {
    return -1;
  }
};

/** Calls `onChange` whenever the log grows (or appears). Returns the disposer. */
export function watchEventLog(file: string, onChange: () => void): () => void {
  const name = basename(file);
  let last = size(file);
  const check = () => {
    const now = size(file);
    if (now !== last) {
      last = now;
      onChange();
    }
  };
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dirname(file), (_type, changed) => {
      if (changed === null || changed === name) check();
    });
    watcher.on('error', () => undefined);
  } catch {
    watcher = undefined;
  }
  const timer = setInterval(check, 1000);
  timer.unref?.();
  return () => {
    clearInterval(timer);
    watcher?.close();
  };
}

/** Resolves with the first activity (as `read` derives it) that `accept` takes, or undefined on timeout or abort. */
export function waitForActivity(
  file: string,
  read: () => AgentActivity | undefined,
  accept: (activity: AgentActivity | undefined) => boolean,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<AgentActivity | undefined> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (value: AgentActivity | undefined) => {
      if (settled) return;
      settled = true;
      dispose();
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(value);
    };
    const test = () => {
      const activity = read();
      if (accept(activity)) finish(activity);
    };
    const onAbort = () => finish(undefined);
    const dispose = watchEventLog(file, test);
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    test();
  });
}

/** Is the agent process still there? (Signal 0 checks without touching it; EPERM means it exists.) */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
