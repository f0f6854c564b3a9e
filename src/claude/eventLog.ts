/**
 * Reading and watching a session's event log. Watching is event-driven (fs.watch on the log's
 * folder, which works before the log exists); a cheap size check every second covers file
 * systems where fs.watch misses appends (network mounts). No screen is read.
 */
import { readFileSync, statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { deriveActivity, parseEventLog, type AgentActivity } from './events';

/** The activity the log describes, or undefined when there is no log (a session without hooks). */
export function readActivity(file: string): AgentActivity | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  return deriveActivity(parseEventLog(text));
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
