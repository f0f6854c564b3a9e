/**
 * Where a director keeps its files, relative to the workspace root. Handoff files live in
 * tmp/sessions/ (never under .claude/): implementers read them, the ledger collects verdicts.
 */
import { join } from 'node:path';
import type { Slug } from '../core/slug';

export const SESSIONS_DIR = 'tmp/sessions';
export const LEDGER_FILE = `${SESSIONS_DIR}/_ledger.md`;

export const sessionFiles = (slug: Slug) => ({
  task: `${SESSIONS_DIR}/${slug.full}-task.txt`,
  question: `${SESSIONS_DIR}/${slug.full}-question.txt`,
  transcript: `${SESSIONS_DIR}/${slug.bare}.txt`,
  record: `${SESSIONS_DIR}/${slug.full}.json`,
  redirect: (n: number) => `${SESSIONS_DIR}/${slug.full}-redirect-${n}.txt`,
  answeredQuestion: (n: number) => `${SESSIONS_DIR}/${slug.full}-question-${n}.txt`,
});

export const abs = (root: string, relative: string) => join(root, relative);
