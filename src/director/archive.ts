/**
 * Session generations. Drafting a closed slug again starts a new generation; the closed one's
 * files (record, transcript, events, questions, redirects, logs) move to
 * tmp/sessions/archive/<slug>-<close time>/ first, so nothing of it is overwritten and its ledger
 * row still finds its own transcript.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { sessionOfFile, type Slug } from '../core/slug';
import { RECORD_SUFFIX, SESSIONS_DIR, sessionFiles } from './paths';
import { recordSchema, type SessionRecord } from './record';

/** This session's own dashed files; `impl-x-task-task.txt` belongs to session x-task, not x. */
const OWN_SUFFIX = /^(?:task\.txt|question\.txt|question-\d+\.txt|redirect-\d+\.txt|verify\.log)$/;

export const ARCHIVE_DIR = `${SESSIONS_DIR}/archive`;

/** The archive folder of a generation, named by the timestamp of its ledger line. */
export const generationDir = (bare: string, ledgerTimestamp: string) =>
  `${ARCHIVE_DIR}/${bare}-${ledgerTimestamp.replace(/[^0-9A-Za-z+-]/g, '')}`;

/** Moves a closed generation's files out of the way; returns the archive folder (relative). */
export function archiveGeneration(root: string, slug: Slug, record: SessionRecord): string | undefined {
  if (record.phase !== 'closed') return undefined;
  const stamp = record.closing?.line.split(' | ')[0] ?? record.closedAt ?? record.updatedAt;
  const dir = generationDir(slug.bare, stamp);
  mkdirSync(join(root, dir), { recursive: true });
  const files = sessionFiles(slug);
  const own = new Set([files.transcript.split('/').pop()!]);
  const prefix = `${slug.full}.`;
  const dashed = `${slug.full}-`;
  for (const name of readdirSync(join(root, SESSIONS_DIR))) {
    // This session's files only: `impl-x.json`, `impl-x.events.jsonl`, `impl-x-question-1.txt`…, never `impl-x-y…`'s.
    const mine =
      own.has(name) ||
      name.startsWith(prefix) ||
      (name.startsWith(dashed) && OWN_SUFFIX.test(name.slice(dashed.length)));
    if (mine && existsSync(join(root, SESSIONS_DIR, name)))
      renameSync(join(root, SESSIONS_DIR, name), join(root, dir, name));
  }
  return dir;
}

/**
 * The records of every archived generation. Unreadable ones are skipped: callers use them to keep
 * things (a branch a record vouches for), and a record that cannot be read vouches for nothing.
 */
export function archivedRecords(root: string): SessionRecord[] {
  const records: SessionRecord[] = [];
  let dirs: string[];
  try {
    dirs = readdirSync(join(root, ARCHIVE_DIR));
  } catch {
    return records;
  }
  for (const dir of dirs) {
    let names: string[];
    try {
      names = readdirSync(join(root, ARCHIVE_DIR, dir));
    } catch {
      continue;
    }
    for (const name of names) {
      if (!sessionOfFile(name, RECORD_SUFFIX)) continue;
      try {
        const parsed = recordSchema.safeParse(JSON.parse(readFileSync(join(root, ARCHIVE_DIR, dir, name), 'utf8')));
        if (parsed.success) records.push(parsed.data);
      } catch {
        /* not a record */
      }
    }
  }
  return records;
}
