/**
 * Where a director keeps its files, relative to the workspace root. Handoff files live in
 * tmp/sessions/ (never under .claude/): implementers read them, the ledger collects verdicts.
 */
import { HOOK_PROGRAM_NAME } from '../claude/hookProgram';
import type { Slug } from '../core/slug';

export const SESSIONS_DIR = 'tmp/sessions';
export const LEDGER_FILE = `${SESSIONS_DIR}/_ledger.md`;
/** How a session's record and event log are named: `<full slug><suffix>`. */
export const RECORD_SUFFIX = '.json';
export const EVENTS_SUFFIX = '.events.jsonl';

export const sessionFiles = (slug: Slug) => ({
  task: `${SESSIONS_DIR}/${slug.full}-task.txt`,
  question: `${SESSIONS_DIR}/${slug.full}-question.txt`,
  transcript: `${SESSIONS_DIR}/${slug.bare}.txt`,
  record: `${SESSIONS_DIR}/${slug.full}${RECORD_SUFFIX}`,
  /** Claude Code's hook events for this session, one JSON object per line. */
  events: `${SESSIONS_DIR}/${slug.full}${EVENTS_SUFFIX}`,
  /** The `--settings` file the session was launched with (its hooks and signal permissions). */
  settings: `${SESSIONS_DIR}/${slug.full}.settings.json`,
  /** Prefix of permission answer files; the holding hook's pid completes the name. */
  answerPrefix: `${SESSIONS_DIR}/${slug.full}.answer-`,
  redirect: (n: number) => `${SESSIONS_DIR}/${slug.full}-redirect-${n}.txt`,
  answeredQuestion: (n: number) => `${SESSIONS_DIR}/${slug.full}-question-${n}.txt`,
});

/** The hook program every session's settings run (written at spawn). */
export const HOOK_PROGRAM_FILE = `${SESSIONS_DIR}/${HOOK_PROGRAM_NAME}`;
