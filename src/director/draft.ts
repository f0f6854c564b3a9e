/** draft: writes the task file and the session record; makes sure tmp/sessions/ is git-ignored. */
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { renderTaskFile } from '../core/taskTemplate';
import { archiveGeneration } from './archive';
import { parseSlug, type Slug } from '../core/slug';
import { gitAt, repoRoot } from '../git/repo';
import type { DirectorContext } from './context';
import { DirectorError } from './context';
import { SESSIONS_DIR, sessionFiles } from './paths';
import { doneChannel, newWaitToken, questionChannel, readRecord, writeRecord, type SessionRecord } from './record';

export interface DraftResult {
  readonly slug: Slug;
  readonly taskFile: string;
  /** True when this call added tmp/sessions/ to .gitignore. */
  readonly gitignoreUpdated: boolean;
}

/** Adds `tmp/sessions/` to .gitignore unless git already ignores it. */
export async function ensureIgnored(root: string): Promise<boolean> {
  const probe = `${SESSIONS_DIR}/probe.txt`;
  // check-ignore prints the path when it is ignored and nothing when it is not.
  const ignored = await gitAt(root)
    .raw(['check-ignore', probe])
    .catch(() => '');
  if (ignored.trim() !== '') return false;
  const file = join(root, '.gitignore');
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
  appendFileSync(
    file,
    `${current === '' || current.endsWith('\n') ? '' : '\n'}# cmux Director handoff files\n${SESSIONS_DIR}/\n`,
  );
  return true;
}

export interface DraftInput {
  goal: string;
  scope: readonly string[];
}

export async function draft(ctx: DirectorContext, slugInput: string, input: DraftInput): Promise<DraftResult> {
  const slug = parseSlug(slugInput);
  const existing = readRecord(ctx.root, slug);
  if (existing && existing.phase !== 'drafted' && existing.phase !== 'closed') {
    throw new DirectorError(`${slug.full} is already ${existing.phase}: close it first, or pick another slug.`, {
      operation: 'close-abandon',
      slug: slug.full,
    });
  }
  const scope = input.scope.map((g) => g.trim()).filter((g) => g !== '');
  const bad = scope.find((g) => /[\r\n]/.test(g));
  if (bad !== undefined) throw new DirectorError('A scope glob must be one line.');
  // Refused up front: spawn would refuse anyway (verify needs a git baseline).
  await repoRoot(ctx.root);
  // A new generation of a closed session: its files are kept, not overwritten.
  if (existing?.phase === 'closed') archiveGeneration(ctx.root, slug, existing);
  const files = sessionFiles(slug);
  const now = ctx.now().toISOString();
  const record: SessionRecord = {
    slug: slug.full,
    goal: input.goal.trim(),
    scope,
    phase: 'drafted',
    backend: ctx.mux.kind,
    waitToken: newWaitToken(slug),
    redirects: 0,
    questions: 0,
    createdAt: now,
    updatedAt: now,
  };
  const text = renderTaskFile({
    fullSlug: slug.full,
    goal: input.goal,
    scope,
    questionFile: files.question,
    questionSignalCommand: ctx.mux.signalCommand(questionChannel(record)),
    doneSignalCommand: ctx.mux.signalCommand(doneChannel(record)),
  });
  const gitignoreUpdated = await ensureIgnored(ctx.root);
  const taskPath = join(ctx.root, files.task);
  mkdirSync(dirname(taskPath), { recursive: true });
  writeFileSync(taskPath, text);
  writeRecord(ctx.root, record, ctx.now());
  return { slug, taskFile: files.task, gitignoreUpdated };
}
