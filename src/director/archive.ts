/**
 * Session generations. Drafting a closed slug again starts a new generation; the closed one's
 * files (record, transcript, events, questions, redirects, logs) move to
 * tmp/sessions/archive/<slug>-<close time>/ first, so nothing of it is overwritten and its ledger
 * row still finds its own transcript.
 */
import { existsSync, mkdirSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { Slug } from '../core/slug';
import { SESSIONS_DIR, sessionFiles } from './paths';
import type { SessionRecord } from './record';

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
