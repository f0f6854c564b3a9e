/**
 * Worktree isolation through the CLI with the real Claude Code: two sessions edit the same file
 * in their own worktrees, each verify sees only its own change, SHIP brings the first home, the
 * second conflicts and is refused with nothing lost, ABANDON removes its worktree and keeps its
 * branch; the user's own uncommitted files are never touched.
 */
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ledgerRowsAt } from '../../src/director';
import { eventually, it, makeRepo, read, realClaudeSuite, type TmuxWorld } from './helpers';
import { git, openSessions, startIsolated, verifyJson } from './worktreeSessions';

const { model, world } = realClaudeSuite();

/** Redirects once the turn that signalled has ended (its Stop event can trail the signal). */
const redirectWhenIdle = (w: TmuxWorld, repo: string, slug: string, message: string) =>
  eventually(
    `${slug} at its prompt`,
    async () => {
      const r = await w.cli(repo, 'redirect', slug, '--message', message);
      if (r.exitCode === 0) return r;
      assert.match(r.stderr, /is working, not at its input prompt/);
      return undefined;
    },
    20000,
  );

describe('worktree isolation with the real Claude Code', () => {
  it('keeps two sessions apart, ships the first, refuses the conflicting second and keeps its branch', async () => {
    const w = world();
    const repo = makeRepo();
    // The user's own work in progress: a tracked file edited, an untracked file.
    writeFileSync(join(repo, 'package.json'), '{ "name": "demo", "private": true }\n');
    writeFileSync(join(repo, 'notes.txt'), 'my notes\n');

    await startIsolated(w, model, repo, 'one', "@edit src/a.ts 1; => 'one'; @write src/one.ts export const one = 1;");
    await startIsolated(w, model, repo, 'two', "@edit src/a.ts 1; => 'two'; @write src/two.ts export const two = 2;");

    const task = read(repo, 'tmp/sessions/impl-one-task.txt');
    assert.match(task, /## Your folder\nWork in \S+tmp\/sessions\/worktrees\/impl-one: your own git worktree/);
    assert.equal(read(repo, 'src/a.ts'), 'export const a = 1;\n', "the user's tree is not the sessions' folder");

    for (const [slug, own] of [
      ['one', 'src/one.ts'],
      ['two', 'src/two.ts'],
    ] as const) {
      const verified = await verifyJson(w, repo, slug);
      assert.equal(verified.result, 'SHIP', JSON.stringify(verified));
      assert.deepEqual(
        verified.files.map((f) => f.path),
        ['src/a.ts', own],
        `${slug} sees only its own change`,
      );
      assert.deepEqual([...(verified.written ?? [])].sort(), ['src/a.ts', own]);
    }

    const shipped = await w.cli(repo, 'close', 'one', '--outcome', 'SHIP', '--summary', 'a is one', '--json');
    assert.equal(shipped.exitCode, 0, shipped.stderr);
    const closed = JSON.parse(shipped.stdout) as { line: string; branch: string; commit: string; merged: string };
    assert.match(
      closed.line,
      /^\d{4}-\d\d-\d\dT[\d:+-]+ \| SHIP \| one \| a is one$/,
      'the ledger line keeps its format',
    );
    assert.equal(closed.branch, 'director/one');
    assert.equal(git(repo, 'rev-parse', 'HEAD'), closed.merged);
    assert.equal(git(repo, 'log', '-1', '--format=%s', closed.commit), 'a is one');
    assert.equal(read(repo, 'src/a.ts'), "export const a = 'one';\n");
    assert.equal(read(repo, 'src/one.ts'), 'export const one = 1;\n');
    assert.ok(!existsSync(join(repo, 'tmp/sessions/worktrees/impl-one')), 'the shipped worktree is removed');

    const refused = await w.cli(repo, 'close', 'two', '--outcome', 'SHIP', '--summary', 'a is two');
    assert.notEqual(refused.exitCode, 0);
    assert.match(refused.stderr, /SHIP not applied: .*conflicts .* in src\/a\.ts\. Nothing was changed/);
    assert.match(refused.stderr, /committed on director\/two\. Redirect the session to rebase its branch onto main/);
    assert.equal(read(repo, 'src/a.ts'), "export const a = 'one';\n", 'nothing of the conflicting session applied');
    assert.ok(!existsSync(join(repo, 'src/two.ts')));
    const open = await openSessions(w, repo);
    const two = open.sessions.find((s) => s.slug === 'impl-two');
    assert.deepEqual(
      two?.worktree?.shipRefused && { ...two.worktree.shipRefused, at: undefined },
      {
        kind: 'conflict',
        files: ['src/a.ts'],
        at: undefined,
      },
      'the refused session stays open and says why',
    );
    assert.match(open.stderr, /impl-two: SHIP not applied \(conflict in src\/a\.ts\)/);
    assert.match(git(repo, 'show', 'director/two:src/a.ts'), /'two'/, 'its work is committed on its branch');

    const abandoned = await w.cli(
      repo,
      'close',
      'two',
      '--outcome',
      'ABANDON',
      '--summary',
      'conflicts with one',
      '--json',
    );
    assert.equal(abandoned.exitCode, 0, abandoned.stderr);
    assert.equal((JSON.parse(abandoned.stdout) as { branch: string }).branch, 'director/two');
    assert.ok(!existsSync(join(repo, 'tmp/sessions/worktrees/impl-two')), 'ABANDON removes the worktree');
    assert.match(git(repo, 'branch', '--list', 'director/two'), /director\/two/, 'and keeps the branch');
    assert.equal(git(repo, 'worktree', 'list').split('\n').length, 1);
    // The Ledger view names each branch and the commit of its work; only the SHIP came home.
    const branches = Object.fromEntries(
      ledgerRowsAt(repo).flatMap((row) => (row.kind === 'entry' ? [[row.slug, row.session]] : [])),
    );
    assert.deepEqual(branches['one'], {
      ...branches['one'],
      branch: 'director/one',
      commit: closed.commit,
      merged: closed.merged,
    });
    assert.equal(branches['two']?.branch, 'director/two');
    assert.equal(branches['two']?.commit, git(repo, 'rev-parse', 'director/two'));
    assert.equal(branches['two']?.merged, undefined);

    assert.equal(read(repo, 'package.json'), '{ "name": "demo", "private": true }\n', "the user's edit is intact");
    assert.equal(read(repo, 'notes.txt'), 'my notes\n', "the user's untracked file is intact");
    assert.match(git(repo, 'status', '--porcelain'), /^ ?M package\.json$/m, 'and still uncommitted');
  });

  it('asks, takes redirects (inline and by file) and keeps its NO-SHIP work on its branch', async () => {
    const w = world();
    const repo = makeRepo();
    const drafted = await w.cli(repo, 'draft', 'ask', '--goal', '@ask Which name?', '--scope', 'src/**');
    assert.equal(drafted.exitCode, 0, drafted.stderr);
    const spawned = await w.cli(repo, 'spawn', 'ask', '--agent', model.agent(repo), '--isolation', 'worktree');
    assert.equal(spawned.exitCode, 0, spawned.stderr);
    const asked = await w.cli(repo, 'wait', 'ask', '--timeout', '90');
    assert.equal(asked.stdout, 'QUESTION slug=impl-ask file=tmp/sessions/impl-ask-question.txt');
    assert.match(
      read(repo, 'tmp/sessions/impl-ask-question.txt'),
      /Which name\?/,
      'written where the director reads it',
    );

    await redirectWhenIdle(w, repo, 'ask', '@write src/c.ts export const c = 3;');
    assert.equal((await w.cli(repo, 'wait', 'ask', '--timeout', '90')).stdout, 'DONE slug=impl-ask');
    const long = `Also:\n@write src/d.ts export const d = 4;\n${'Background. '.repeat(20)}`;
    await redirectWhenIdle(w, repo, 'ask', long);
    assert.equal((await w.cli(repo, 'wait', 'ask', '--timeout', '90')).stdout, 'DONE slug=impl-ask');

    const verified = await w.cli(repo, 'verify', 'ask');
    assert.match(verified.stdout, /^SHIP slug=impl-ask files=2 /, verified.stdout);
    assert.ok(!existsSync(join(repo, 'src/c.ts')), "the work is in the worktree, not the user's tree");

    const closed = await w.cli(repo, 'close', 'ask', '--outcome', 'NO-SHIP', '--summary', 'not wanted', '--json');
    assert.equal(closed.exitCode, 0, closed.stderr);
    const result = JSON.parse(closed.stdout) as { branch: string; commit: string; merged?: string };
    assert.equal(result.branch, 'director/ask');
    assert.equal(result.merged, undefined);
    assert.equal(git(repo, 'log', '-1', '--format=%s', 'director/ask'), 'NO-SHIP: not wanted');
    assert.equal(git(repo, 'show', 'director/ask:src/d.ts'), 'export const d = 4;');
    assert.ok(!existsSync(join(repo, 'tmp/sessions/worktrees/impl-ask')));
    assert.ok(!existsSync(join(repo, 'src/c.ts')));
  });
});
