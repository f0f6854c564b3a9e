/**
 * The text diff of a session's change against its baseline, as a reviewer reads it: one unified
 * diff per changed file (`git diff --no-index` between the baseline content and the disk), so
 * files already dirty at spawn show only the session's own edits.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ChangedFile } from '../core/verdict';
import type { Baseline } from './baseline';
import { baselineContent } from './changes';

function gitDiffNoIndex(cwd: string, a: string, b: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      ['diff', '--no-index', '--no-color', '--', a, b],
      { cwd, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout) => {
        // Exit code 1 means "they differ", which is the point.
        if (error && error.code !== 1) reject(error);
        else resolve(stdout);
      },
    );
  });
}

export async function diffSince(cwd: string, baseline: Baseline, files: readonly ChangedFile[]): Promise<string> {
  const work = mkdtempSync(join(tmpdir(), 'director-diff-'));
  try {
    const parts: string[] = [];
    for (const file of files) {
      const a = `a/${file.path}`;
      const b = `b/${file.path}`;
      const put = (name: string, text: string | Buffer) => {
        mkdirSync(dirname(join(work, name)), { recursive: true });
        writeFileSync(join(work, name), text);
      };
      if (file.status !== 'added') put(a, await baselineContent(cwd, baseline, file.path));
      if (file.status !== 'deleted') {
        let now: Buffer = Buffer.alloc(0);
        try {
          now = readFileSync(join(cwd, file.path));
        } catch {
          /* gone since: diff against empty */
        }
        put(b, now);
      }
      parts.push(
        await gitDiffNoIndex(
          work,
          file.status === 'added' ? '/dev/null' : a,
          file.status === 'deleted' ? '/dev/null' : b,
        ),
      );
    }
    return parts.join('');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
