/**
 * The director loop through the CLI, exactly as an orchestrating session calls it: real tmux,
 * real git, the real Claude Code (pinned devDependency) in its pane, playing the scripted local
 * Messages API (test/fixtures/scripted-model) as its model.
 */
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { execa, execaSync } from 'execa';
import { join } from 'node:path';
import {
  CLI,
  eventually,
  hookEvents,
  makeRepo,
  read,
  surfaceOf,
  TmuxWorld,
  transcriptOf,
  writeSettings,
  realClaudeSuite,
  it,
} from './helpers';

const { model, world } = realClaudeSuite();

/** draft + spawn with a scripted goal; returns the pane id. */
async function start(
  w: TmuxWorld,
  repo: string,
  slug: string,
  goal: string,
  scope: string[] = ['src/**'],
): Promise<string> {
  const drafted = await w.cli(repo, 'draft', slug, '--goal', goal, ...scope.flatMap((s) => ['--scope', s]));
  assert.equal(drafted.exitCode, 0, drafted.stderr);
  assert.equal(drafted.stdout, `DRAFTED slug=impl-${slug} task=tmp/sessions/impl-${slug}-task.txt`);
  const spawned = await w.cli(repo, 'spawn', slug, '--agent', model.agent(repo));
  assert.equal(
    spawned.exitCode,
    0,
    `${spawned.stdout} ${spawned.stderr}\nevents: ${hookEvents(repo, slug).join(',')}\n${screens(w)}`,
  );
  assert.match(
    spawned.stdout,
    new RegExp(`^SPAWNED slug=impl-${slug} surface=%\\d+ wait_token=impl-${slug}-[0-9a-f]{8}$`),
  );
  return surfaceOf(spawned.stdout);
}

/** Every pane's screen, for failure messages. */
const screens = (w: TmuxWorld) =>
  w
    .tmux('list-panes', '-a', '-F', '#{pane_id}')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((id) => `--- ${id}\n${w.screen(id).replace(/\n{3,}/g, '\n\n')}`)
    .join('\n');
const status = async (w: TmuxWorld, repo: string) => (await w.cli(repo, 'status')).stdout;
/** `wait` with a bound, so a session that never signals fails the test instead of hanging it. */
const waitFor = (w: TmuxWorld, repo: string, slug: string, seconds = 60) =>
  w.cli(repo, 'wait', slug, '--timeout', String(seconds));

describe('director loop on tmux with the real Claude Code', () => {
  it('runs a full cycle to SHIP and writes one ledger line', async () => {
    const w = world();
    const repo = makeRepo();
    const pane = await start(w, repo, 'add-b', 'Add b.\n@write src/b.ts export const b = 2;');
    const argv = w.agentArgv(pane);
    assert.deepEqual(
      argv.slice(argv.indexOf('--model'), argv.indexOf('--model') + 2),
      ['--model', 'sonnet'],
      'the model is always explicit',
    );
    assert.deepEqual(
      argv.slice(argv.indexOf('-n'), argv.indexOf('-n') + 2),
      ['-n', 'impl-add-b'],
      'the session is named',
    );
    assert.match(w.tmux('display-message', '-p', '-t', pane, '#{pane_title}'), /impl-add-b/);

    const waited = await waitFor(w, repo, 'add-b', 30);
    assert.deepEqual([waited.stdout, waited.exitCode], ['DONE slug=impl-add-b', 0]);
    assert.equal(await status(w, repo), 'impl-add-b done');
    const verified = await w.cli(repo, 'verify', 'add-b');
    assert.deepEqual([verified.stdout, verified.exitCode], ['SHIP slug=impl-add-b files=1 +1 -0', 0]);

    const closed = await w.cli(repo, 'close', 'add-b', '--outcome', 'SHIP', '--summary', 'Added src/b.ts');
    assert.deepEqual(
      [closed.stdout, closed.exitCode],
      ['CLOSED slug=impl-add-b outcome=SHIP ledger=tmp/sessions/_ledger.md', 0],
    );
    const ledger = read(repo, 'tmp/sessions/_ledger.md').trimEnd().split('\n');
    assert.equal(ledger.length, 1);
    assert.match(
      ledger[0]!,
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2} \| SHIP \| add-b \| Added src\/b\.ts$/,
    );
    assert.match(
      read(repo, 'tmp/sessions/add-b.txt'),
      /Read tmp\/sessions\/impl-add-b-task\.txt/,
      'the transcript was exported',
    );
    assert.equal(w.tmux('list-panes', '-a', '-F', '#{pane_id}').includes(pane), false, 'the pane is closed');
    assert.match(read(repo, '.gitignore'), /^tmp\/sessions\/$/m);
    assert.equal(await status(w, repo), '', 'closed sessions are not listed');
  });

  it('gives NO-SHIP for a syntax error and for "done" with no change', async () => {
    const w = world();
    const repo = makeRepo();
    await start(w, repo, 'broken', '@write src/bad.ts export const = ;');
    assert.equal((await waitFor(w, repo, 'broken')).exitCode, 0);
    await start(w, repo, 'lazy', 'Claim done without doing anything.');
    assert.equal((await waitFor(w, repo, 'lazy')).exitCode, 0);
    const broken = await w.cli(repo, 'verify', 'broken');
    assert.equal(broken.exitCode, 3);
    assert.match(broken.stdout, /^NO-SHIP slug=impl-broken files=1 \+1 -0 reasons=parse-error:src\/bad\.ts$/);
    const lazy = await w.cli(repo, 'verify', 'lazy');
    // Both sessions share one working tree: "lazy" was spawned after "broken" wrote its file
    // (it is in lazy's baseline), so lazy itself changed nothing.
    assert.deepEqual([lazy.stdout, lazy.exitCode], ['NO-SHIP slug=impl-lazy files=0 +0 -0 reasons=no-changes', 3]);
  });

  it('flags changes outside the scope and hot paths for code review', async () => {
    const w = world();
    const repo = makeRepo();
    writeSettings(repo, { 'director.hotPaths': ['src/auth/**'], 'editor.tabSize': 2 });
    await start(
      w,
      repo,
      'wander',
      '@write src/ok.ts export const ok = 1;\n@write README.md # changed\n@write src/auth/login.ts export const login = 1;',
    );
    assert.equal((await waitFor(w, repo, 'wander')).exitCode, 0);
    const verified = await w.cli(repo, 'verify', 'wander');
    assert.equal(verified.exitCode, 4);
    assert.equal(
      verified.stdout,
      'NEEDS-CODE-REVIEW slug=impl-wander files=3 +3 -0 reasons=out-of-scope:README.md;hot-path:src/auth/login.ts',
    );
    const json = JSON.parse((await w.cli(repo, 'verify', 'wander', '--json')).stdout);
    assert.equal(json.result, 'NEEDS-CODE-REVIEW');
    assert.deepEqual(
      json.files.map((f: { path: string }) => f.path),
      ['README.md', 'src/auth/login.ts', 'src/ok.ts'],
    );
  });

  it('never attributes files that were already dirty to the session', async () => {
    const w = world();
    const repo = makeRepo();
    writeFileSync(join(repo, 'src/a.ts'), 'export const a = 100; // my own edit\n');
    writeFileSync(join(repo, 'notes.md'), 'my notes\n');
    await start(w, repo, 'clean', 'Change nothing.');
    assert.equal((await waitFor(w, repo, 'clean')).exitCode, 0);
    const verified = await w.cli(repo, 'verify', 'clean');
    assert.deepEqual(
      [verified.stdout, verified.exitCode],
      ['NO-SHIP slug=impl-clean files=0 +0 -0 reasons=no-changes', 3],
    );
  });

  it('answers a question by redirect with a new wait token', async () => {
    const w = world();
    const repo = makeRepo();
    await start(w, repo, 'ask', '@ask Which database should I use?');
    const waited = await waitFor(w, repo, 'ask', 30);
    assert.deepEqual(
      [waited.stdout, waited.exitCode],
      ['QUESTION slug=impl-ask file=tmp/sessions/impl-ask-question.txt', 5],
    );
    assert.match(read(repo, 'tmp/sessions/impl-ask-question.txt'), /Which database should I use\?/);
    assert.equal(await status(w, repo), 'impl-ask question');
    const token = JSON.parse(read(repo, 'tmp/sessions/impl-ask.json')).waitToken as string;

    // Redirected as soon as the question is known, as an orchestrator does.
    const redirected = await w.cli(
      repo,
      'redirect',
      'ask',
      '--message',
      '@write src/db.ts export const db = "sqlite";',
    );
    assert.equal(redirected.exitCode, 0, redirected.stderr);
    const newToken = /^REDIRECTED slug=impl-ask wait_token=(\S+)$/.exec(redirected.stdout)?.[1];
    assert.ok(newToken && newToken !== token, redirected.stdout);
    assert.equal(
      existsSync(join(repo, 'tmp/sessions/impl-ask-question.txt')),
      false,
      'the answered question is archived',
    );
    assert.deepEqual([(await waitFor(w, repo, 'ask')).stdout], ['DONE slug=impl-ask']);
    assert.equal(read(repo, 'src/db.ts'), 'export const db = "sqlite";\n');

    // A long answer goes through a file behind a one-line pointer.
    const long = `Please also:\n@write src/extra.ts export const extra = 1;\n${'Background. '.repeat(20)}`;
    const viaFile = await w.cli(repo, 'redirect', 'ask', '--message', long, '--json');
    assert.equal(viaFile.exitCode, 0, viaFile.stderr);
    assert.equal(JSON.parse(viaFile.stdout).file, 'tmp/sessions/impl-ask-redirect-2.txt');
    assert.match(read(repo, 'tmp/sessions/impl-ask-redirect-2.txt'), /^Run: .*wait-for -S impl-ask-[0-9a-f]{8}-done$/m);
    assert.equal((await waitFor(w, repo, 'ask')).stdout, 'DONE slug=impl-ask');
    assert.equal(read(repo, 'src/extra.ts'), 'export const extra = 1;\n');
  });

  it("approves one permission prompt and denies another in Claude Code's own dialog (no hold)", async () => {
    const w = world();
    const repo = makeRepo();
    // With no hold the request goes straight to Claude Code's dialog: approve reads its options.
    writeSettings(repo, { 'director.permissionHoldSeconds': 0 });
    // In acceptEdits Claude Code runs `touch` in the workspace without asking; through `sh -c` it asks.
    await start(
      w,
      repo,
      'perm',
      '@permission sh -c "touch approved.flag"\n@permission sh -c "touch denied.flag"\n@write src/after.ts export const after = 1;',
    );
    await eventually(
      'the first prompt',
      async () => (await status(w, repo)) === 'impl-perm needs-permission' || undefined,
      30000,
    );
    const yes = await w.cli(repo, 'approve', 'perm', '--yes', '--json');
    assert.equal(yes.exitCode, 0, yes.stderr);
    assert.deepEqual(
      [JSON.parse(yes.stdout).result, JSON.parse(yes.stdout).prompt],
      ['APPROVED', 'Bash: sh -c "touch approved.flag"'],
    );
    assert.match(JSON.parse(yes.stdout).option, /^1\. Yes$/, 'exactly this call, never "don\'t ask again"');
    await eventually(
      'the second prompt',
      async () => {
        const json = JSON.parse((await w.cli(repo, 'status', '--json')).stdout) as {
          sessions: Array<{ state: string; permission?: { detail: string } }>;
        };
        return (
          (json.sessions[0]?.state === 'needs-permission' &&
            json.sessions[0].permission?.detail === 'sh -c "touch denied.flag"') ||
          undefined
        );
      },
      30000,
    );
    const no = await w.cli(repo, 'approve', 'perm', '--no', '--json');
    assert.equal(no.exitCode, 0, no.stderr);
    assert.equal(JSON.parse(no.stdout).result, 'DENIED');
    // The option is the dialog's own "No", whatever its number (Claude Code varies the list).
    assert.match(JSON.parse(no.stdout).option, /^\d\. No\b/);
    assert.ok(existsSync(join(repo, 'approved.flag')), 'the approved command ran');
    assert.equal(existsSync(join(repo, 'denied.flag')), false, 'the denied command did not run');
    // Claude Code stops its turn at a "No" in its dialog and waits for the user. It sends no hook
    // event for that (no Stop, no PostToolUseFailure): the director has to notice it otherwise.
    await eventually(
      'idle after the denial',
      async () => (await status(w, repo)) === 'impl-perm idle' || undefined,
      10000,
    );
    assert.equal((await w.cli(repo, 'approve', 'perm', '--yes')).stdout, 'NO-PROMPT slug=impl-perm');
    // The session stopped at the rejection; a redirect lets it carry on.
    const carryOn = await w.cli(
      repo,
      'redirect',
      'perm',
      '--message',
      'Skip that command and continue. @write src/after.ts export const after = 1;',
    );
    assert.equal(carryOn.exitCode, 0, carryOn.stderr);
    assert.equal((await waitFor(w, repo, 'perm')).stdout, 'DONE slug=impl-perm');
    assert.ok(existsSync(join(repo, 'src/after.ts')));
  });

  it('refuses to redirect into a held permission request', async () => {
    const w = world();
    const repo = makeRepo();
    // A short hold: nothing outlives the test (the hook holds the request until then).
    writeSettings(repo, { 'director.permissionHoldSeconds': 30 });
    await start(w, repo, 'busy', '@permission sh -c "touch x.flag"');
    await eventually(
      'the request',
      async () => (await status(w, repo)) === 'impl-busy needs-permission' || undefined,
      30000,
    );
    const refused = await w.cli(repo, 'redirect', 'busy', '--message', 'do something else');
    assert.equal(refused.exitCode, 1);
    assert.match(
      refused.stderr,
      /is waiting on a permission request \(Bash: sh -c "touch x\.flag"\): answer it first\b.*cmux-director approve busy --yes\|--no/,
    );
    assert.equal(existsSync(join(repo, 'x.flag')), false);
    assert.equal(await status(w, repo), 'impl-busy needs-permission', 'the request is still there to answer');
  });

  it('times out, keeps the late signal, and reports timed-out', async () => {
    const w = world();
    const repo = makeRepo();
    await start(w, repo, 'slow', '@sleep 2500\n@write src/slow.ts export const slow = 1;');
    const timedOut = await w.cli(repo, 'wait', 'slow', '--timeout', '0.5');
    assert.deepEqual([timedOut.stdout, timedOut.exitCode], ['TIMEOUT slug=impl-slow', 6]);
    assert.equal(await status(w, repo), 'impl-slow timed-out');
    // The abandoned waiter must not swallow the signal that arrives later.
    const late = await w.cli(repo, 'wait', 'slow', '--timeout', '20');
    assert.deepEqual([late.stdout, late.exitCode], ['DONE slug=impl-slow', 0]);
  });

  it('reports a pane killed mid-task as gone and still closes it, with the transcript so far', async () => {
    const w = world();
    const repo = makeRepo();
    const pane = await start(w, repo, 'doomed', '@hang');
    // Mid-task: it has read its task (and Claude Code has begun its transcript), the model is thinking.
    await eventually(
      'the task read',
      () =>
        (hookEvents(repo, 'doomed').includes('PostToolUse') && existsSync(transcriptOf(repo, 'doomed'))) || undefined,
      30000,
    );
    w.tmux('kill-pane', '-t', pane);
    assert.equal(await status(w, repo), 'impl-doomed gone');
    const closed = await w.cli(repo, 'close', 'doomed', '--outcome', 'ABANDON', '--summary', 'Pane died mid-task');
    assert.equal(closed.exitCode, 0, closed.stderr);
    // Claude Code's own transcript outlives the pane: the close still renders it.
    assert.equal(closed.stderr, '');
    assert.match(read(repo, 'tmp/sessions/doomed.txt'), /Read tmp\/sessions\/impl-doomed-task\.txt/);
    assert.match(read(repo, 'tmp/sessions/_ledger.md'), /\| ABANDON \| doomed \| Pane died mid-task$/m);
  });

  it('reports a session whose agent exited (its shell is left) as gone', async () => {
    const w = world();
    const repo = makeRepo();
    const pane = await start(w, repo, 'crash', '@write src/c.ts export const c = 1;');
    assert.equal((await waitFor(w, repo, 'crash')).exitCode, 0);
    assert.equal(await status(w, repo), 'impl-crash done');
    w.killAgent(pane);
    await eventually('the agent to exit', async () => (await status(w, repo)) === 'impl-crash gone' || undefined);
    assert.equal(
      (await w.cli(repo, 'approve', 'crash', '--yes')).exitCode,
      1,
      'nothing is typed into the shell left behind',
    );
  });

  it('works in a workspace that is a subfolder of its repository', async () => {
    const w = world();
    const repo = makeRepo({ 'app/src/a.ts': 'export const a = 1;\n', 'README.md': '# top\n' });
    const app = join(repo, 'app');
    // A workspace of its own (VS Code's .vscode/ folder), not the repository's top.
    mkdirSync(join(app, '.vscode'));
    await start(w, app, 'sub', '@write src/b.ts export const b = 2;');
    assert.equal((await waitFor(w, app, 'sub')).exitCode, 0);
    assert.deepEqual([(await w.cli(app, 'verify', 'sub')).stdout], ['SHIP slug=impl-sub files=1 +1 -0']);
    writeFileSync(join(repo, 'README.md'), '# top, edited\n');
    const outside = await w.cli(app, 'verify', 'sub');
    // The user's edit outside the workspace is out of scope, and the session did not write it.
    assert.equal(
      outside.stdout,
      'NEEDS-CODE-REVIEW slug=impl-sub files=2 +2 -1 reasons=out-of-scope:../README.md;not-written-by-session:../README.md',
    );
  });

  it('spawned on another tmux server than it was drafted for, the task signals the right one', async () => {
    const w = world();
    const repo = makeRepo();
    const drafted = await execa(
      process.execPath,
      [
        CLI,
        'draft',
        'moved',
        '--goal',
        '@write src/m.ts export const m = 1;',
        '--cwd',
        repo,
        '--backend',
        'tmux',
        '--tmux-socket',
        'somewhere-else',
      ],
      { reject: false },
    );
    assert.equal(drafted.exitCode, 0);
    assert.equal((await w.cli(repo, 'spawn', 'moved', '--agent', model.agent(repo))).exitCode, 0);
    assert.match(
      read(repo, 'tmp/sessions/impl-moved-task.txt'),
      new RegExp(`^Run: tmux -L ${w.socket} wait-for -S impl-moved-[0-9a-f]{8}-done$`, 'm'),
    );
    assert.equal((await waitFor(w, repo, 'moved', 30)).stdout, 'DONE slug=impl-moved');
  });

  it('does not call an agent started through a shell-script wrapper gone', async () => {
    const w = world();
    const repo = makeRepo();
    const wrapper = model.wrapper(repo, join(repo, '..', `${w.socket}-wrap.sh`));
    assert.equal((await w.cli(repo, 'draft', 'wrapped', '--goal', '@write src/w.ts export const w = 1;')).exitCode, 0);
    const spawned = await w.cli(repo, 'spawn', 'wrapped', '--agent', wrapper);
    assert.equal(spawned.exitCode, 0, `${spawned.stdout} ${spawned.stderr}`);
    assert.equal((await waitFor(w, repo, 'wrapped')).exitCode, 0);
    assert.equal(await status(w, repo), 'impl-wrapped done');
  });

  it('reports NOT-DELIVERED when the agent never reports its task, and at once when it cannot start', async () => {
    const w = world();
    const repo = makeRepo();
    writeSettings(repo, { 'director.readyTimeoutSeconds': 1.5 });
    assert.equal((await w.cli(repo, 'draft', 'mute', '--goal', 'anything')).exitCode, 0);
    // A program that runs but never starts Claude Code's hooks (the flags spawn adds are commented out).
    const spawned = await w.cli(repo, 'spawn', 'mute', '--agent', 'sleep 600 #');
    assert.deepEqual(
      [spawned.stdout.replace(/surface=\S+ /, ''), spawned.exitCode],
      ['NOT-DELIVERED slug=impl-mute reason=no-hook-events', 1],
    );
    // An agent command the shell cannot run is reported at once: with a 10-minute ready timeout,
    // waiting for the delivery event would outlast this test's own timeout.
    writeSettings(repo, { 'director.readyTimeoutSeconds': 600 });
    assert.equal((await w.cli(repo, 'draft', 'missing', '--goal', 'anything')).exitCode, 0);
    const started = Date.now();
    const missing = await w.cli(repo, 'spawn', 'missing', '--agent', 'no-such-claude-binary');
    assert.deepEqual(
      [missing.stdout.replace(/surface=\S+ /, ''), missing.exitCode],
      ['NOT-DELIVERED slug=impl-missing reason=agent-command-failed', 1],
    );
    assert.ok(Date.now() - started < 30000);
  });

  it('closes five sessions at once into five whole ledger lines', async () => {
    const w = world();
    const repo = makeRepo();
    const slugs = ['p-one', 'p-two', 'p-three', 'p-four', 'p-five'];
    for (const slug of slugs) await start(w, repo, slug, `@write src/${slug}.ts export const x = 1;`);
    for (const slug of slugs) assert.equal((await waitFor(w, repo, slug)).exitCode, 0);
    // The five share one working tree: each sees the others' files, which its own tools did not
    // write (NEEDS-CODE-REVIEW), so SHIP needs an accepted review.
    const review = "the other files are the parallel sessions' own";
    const closed = await Promise.all(
      slugs.map((slug) =>
        w.cli(
          repo,
          'close',
          slug,
          '--outcome',
          'SHIP',
          '--summary',
          `Closed ${slug} in parallel`,
          '--accept-review',
          review,
        ),
      ),
    );
    assert.deepEqual(
      closed.map((c) => c.exitCode),
      [0, 0, 0, 0, 0],
      closed.map((c) => c.stderr).join('\n'),
    );
    const lines = read(repo, 'tmp/sessions/_ledger.md').trimEnd().split('\n');
    assert.equal(lines.length, 5);
    const whole = (slug: string) =>
      new RegExp(
        `\\| SHIP \\| ${slug} \\| Closed ${slug} in parallel( \\(SHIP over NEEDS-CODE-REVIEW: ${review}\\))?$`,
      );
    for (const slug of slugs)
      assert.equal(lines.filter((l) => whole(slug).test(l)).length, 1, `${slug}:\n${lines.join('\n')}`);
    for (const slug of slugs)
      assert.match(
        read(repo, `tmp/sessions/${slug}.txt`),
        new RegExp(`Write\\(.*src/${slug}\\.ts`),
        'each transcript is whole and its own',
      );
  });

  it('refuses hostile slugs and summaries without touching anything', async () => {
    const w = world();
    const repo = makeRepo();
    for (const slug of ['../etc', 'Upper', 'a b', '-x', 'x'.repeat(49), 'impl-', '$(touch pwned)', 'a/b']) {
      const r = await w.cli(repo, 'draft', slug, '--goal', 'x');
      assert.equal(r.exitCode, 2, `${slug}: ${r.stderr}`);
      // "-x" never reaches the slug rule: it reads as an unknown option.
      if (slug !== '-x') assert.match(r.stderr, /a slug is 1-48 characters of lowercase letters, digits and hyphens/);
    }
    assert.equal(existsSync(join(repo, 'pwned')), false);
    assert.equal(existsSync(join(repo, 'tmp')), false, 'nothing was written');
    await start(w, repo, 'ok', '@write src/ok.ts export const ok = 1;');
    await waitFor(w, repo, 'ok');
    for (const summary of ['two\nlines', 'pipe | inside', '   ', '']) {
      const r = await w.cli(repo, 'close', 'ok', '--outcome', 'SHIP', '--summary', summary);
      assert.equal(r.exitCode, 2, JSON.stringify(summary));
    }
    const maybe = await w.cli(repo, 'close', 'ok', '--outcome', 'MAYBE', '--summary', 'x');
    assert.notEqual(maybe.exitCode, 0);
    assert.match(maybe.stderr, /must be one of SHIP, NO-SHIP, ABANDON/);
    assert.equal(existsSync(join(repo, 'tmp/sessions/_ledger.md')), false, 'no ledger line was written');
    assert.equal(await status(w, repo), 'impl-ok done', 'the session is still open');
    assert.equal((await w.cli(repo, 'verify')).exitCode, 2);
    assert.equal((await w.cli(repo, 'spawn', 'ok', '--bogus')).exitCode, 2);
  });

  it('never takes a reused tmux pane id for the session (after a server restart)', async () => {
    const w = world();
    const repo = makeRepo();
    const pane = await start(w, repo, 'reused', '@hang');
    w.kill();
    // kill-server returns before the old server is gone; starting a new one too early races it.
    await eventually(
      'the old server to exit',
      () => execaSync('tmux', ['-L', w.socket, 'list-sessions'], { reject: false }).exitCode !== 0 || undefined,
    );
    await new Promise((r) => setTimeout(r, 300));
    w.tmux('new-session', '-d', '-s', 'users-own', 'sleep 300');
    await eventually("the user's new server", () => w.tmux('list-panes', '-a', '-F', '#{pane_id}').trim() || undefined);
    const users = w.tmux('list-panes', '-a', '-F', '#{pane_id}').trim();
    assert.equal(users, pane, 'tmux handed out the same pane id again');
    assert.equal(await status(w, repo), 'impl-reused gone');
    assert.equal((await w.cli(repo, 'approve', 'reused', '--yes')).exitCode, 1);
    const closed = await w.cli(repo, 'close', 'reused', '--outcome', 'ABANDON', '--summary', 'Server restarted');
    assert.equal(closed.exitCode, 0, closed.stderr);
    assert.equal(w.tmux('list-panes', '-a', '-F', '#{pane_id}').trim(), users, "the user's pane was left alone");
  });

  it('verifies a session that left a nested repository and a symlink behind', async () => {
    const w = world();
    const repo = makeRepo();
    await start(
      w,
      repo,
      'nested',
      '@write vendor/lib/index.js module.exports = 1;\n@write src/ok.ts export const ok = 1;',
    );
    assert.equal((await waitFor(w, repo, 'nested')).exitCode, 0);
    execaSync('git', ['init', '-q'], { cwd: join(repo, 'vendor/lib') });
    symlinkSync(join(repo, 'vendor'), join(repo, 'src/vendor-link.ts'));
    const verified = await w.cli(repo, 'verify', 'nested', '--json');
    assert.equal(verified.exitCode, 4, verified.stderr);
    const json = JSON.parse(verified.stdout) as { files: Array<{ path: string; status: string }>; reasons: string[] };
    assert.deepEqual(
      json.files.map((f) => `${f.status} ${f.path}`),
      ['added src/ok.ts', 'added src/vendor-link.ts', 'added vendor/lib/'],
    );
    // The symlink and the nested repository (its .git) were made here, not by the session's tools:
    // verify says so. (`skipped:` notes about checks that could not run are not review reasons.)
    const review = json.reasons.filter((r) => !r.startsWith('skipped:'));
    assert.deepEqual(review, [
      'out-of-scope:vendor/lib/',
      'not-written-by-session:src/vendor-link.ts',
      'not-written-by-session:vendor/lib/',
    ]);
  });
});
