/**
 * director.pruneBranchesAfterDays on real repositories (no agent): the branches of worktree
 * sessions closed long enough ago go, and only when every commit on them is the one their record
 * names; recent, open, checked-out, moved and unmerged-SHIP branches stay. The clock is the
 * records' close times against a fixed "now", never a sleep.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execaSync } from 'execa';
import { makeRepo, TmuxWorld, tempDir, writeSettings } from './helpers';
import { bringHome, commitAll, createWorktree, removeWorktree } from '../../src/git/worktree';
import { pruneBranches } from '../../src/director/branchPrune';
import { archiveGeneration } from '../../src/director/archive';
import { resolveConfig } from '../../src/director/config';
import { writeRecord, type SessionRecord } from '../../src/director/record';
import { parseSlug } from '../../src/core/slug';
import type { Outcome } from '../../src/core/ledger';

const git = (cwd: string, ...args: string[]) => String(execaSync('git', args, { cwd }).stdout).trim();
const NOW = new Date('2030-06-15T12:00:00Z');
const daysAgo = (days: number, now = NOW) => new Date(now.getTime() - days * 86_400_000);
const branches = (repo: string) => git(repo, 'branch', '--format=%(refname:short)').split('\n').sort();

interface Session {
  readonly outcome?: Outcome;
  /** Closed this many days before NOW; absent: the session is still open. */
  readonly closedDaysAgo?: number;
  /** SHIP: bring the branch home into the user's branch first. */
  readonly ship?: boolean;
}

/** A worktree session that wrote src/<slug>.ts on director/<slug>, with the record close leaves. */
async function session(repo: string, slug: string, s: Session, now = NOW): Promise<SessionRecord> {
  const path = join(repo, 'tmp/sessions/worktrees', `impl-${slug}`);
  const branch = `director/${slug}`;
  const info = await createWorktree(repo, path, branch);
  writeFileSync(join(path, 'src', `${slug}.ts`), `export const x = '${slug}';\n`);
  const commit = await commitAll(path, `${s.outcome ?? 'open'}: ${slug}`);
  const home = s.ship ? await bringHome(repo, branch, `Merge ${branch}`) : undefined;
  const merged = home?.kind === 'merged' ? { merged: home.commit } : {};
  const open = s.closedDaysAgo === undefined;
  if (!open) await removeWorktree(repo, path);
  const at = open ? now : daysAgo(s.closedDaysAgo, now);
  return writeRecord(
    repo,
    {
      slug: `impl-${slug}`,
      goal: `@write src/${slug}.ts`,
      scope: ['src/**'],
      phase: open ? 'running' : 'closed',
      backend: 'tmux',
      waitToken: `impl-${slug}-0000`,
      redirects: 0,
      questions: 0,
      createdAt: at.toISOString(),
      updatedAt: at.toISOString(),
      isolation: 'worktree',
      worktree: { path, folder: path, branch, base: info.base, commit, ...merged, ...(open ? {} : { removed: true }) },
      ...(open ? {} : { outcome: s.outcome, closedAt: at.toISOString() }),
    },
    at,
  );
}

const context = (repo: string, days: number) => ({
  root: repo,
  config: resolveConfig({ pruneBranchesAfterDays: days }),
  now: () => NOW,
});

describe('pruning old session branches', () => {
  it('prunes branches of sessions closed more than N days ago and keeps recent and unsafe ones', async () => {
    const repo = makeRepo();
    git(repo, 'branch', 'feature'); // the user's own branch: never the director's to prune
    // A SHIP the user later undid: its work is on no other branch, so its branch is the only copy.
    await session(repo, 'undone-ship', { outcome: 'SHIP', closedDaysAgo: 40, ship: true });
    git(repo, 'reset', '-q', '--hard', 'HEAD~1');
    await session(repo, 'old-noship', { outcome: 'NO-SHIP', closedDaysAgo: 40 });
    await session(repo, 'old-abandon', { outcome: 'ABANDON', closedDaysAgo: 31 });
    await session(repo, 'old-ship', { outcome: 'SHIP', closedDaysAgo: 40, ship: true });
    await session(repo, 'recent', { outcome: 'NO-SHIP', closedDaysAgo: 5 });
    await session(repo, 'open', {});
    // An earlier generation of a slug drafted again: its record now lives in the archive.
    const archived = await session(repo, 'archived', { outcome: 'ABANDON', closedDaysAgo: 60 });
    archiveGeneration(repo, parseSlug('archived'), archived);
    // The user committed on top of an old session's branch: that commit is in no record.
    await session(repo, 'moved', { outcome: 'ABANDON', closedDaysAgo: 40 });
    const elsewhere = join(tempDir('cmux-director-user-wt-'), 'moved');
    git(repo, 'worktree', 'add', '-q', elsewhere, 'director/moved');
    writeFileSync(join(elsewhere, 'user.ts'), 'export const mine = 1;\n');
    git(elsewhere, 'add', '-A');
    git(elsewhere, 'commit', '-qm', 'my own work on the session branch');
    git(repo, 'worktree', 'remove', elsewhere);
    // The user checked an old session's branch out to look at it.
    await session(repo, 'checked', { outcome: 'NO-SHIP', closedDaysAgo: 40 });
    git(repo, 'worktree', 'add', '-q', join(tempDir('cmux-director-user-wt-'), 'checked'), 'director/checked');
    const noShipCommit = git(repo, 'rev-parse', 'director/old-noship');
    const mainBefore = git(repo, 'rev-parse', 'main');

    const report = await pruneBranches(context(repo, 30));

    assert.deepEqual(report.pruned.map((p) => p.branch).sort(), [
      'director/archived',
      'director/old-abandon',
      'director/old-noship',
      'director/old-ship',
    ]);
    assert.deepEqual(
      Object.fromEntries(report.kept.map((k) => [k.branch, k.reason])),
      {
        'director/undone-ship': 'not-merged',
        'director/recent': 'recent',
        'director/open': 'open-session',
        'director/moved': 'not-recorded',
        'director/checked': 'checked-out',
      },
      'each kept branch says why',
    );
    assert.deepEqual(report.problems, []);
    assert.deepEqual(branches(repo), [
      'director/checked',
      'director/moved',
      'director/open',
      'director/recent',
      'director/undone-ship',
      'feature',
      'main',
    ]);
    assert.equal(git(repo, 'rev-parse', 'main'), mainBefore, "the user's branch did not move");
    const noShip = report.pruned.find((p) => p.branch === 'director/old-noship');
    assert.deepEqual(noShip && { ...noShip }, {
      branch: 'director/old-noship',
      commit: noShipCommit,
      slug: 'old-noship',
      outcome: 'NO-SHIP',
      closedAt: daysAgo(40).toISOString(),
      closedDaysAgo: 40,
    });
    // The report names the commit, so a pruned branch can be brought back.
    git(repo, 'branch', 'director/old-noship', noShipCommit);
    assert.equal(git(repo, 'show', 'director/old-noship:src/old-noship.ts'), "export const x = 'old-noship';");

    const again = await pruneBranches(context(repo, 30));
    assert.deepEqual(
      again.pruned.map((p) => p.branch),
      ['director/old-noship'],
      'a restored branch whose tip is still the recorded commit is pruned again, nothing else',
    );
  });

  it('prunes nothing when the setting is 0, the default', async () => {
    const repo = makeRepo();
    await session(repo, 'old', { outcome: 'ABANDON', closedDaysAgo: 400 });
    const report = await pruneBranches({ root: repo, config: resolveConfig(), now: () => NOW });
    assert.deepEqual(report, { pruned: [], kept: [], problems: [] });
    assert.deepEqual(branches(repo), ['director/old', 'main']);
  });

  it('close reads the setting from .vscode/settings.json and names what it pruned', async () => {
    const repo = makeRepo();
    // The CLI runs on the real clock.
    await session(repo, 'stale', { outcome: 'NO-SHIP', closedDaysAgo: 45 }, new Date());
    const commit = git(repo, 'rev-parse', 'director/stale');
    writeSettings(repo, { 'director.pruneBranchesAfterDays': 30 });
    const w = new TmuxWorld();
    try {
      assert.equal((await w.cli(repo, 'draft', 'next', '--goal', 'anything')).exitCode, 0);
      const closed = await w.cli(repo, 'close', 'next', '--outcome', 'ABANDON', '--summary', 'not needed');
      assert.equal(closed.exitCode, 0, closed.stderr);
      assert.match(
        closed.stderr,
        new RegExp(
          `note: pruned branch director/stale \\(NO-SHIP 45 days ago; was ${commit.slice(0, 12)}, "git branch director/stale ${commit}" restores it\\)`,
        ),
      );
      assert.deepEqual(branches(repo), ['main']);
    } finally {
      w.kill();
    }
  });
});
