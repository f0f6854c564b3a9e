/**
 * Bench rows for worktree isolation: the verify of one session while 1, 5 or 20 sessions are
 * alive, each having changed three files (one of them the same file for all). In worktrees the
 * verdict and its time must not depend on the other sessions; in one shared tree verify counts
 * every session's files (the row that shows why isolation exists).
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSlug } from '../src/core/slug';
import { Director } from '../src/director/director';
import { writeRecord, type SessionRecord } from '../src/director/record';
import { benchRecord, benchRepo } from './fixtures';
import { WORKTREES_DIR, worktreeBranch } from '../src/director/paths';
import { takeBaseline } from '../src/git/baseline';
import { createWorktree } from '../src/git/worktree';
import type { Multiplexer } from '../src/mux/types';

type Row = (what: string, n: string, value: string) => void;
type Stats = (samples: number[]) => { median: number; p95: number };

const FILES = 2000;

const repo = () => benchRepo(FILES, 100, { '.gitignore': 'tmp/sessions/\n' });
const record = (slug: string, extra: Partial<SessionRecord>) => benchRecord(slug, { phase: 'done', ...extra });

/** Session i's work: the shared file and two of its own. */
function edit(folder: string, i: number): void {
  appendFileSync(join(folder, 'src/m0/f0.ts'), `export const s${i} = ${i};\n`);
  appendFileSync(join(folder, `src/m${(i + 1) % 100}/f${i + 1}.ts`), `export const a${i} = ${i};\n`);
  writeFileSync(join(folder, `src/new-${i}.ts`), `export const n${i} = ${i};\n`);
}

async function timeVerify(director: Director, slug: string, stats: Stats) {
  const samples: number[] = [];
  let files = 0;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    files = (await director.verify(slug)).files.length;
    samples.push(performance.now() - t);
  }
  return { ...stats(samples), files };
}

export async function isolationRows(mux: Multiplexer, row: Row, stats: Stats): Promise<void> {
  for (const n of [1, 5, 20]) {
    const root = repo();
    const director = await Director.open({ cwd: root, mux, ignoreWorkspaceSettings: true });
    for (let i = 0; i < n; i++) {
      const slug = parseSlug(`iso-${i}`);
      const path = join(root, WORKTREES_DIR, slug.full);
      const info = await createWorktree(root, path, worktreeBranch(slug));
      const baseline = await takeBaseline(path);
      writeRecord(root, record(slug.full, { baseline, isolation: 'worktree', worktree: { ...info, folder: path } }));
      edit(path, i);
    }
    const s = await timeVerify(director, 'iso-0', stats);
    row(
      `verify one worktree session (${FILES}-file repo)`,
      `${n} sessions alive`,
      `median ${s.median.toFixed(0)} ms, p95 ${s.p95.toFixed(0)} ms (files=${s.files})`,
    );
  }
  // The same 20 sessions in one shared tree, for contrast: each verify sees everyone's files.
  const root = repo();
  const director = await Director.open({ cwd: root, mux, ignoreWorkspaceSettings: true });
  const baseline = await takeBaseline(root);
  for (let i = 0; i < 20; i++) {
    writeRecord(root, record(`shared-${i}`, { baseline }));
    edit(root, i);
  }
  const s = await timeVerify(director, 'shared-0', stats);
  row(
    `verify one shared session (${FILES}-file repo)`,
    '20 sessions alive',
    `median ${s.median.toFixed(0)} ms, p95 ${s.p95.toFixed(0)} ms (files=${s.files}: everyone's)`,
  );
}
