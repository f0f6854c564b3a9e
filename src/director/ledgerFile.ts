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
import { formatLedgerLine, parseLedger, type LedgerEntry, type ParsedLedgerLine } from '../core/ledger';
import { LEDGER_FILE } from './paths';

const LOCK_WAIT_MS = 5000;
const STALE_LOCK_MS = 10000;

/**
 * A short exclusive section between director processes: checking the file's last byte and
 * appending must not interleave with another close (or two writers could both add a newline).
 */
function withLock<T>(lock: string, work: () => T): T {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx'));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      try {
        if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) rmSync(lock, { force: true });
      } catch {
        /* released meanwhile */
      }
      if (Date.now() > deadline)
        throw new Error(`The ledger is locked (${lock}); if no close is running, delete that file.`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
  try {
    return work();
  } finally {
    rmSync(lock, { force: true });
  }
}

export function appendLedger(root: string, entry: LedgerEntry): string {
  const line = formatLedgerLine(entry);
  const file = join(root, LEDGER_FILE);
  mkdirSync(dirname(file), { recursive: true });
  return withLock(`${file}.lock`, () => appendLine(file, line));
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
