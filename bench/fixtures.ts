/** What the bench rows share: a committed git repository of generated files and a session record. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execaSync } from 'execa';
import { parseSlug } from '../src/core/slug';
import { newWaitToken, type SessionRecord } from '../src/director/record';

/** A repository with `files` one-line modules spread over `folders` folders, all committed. */
export function benchRepo(files: number, folders: number, extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'bench-repo-'));
  const git = (...args: string[]) => execaSync('git', args, { cwd: dir });
  git('init', '-q');
  git('config', 'user.email', 'bench@example.invalid');
  git('config', 'user.name', 'bench');
  for (const [name, text] of Object.entries(extra)) writeFileSync(join(dir, name), text);
  for (let i = 0; i < files; i++) {
    const path = join(dir, `src/m${i % folders}/f${i}.ts`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `export const v${i} = ${i};\n`);
  }
  git('add', '-A');
  git('commit', '-qm', 'bench');
  return dir;
}

/** A session record as the director writes it, with `extra` on top. */
export function benchRecord(slug: string, extra: Partial<SessionRecord> = {}): SessionRecord {
  const s = parseSlug(slug);
  const now = new Date().toISOString();
  return {
    slug: s.full,
    goal: 'bench',
    scope: [],
    phase: 'running',
    backend: 'tmux',
    waitToken: newWaitToken(s),
    redirects: 0,
    questions: 0,
    createdAt: now,
    updatedAt: now,
    ...extra,
  };
}
