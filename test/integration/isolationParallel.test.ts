/**
 * Issue 9's "done when": with worktree isolation, five sessions of the real Claude Code editing
 * the same file in parallel each get a correct verdict, and their SHIPs, in order, either come
 * home or stop cleanly on a conflict (nothing applied, the session left open with its work on its
 * branch). Three sessions change the same line; two change other lines of that file.
 */
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { it, makeRepo, read, realClaudeSuite, writeSettings } from './helpers';
import { git, openSessions, startIsolated, verifyJson } from './worktreeSessions';

const { model, world } = realClaudeSuite();

/** Three lines sessions edit, far enough apart that git merges edits of different ones. */
const SHARED = ['top', 'f1', 'f2', 'f3', 'f4', 'middle', 'f5', 'f6', 'f7', 'f8', 'bottom']
  .map((name) => `export const ${name} = 0;\n`)
  .join('');

/** Each session sets one line of src/a.ts to its number and writes its own src/<slug>.ts. */
const SESSIONS = [
  { slug: 'p1', line: 'top' },
  { slug: 'p2', line: 'top' },
  { slug: 'p3', line: 'top' },
  { slug: 'p4', line: 'bottom' },
  { slug: 'p5', line: 'middle' },
].map((s, i) => ({
  ...s,
  own: `src/${s.slug}.ts`,
  goal: `@edit src/a.ts ${s.line} = 0; => ${s.line} = ${i + 1}; @write src/${s.slug}.ts export const ${s.slug} = ${i + 1};`,
}));

describe('five worktree sessions in parallel', () => {
  it('gives each its own verdict and ships them in order: home, or refused with nothing changed', async () => {
    const w = world();
    // tmp/sessions/ is already ignored, so the parallel drafts never edit .gitignore together.
    const repo = makeRepo({ 'src/a.ts': SHARED, 'package.json': '{}\n', '.gitignore': 'tmp/sessions/\n' });
    // Five Claude Code starts at once on a small machine: more time to report the task received.
    writeSettings(repo, { 'director.readyTimeoutSeconds': 120 });

    await Promise.all(SESSIONS.map((s) => startIsolated(w, model, repo, s.slug, s.goal)));
    assert.equal(read(repo, 'src/a.ts'), SHARED, "the user's tree is none of the sessions' folders");

    const verdicts = await Promise.all(SESSIONS.map((s) => verifyJson(w, repo, s.slug)));
    for (const [i, s] of SESSIONS.entries()) {
      const verified = verdicts[i]!;
      assert.equal(verified.result, 'SHIP', `${s.slug}: ${JSON.stringify(verified)}`);
      assert.deepEqual(
        verified.files.map((f) => f.path),
        ['src/a.ts', s.own],
        `${s.slug} sees only its own changes`,
      );
    }

    const ship = (slug: string) => w.cli(repo, 'close', slug, '--outcome', 'SHIP', '--summary', `${slug} done`);
    const outcomes: Record<string, string> = {};
    for (const s of SESSIONS) {
      const before = { head: git(repo, 'rev-parse', 'HEAD'), a: read(repo, 'src/a.ts') };
      const shipped = await ship(s.slug);
      if (shipped.exitCode === 0) {
        outcomes[s.slug] = 'home';
        assert.ok(existsSync(join(repo, s.own)), `${s.slug}'s own file came home`);
        continue;
      }
      outcomes[s.slug] = 'refused';
      assert.match(shipped.stderr, /SHIP not applied: .*conflicts .* in src\/a\.ts\. Nothing was changed/);
      assert.deepEqual(
        { head: git(repo, 'rev-parse', 'HEAD'), a: read(repo, 'src/a.ts') },
        before,
        `${s.slug}: nothing applied`,
      );
      assert.ok(!existsSync(join(repo, s.own)), `${s.slug}'s own file stayed on its branch`);
      assert.equal(git(repo, 'show', `director/${s.slug}:${s.own}`), `export const ${s.slug} = ${s.slug.slice(1)};`);
    }
    assert.deepEqual(outcomes, { p1: 'home', p2: 'refused', p3: 'refused', p4: 'home', p5: 'home' });

    assert.equal(
      read(repo, 'src/a.ts'),
      SHARED.replace('top = 0', 'top = 1').replace('middle = 0', 'middle = 5').replace('bottom = 0', 'bottom = 4'),
      'the first top edit and the other lines came home',
    );
    assert.equal(git(repo, 'status', '--porcelain', '--untracked-files=no'), '', 'every SHIP is committed');
    const open = await openSessions(w, repo);
    assert.deepEqual(
      open.sessions.map((s) => [s.slug, s.worktree?.shipRefused?.kind, s.worktree?.shipRefused?.files]),
      [
        ['impl-p2', 'conflict', ['src/a.ts']],
        ['impl-p3', 'conflict', ['src/a.ts']],
      ],
      'the refused sessions stay open and say why',
    );
    const ledger = read(repo, 'tmp/sessions/_ledger.md').trimEnd().split('\n');
    assert.deepEqual(
      ledger.map((l) => l.split(' | ').slice(1, 3).join(' ')),
      ['SHIP p1', 'SHIP p4', 'SHIP p5'],
      'only the SHIPs that came home are in the ledger',
    );
  });
});
