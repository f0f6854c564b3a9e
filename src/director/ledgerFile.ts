/**
 * The ledger file. Each append is one write(2) of one whole line to a file opened with
 * O_APPEND, so concurrent closes never interleave; existing lines are never rewritten.
 */
import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { formatLedgerLine, parseLedger, type LedgerEntry, type ParsedLedgerLine } from '../core/ledger';
import { LEDGER_FILE } from './paths';

/** How long a close waits for the ledger lock, when a lock counts as abandoned, how often to look. */
export interface LockTiming {
  readonly waitMs: number;
  readonly staleMs: number;
  readonly retryMs: number;
}

const LOCK_TIMING: LockTiming = { waitMs: 5000, staleMs: 10000, retryMs: 5 };

/** Takes the lock if free (or abandoned by a crashed holder); false while another holds it. */
function tryLock(lock: string, staleMs: number): boolean {
  try {
    closeSync(openSync(lock, 'wx'));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    try {
      if (Date.now() - statSync(lock).mtimeMs > staleMs) rmSync(lock, { force: true });
    } catch {
      /* released meanwhile */
    }
    return false;
  }
}

/**
 * A short exclusive section between director processes: checking the file's last byte and
 * appending must not interleave with another close (or two writers could both add a newline).
 * Waiting is asynchronous: the extension host keeps running while another close holds the lock.
 */
async function withLock<T>(lock: string, work: () => T, timing: LockTiming): Promise<T> {
  const deadline = Date.now() + timing.waitMs;
  while (!tryLock(lock, timing.staleMs)) {
    if (Date.now() > deadline)
      throw new Error(`The ledger is locked (${lock}); if no close is running, delete that file.`);
    // Jitter, so writers released together do not retry in lockstep.
    await sleep(timing.retryMs * (1 + Math.random()));
  }
  try {
    return work();
  } finally {
    rmSync(lock, { force: true });
  }
}

/** Appends one entry as one whole line; returns the line. Refuses an invalid entry before any I/O. */
export async function appendLedger(
  root: string,
  entry: LedgerEntry,
  timing: LockTiming = LOCK_TIMING,
): Promise<string> {
  const line = formatLedgerLine(entry);
  const file = join(root, LEDGER_FILE);
  mkdirSync(dirname(file), { recursive: true });
  return withLock(`${file}.lock`, () => appendLine(file, line), timing);
}

function appendLine(file: string, line: string): string {
  const fd = openSync(file, 'a');
  try {
    // A hand-edited ledger may lack its final newline; never glue our line onto it.
    const size = fstatSync(fd).size;
    let prefix = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      const reader = openSync(file, 'r');
      try {
        readSync(reader, last, 0, 1, size - 1);
      } finally {
        closeSync(reader);
      }
      if (last[0] !== 10) prefix = '\n';
    }
    writeSync(fd, `${prefix}${line}\n`);
  } finally {
    closeSync(fd);
  }
  return line;
}

export function readLedger(root: string): ParsedLedgerLine[] {
  try {
    return parseLedger(readFileSync(join(root, LEDGER_FILE), 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** The ledger's raw lines (for checking whether a line was already appended). */
export function readLedgerLines(root: string): string[] {
  try {
    return readFileSync(join(root, LEDGER_FILE), 'utf8').split('\n');
  } catch {
    return [];
  }
}
