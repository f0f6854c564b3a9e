/**
 * The ledger file. Each append is one write(2) of one whole line to a file opened with
 * O_APPEND, so concurrent closes never interleave; existing lines are never rewritten.
 */
import { closeSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { formatLedgerLine, parseLedger, type LedgerEntry, type ParsedLedgerLine } from '../core/ledger';
import { LEDGER_FILE } from './paths';

export function appendLedger(root: string, entry: LedgerEntry): string {
  const line = formatLedgerLine(entry);
  const file = join(root, LEDGER_FILE);
  mkdirSync(dirname(file), { recursive: true });
  const fd = openSync(file, 'a');
  try {
    // A hand-edited ledger may lack its final newline; never glue our line onto it.
    const size = fstatSync(fd).size;
    let prefix = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      const reader = openSync(file, 'r');
      try { readSync(reader, last, 0, 1, size - 1); } finally { closeSync(reader); }
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
