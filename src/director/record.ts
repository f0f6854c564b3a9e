/**
 * Session records: tmp/sessions/impl-<slug>.json holds everything the director knows about one
 * session, so separate CLI calls, the VS Code front and a restarted VS Code see the same state.
 * Writes are atomic (temp file + rename).
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { BACKEND_KINDS } from '../core/backend';
import { PHASES } from '../core/sessionState';
import { OUTCOMES } from '../core/ledger';
import { parseSlug, sessionOfFile, type Slug } from '../core/slug';
import { RECORD_SUFFIX, SESSIONS_DIR, sessionFiles } from './paths';
import type { Remedy } from './context';

export const recordSchema = z.object({
  slug: z.string(),
  goal: z.string(),
  scope: z.array(z.string()),
  phase: z.enum(PHASES),
  backend: z.enum(BACKEND_KINDS),
  /** Current wait generation: signals are `<waitToken>-done` and `<waitToken>-question`. */
  waitToken: z.string(),
  redirects: z.number().int().nonnegative().default(0),
  /** Wait tokens retired by redirects (their channels are released; kept to clean up at close). */
  retiredTokens: z.array(z.string()).optional(),
  questions: z.number().int().nonnegative().default(0),
  paneId: z.string().optional(),
  paneRef: z.string().optional(),
  /** Set when the backend tagged the pane (tmux): the pane is ours only while the tag matches. */
  paneTag: z.string().optional(),
  /** The pane's foreground program once the agent was ready (tmux); a shell here means a wrapper script. */
  agentProgram: z.string().optional(),
  model: z.string().optional(),
  agentCommand: z.string().optional(),
  baseline: z
    .object({ head: z.string().nullable(), dirty: z.record(z.string(), z.string().nullable()), takenAt: z.string() })
    .optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  spawnedAt: z.string().optional(),
  lastSignal: z
    .object({ kind: z.enum(['done', 'question', 'timeout', 'gone']), at: z.string(), token: z.string() })
    .optional(),
  closedAt: z.string().optional(),
  outcome: z.enum(OUTCOMES).optional(),
  notDeliveredReason: z.string().optional(),
  /** Launched with the director's hooks: state comes from the event log, not the screen. */
  hooks: z.boolean().optional(),
  /** The agent command without the session's flags: what `agents --json` runs when hooks do not. */
  agentLauncher: z.string().optional(),
  /** The agent's process id in Claude Code's session list, for sessions followed through it. */
  listedPid: z.number().optional(),
  /** Set by close just before it appends the ledger line, so a retried close never appends twice. */
  closing: z.object({ line: z.string(), outcome: z.enum(OUTCOMES) }).optional(),
  /** Token usage read from the transcript at close. */
  usage: z
    .object({
      input: z.number(),
      output: z.number(),
      cacheRead: z.number(),
      cacheWrite: z.number(),
      costUsd: z.number(),
    })
    .optional(),
});

export type SessionRecord = z.infer<typeof recordSchema>;

export class RecordError extends Error {
  override name = 'RecordError';
  constructor(
    message: string,
    readonly remedy?: Remedy,
  ) {
    super(message);
  }
}

export function newWaitToken(slug: Slug): string {
  return `${slug.full}-${randomBytes(4).toString('hex')}`;
}

export const doneChannel = (record: Pick<SessionRecord, 'waitToken'>) => `${record.waitToken}-done`;
export const questionChannel = (record: Pick<SessionRecord, 'waitToken'>) => `${record.waitToken}-question`;

/** Every signal channel the session ever had: its current token and those redirects retired. */
export const sessionChannels = (record: Pick<SessionRecord, 'waitToken' | 'retiredTokens'>) =>
  [...(record.retiredTokens ?? []), record.waitToken].flatMap((waitToken) => [
    doneChannel({ waitToken }),
    questionChannel({ waitToken }),
  ]);

export function readRecord(root: string, slug: Slug): SessionRecord | undefined {
  const file = join(root, sessionFiles(slug).record);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new RecordError(`${file} is not valid JSON: fix or delete it.`);
  }
  const parsed = recordSchema.safeParse(data);
  if (!parsed.success)
    throw new RecordError(`${file} is not a session record (${parsed.error.issues[0]?.message}): fix or delete it.`);
  return parsed.data;
}

export function requireRecord(root: string, slug: Slug): SessionRecord {
  const record = readRecord(root, slug);
  if (!record)
    throw new RecordError(`No session ${slug.full} here: draft it first.`, { operation: 'draft', slug: slug.full });
  return record;
}

export function writeRecord(root: string, record: SessionRecord, now: Date = new Date()): SessionRecord {
  const updated = { ...record, updatedAt: now.toISOString() };
  const file = join(root, sessionFiles(parseSlug(record.slug)).record);
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(3).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, JSON.stringify(updated, null, 2) + '\n');
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true }); // a failed write (disk full) leaves no stray temp record
    throw error;
  }
  return updated;
}

/** Every session record in the workspace; unreadable ones are reported, not hidden. */
export function listRecords(root: string): { records: SessionRecord[]; problems: string[] } {
  const dir = join(root, SESSIONS_DIR);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return { records: [], problems: [] };
  }
  const records: SessionRecord[] = [];
  const problems: string[] = [];
  for (const name of names.sort()) {
    const slug = sessionOfFile(name, RECORD_SUFFIX);
    if (!slug) continue;
    try {
      const record = readRecord(root, slug);
      if (record) records.push(record);
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }
  return { records, problems };
}
