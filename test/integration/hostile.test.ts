/**
 * Hostile input and races, on real tmux and git: the CLI never runs what a repository names
 * without consent, verify never executes code, slugs never reach another session's files, many
 * spawns at once all get panes, and bad input is refused before anything happens.
 */
import { afterEach, describe } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkSyntax } from '../../src/director/syntaxCheck';
import { Director } from '../../src/director';
import { takeBaseline } from '../../src/director/sessionChanges';
import { TmuxBackend } from '../../src/mux/tmux';
import { execa, execaSync } from 'execa';
import { CLI, makeRepo, TmuxWorld, uniqueName, writeSettings, tempDir, it } from './helpers';

/** The CLI with extra environment (an isolated user config folder for consent). */
async function cliWith(w: TmuxWorld, repo: string, env: Record<string, string>, ...args: string[]) {
  const r = await execa(
    process.execPath,
    [CLI, ...args, '--cwd', repo, '--backend', 'tmux', '--tmux-socket', w.socket],
    { reject: false, env },
  );
  return { stdout: String(r.stdout).trim(), stderr: String(r.stderr).trim(), exitCode: r.exitCode ?? -1 };
}

const worlds: TmuxWorld[] = [];
afterEach(() => {
  for (const w of worlds.splice(0)) w.kill();
});
const world = () => {
  const w = new TmuxWorld();
  worlds.push(w);
  return w;
};

describe('hostile input and races', () => {
  it('does not run a program named by the workspace settings without consent', async () => {
    const w = world();
    const repo = makeRepo();
    const marker = join(repo, '..', `${w.socket}-ran`);
    mkdirSync(join(repo, 'tools'));
    writeFileSync(join(repo, 'tools/tmux'), `#!/bin/sh\ntouch ${marker}\nexec tmux "$@"\n`);
    chmodSync(join(repo, 'tools/tmux'), 0o755);
    writeSettings(repo, { 'director.tmuxPath': join(repo, 'tools/tmux') });
    const xdg = tempDir('xdg-');
    const env = { XDG_CONFIG_HOME: xdg };
    const refused = await cliWith(w, repo, env, 'status');
    assert.equal(refused.exitCode, 0, refused.stderr);
    assert.equal(existsSync(marker), false, 'the repository did not choose the program');
    assert.match(
      refused.stderr,
      /director\.tmuxPath in \.vscode\/settings\.json names a program and was not applied: this workspace is not trusted\. Trust it with --trust-workspace/,
    );
    const agentCall = await cliWith(w, repo, env, 'status', '--trust-workspace');
    assert.equal(agentCall.exitCode, 2, 'consent needs a person at a terminal, not a program');
    assert.equal(existsSync(marker), false);
    // At a terminal (script(1) gives the CLI one), consent is given once and remembered.
    const args = [CLI, 'status', '--cwd', repo, '--backend', 'tmux', '--tmux-socket', w.socket, '--trust-workspace']
      .map((a) => `'${a}'`)
      .join(' ');
    const atTerminal = await execa('script', ['-qec', `${process.execPath} ${args}`, '/dev/null'], {
      reject: false,
      env,
    });
    assert.equal(atTerminal.exitCode, 0, String(atTerminal.stdout));
    assert.equal(existsSync(marker), true, 'after consent the setting applies');
    assert.equal((await cliWith(w, repo, env, 'status')).stderr, '', 'the consent is remembered');
  });

  it('parse-checks Python without running anything from the repository', async () => {
    const repo = makeRepo();
    const marker = join(repo, 'pwned');
    for (const name of ['ast.py', 'sitecustomize.py', 'sys.py'])
      writeFileSync(join(repo, name), `open(${JSON.stringify(marker)}, "w").write("ran")\n`);
    writeFileSync(join(repo, 'ok.py'), 'x = 1\n');
    writeFileSync(join(repo, 'bad.py'), 'def (:\n');
    const result = await checkSyntax(repo, ['ok.py', 'bad.py', 'ast.py']);
    assert.deepEqual(
      result.failures.map((f) => f.path),
      ['bad.py'],
    );
    assert.equal(existsSync(marker), false, 'no file of the repository was executed');
  });

  it("refuses a slug that would reach another session's files, C1 controls, a bad outcome and a folder without git", async () => {
    const w = world();
    const repo = makeRepo();
    assert.equal((await w.cli(repo, 'draft', 'victim-task', '--goal', 'g')).exitCode, 0);
    const sneaky = await w.cli(repo, 'draft', 'impl-impl-victim-task', '--goal', 'g');
    assert.equal(sneaky.exitCode, 2);
    assert.match(sneaky.stderr, /not with "impl-"/);
    const c1 = await w.cli(repo, 'redirect', 'victim-task', '--message', 'go\u009b2J on');
    assert.equal(c1.exitCode, 1);
    assert.match(c1.stderr, /control characters/);
    const outcome = await w.cli(repo, 'close', 'victim-task', '--outcome', 'SHIPPED', '--summary', 'x');
    assert.equal(outcome.exitCode, 2, 'a bad --outcome is a usage error');
    const plain = tempDir('not-git-');
    const notGit = await w.cli(plain, 'draft', 'x', '--goal', 'g');
    assert.equal(notGit.exitCode, 1);
    assert.match(notGit.stderr, /not inside a git repository: run "git init"/);
    assert.equal(existsSync(join(plain, 'tmp')), false, 'nothing was written');
  });

  it('finds the workspace from a subfolder, as git finds .git', async () => {
    const w = world();
    const repo = makeRepo();
    assert.equal((await w.cli(repo, 'draft', 'from-root', '--goal', 'g')).exitCode, 0);
    const fromSrc = await w.cli(join(repo, 'src'), 'draft', 'from-src', '--goal', 'g');
    assert.equal(fromSrc.exitCode, 0, fromSrc.stderr);
    assert.equal(existsSync(join(repo, 'src/tmp')), false, 'no second tmp/sessions/');
    assert.equal(existsSync(join(repo, 'tmp/sessions/impl-from-src-task.txt')), true);
  });

  it('gives every one of 20 simultaneous new panes a place (no duplicate-session race)', async () => {
    const socket = uniqueName('race');
    const mux = new TmuxBackend({ socket });
    try {
      const repo = makeRepo();
      const panes = await Promise.all(
        Array.from({ length: 20 }, (_, i) => mux.createPane({ cwd: repo, tag: `impl-r${i}` })),
      );
      assert.equal(new Set(panes.map((p) => p.id)).size, 20);
    } finally {
      execaSync('tmux', ['-L', socket, 'kill-server'], { reject: false });
    }
  });

  it('lets one of two simultaneous closes win, and never appends a second line on a retry', async () => {
    const w = world();
    const repo = makeRepo();
    const ledger = () =>
      existsSync(join(repo, 'tmp/sessions/_ledger.md'))
        ? readFileSync(join(repo, 'tmp/sessions/_ledger.md'), 'utf8').trim().split('\n')
        : [];
    assert.equal((await w.cli(repo, 'draft', 'twice', '--goal', 'g')).exitCode, 0);
    const [a, b] = await Promise.all([
      w.cli(repo, 'close', 'twice', '--outcome', 'ABANDON', '--summary', 'first'),
      w.cli(repo, 'close', 'twice', '--outcome', 'NO-SHIP', '--summary', 'second'),
    ]);
    assert.deepEqual([a.exitCode, b.exitCode].sort(), [0, 1], `${a.stderr} ${b.stderr}`);
    assert.match(a.exitCode === 1 ? a.stderr : b.stderr, /already closed|being closed/);
    assert.equal(ledger().length, 1);

    // A close that appended its line and then failed (disk full, a crash) is retried.
    assert.equal((await w.cli(repo, 'draft', 'retry', '--goal', 'g')).exitCode, 0);
    const recordFile = join(repo, 'tmp/sessions/impl-retry.json');
    const line = '2026-05-15T21:28:26+05:30 | ABANDON | retry | gave up';
    writeFileSync(join(repo, 'tmp/sessions/_ledger.md'), `${ledger().join('\n')}\n${line}\n`);
    const record = JSON.parse(readFileSync(recordFile, 'utf8')) as Record<string, unknown>;
    writeFileSync(recordFile, JSON.stringify({ ...record, closing: { line, outcome: 'ABANDON' } }));
    const retried = await w.cli(repo, 'close', 'retry', '--outcome', 'ABANDON', '--summary', 'gave up');
    assert.equal(retried.exitCode, 0, retried.stderr);
    assert.deepEqual(
      ledger().filter((l) => l.includes('| retry |')),
      [line],
      'exactly one line for the session',
    );
  });

  it("keeps each generation's files when a closed slug is drafted again", async () => {
    const w = world();
    const repo = makeRepo();
    const sessions = join(repo, 'tmp/sessions');
    assert.equal((await w.cli(repo, 'draft', 'again', '--goal', 'first')).exitCode, 0);
    writeFileSync(join(sessions, 'again.txt'), 'first transcript\n');
    writeFileSync(join(sessions, 'impl-again-question-1.txt'), 'first question\n');
    writeFileSync(join(sessions, 'impl-again-other-task.txt'), 'another session\n');
    assert.equal((await w.cli(repo, 'close', 'again', '--outcome', 'ABANDON', '--summary', 'first try')).exitCode, 0);
    assert.equal((await w.cli(repo, 'draft', 'again', '--goal', 'second')).exitCode, 0);
    const stamp = readFileSync(join(sessions, '_ledger.md'), 'utf8').split(' | ')[0]!;
    const archived = join(sessions, 'archive', `again-${stamp.replace(/[^0-9A-Za-z+-]/g, '')}`);
    assert.equal(readFileSync(join(archived, 'again.txt'), 'utf8'), 'first transcript\n');
    assert.equal(readFileSync(join(archived, 'impl-again-question-1.txt'), 'utf8'), 'first question\n');
    assert.match(readFileSync(join(archived, 'impl-again-task.txt'), 'utf8'), /^first$/m);
    assert.match(readFileSync(join(sessions, 'impl-again-task.txt'), 'utf8'), /^second$/m);
    assert.equal(
      existsSync(join(sessions, 'again.txt')),
      false,
      'the new generation starts without the old transcript',
    );
    assert.equal(
      readFileSync(join(sessions, 'impl-again-other-task.txt'), 'utf8'),
      'another session\n',
      "another session's files stay",
    );
  });

  it("never SHIPs in the middle of a merge: the conflict markers are not the session's work", async () => {
    const w = world();
    const repo = makeRepo();
    assert.equal((await w.cli(repo, 'draft', 'merging', '--goal', 'g')).exitCode, 0);
    // The session's baseline, as spawn takes it (no agent needed to test verify).
    const director = await Director.open({
      cwd: repo,
      mux: new TmuxBackend({ socket: w.socket }),
      ignoreWorkspaceSettings: true,
    });
    const record = JSON.parse(readFileSync(join(repo, 'tmp/sessions/impl-merging.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    writeFileSync(
      join(repo, 'tmp/sessions/impl-merging.json'),
      JSON.stringify({ ...record, phase: 'done', baseline: await takeBaseline(repo) }),
    );
    const git = (...args: string[]) => execaSync('git', args, { cwd: repo, reject: false });
    git('checkout', '-qb', 'other');
    writeFileSync(join(repo, 'src/a.ts'), 'export const a = 2;\n');
    git('commit', '-qam', 'other');
    git('checkout', '-q', 'main');
    writeFileSync(join(repo, 'src/a.ts'), 'export const a = 3;\n');
    git('commit', '-qam', 'main');
    assert.notEqual(git('merge', 'other').exitCode, 0, 'the merge conflicts');
    const result = await director.verify('merging');
    assert.equal(result.verdict, 'NO-SHIP');
    assert.ok(result.reasons.includes('merge-in-progress'), result.reasons.join(' '));
  });
});
