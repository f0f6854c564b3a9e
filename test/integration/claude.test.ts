/**
 * The director loop on the real Claude Code (the pinned npm binary) in real tmux panes, driven
 * by the scripted local Messages API: delivery by hook events, done with no keystroke, held
 * permission requests, questions, idle turns, a killed agent, transcripts and tokens.
 */
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execaSync } from 'execa';
import { ledgerRowsAt } from '../../src/director';
import { eventually, makeRepo, read, surfaceOf, TmuxWorld, realClaudeSuite, it } from './helpers';

const { model, world } = realClaudeSuite();

async function start(w: TmuxWorld, repo: string, slug: string, goal: string, columns?: number): Promise<string> {
  const drafted = await w.cli(repo, 'draft', slug, '--goal', goal, '--scope', 'src/**');
  assert.equal(drafted.exitCode, 0, drafted.stderr);
  if (columns) {
    // Sessions open in a window of the `cmux-director` tmux session: size that session first.
    w.tmux('new-session', '-d', '-s', 'cmux-director', '-x', String(columns), '-y', '50', '-c', repo);
    w.tmux('set-option', '-t', 'cmux-director', 'window-size', 'manual');
    w.tmux('set-option', '-g', 'default-size', `${columns}x50`);
  }
  const spawned = await w.cli(repo, 'spawn', slug, '--agent', model.agent(repo));
  assert.equal(spawned.exitCode, 0, `${spawned.stdout} ${spawned.stderr}`);
  assert.match(
    spawned.stdout,
    new RegExp(`^SPAWNED slug=impl-${slug} surface=%\\d+ wait_token=impl-${slug}-[0-9a-f]{8}$`),
  );
  return surfaceOf(spawned.stdout);
}

const status = async (w: TmuxWorld, repo: string) => (await w.cli(repo, 'status')).stdout;

describe('the loop on the real Claude Code', () => {
  it('delivers the task by event, finishes with no keystroke, exports the transcript and counts tokens', async () => {
    const w = world();
    const repo = makeRepo();
    const pane = await start(w, repo, 'add-b', 'Add b.\n@write src/b.ts export const b = 2;');
    // The session is named at start: Claude Code draws the name into its prompt box's rule.
    await eventually('the session name on screen', () => /─ impl-add-b ─/.test(w.screen(pane)) || undefined);
    const waited = await w.cli(repo, 'wait', 'add-b', '--timeout', '60');
    assert.deepEqual([waited.stdout, waited.exitCode], ['DONE slug=impl-add-b', 0]);
    assert.equal(await status(w, repo), 'impl-add-b done');
    const verified = await w.cli(repo, 'verify', 'add-b', '--json');
    const verdict = JSON.parse(verified.stdout) as { result: string; written: string[] };
    assert.equal(verdict.result, 'SHIP', verified.stdout);
    assert.deepEqual(verdict.written, ['src/b.ts'], 'verify names the files the session itself wrote');
    const statusJson = JSON.parse((await w.cli(repo, 'status', '--json')).stdout) as {
      sessions: Array<{ tokens: { input: number; output: number }; costUsd: number }>;
    };
    assert.ok(
      statusJson.sessions[0]!.tokens.input > 0 && statusJson.sessions[0]!.tokens.output > 0,
      'tokens come from the transcript',
    );
    assert.ok(statusJson.sessions[0]!.costUsd > 0);

    const closed = await w.cli(repo, 'close', 'add-b', '--outcome', 'SHIP', '--summary', 'Added src/b.ts', '--json');
    assert.equal(closed.exitCode, 0, closed.stderr);
    const closedJson = JSON.parse(closed.stdout) as { transcript: { exported: boolean }; tokens: { output: number } };
    assert.equal(closedJson.transcript.exported, true);
    assert.ok(closedJson.tokens.output > 0);
    const transcript = read(repo, 'tmp/sessions/add-b.txt');
    assert.match(transcript, /Read tmp\/sessions\/impl-add-b-task\.txt/);
    assert.match(transcript, /Write\(.*src\/b\.ts/);
    assert.match(read(repo, 'tmp/sessions/_ledger.md'), /\| SHIP \| add-b \| Added src\/b\.ts$/m);
    const [row] = ledgerRowsAt(repo);
    assert.ok(
      row?.kind === 'entry' && row.usage && row.usage.tokens > 0 && row.usage.costUsd > 0,
      "the Ledger view shows the session's tokens and cost",
    );
    assert.equal(w.tmux('list-panes', '-a', '-F', '#{pane_id}').includes(pane), false, 'the pane is closed');
  });

  for (const columns of [200, 100]) {
    it(`approves one permission request and denies another from the CLI, in a ${columns}-column pane`, async () => {
      const w = world();
      const repo = makeRepo();
      const outside = join(repo, '..', `${w.socket}-ran.txt`);
      await start(
        w,
        repo,
        'perm',
        `Two commands.\n@bash echo yes > ${outside}\n@bash echo no > ${outside}.denied\n@write src/p.ts export const p = 1;`,
        columns,
      );
      await eventually(
        'needs-permission',
        async () => (await status(w, repo)) === 'impl-perm needs-permission' || undefined,
        30000,
      );
      const json = JSON.parse((await w.cli(repo, 'status', '--json')).stdout) as {
        sessions: Array<{ permission: { tool: string; detail: string } }>;
      };
      assert.deepEqual(json.sessions[0]!.permission, { tool: 'Bash', detail: `echo yes > ${outside}`, held: true });
      const yes = await w.cli(repo, 'approve', 'perm', '--yes');
      assert.deepEqual([yes.stdout, yes.exitCode], [`APPROVED slug=impl-perm prompt=Bash: echo yes > ${outside}`, 0]);
      await eventually(
        'the second request',
        async () => (await status(w, repo)) === 'impl-perm needs-permission' || undefined,
        30000,
      );
      const no = await w.cli(repo, 'approve', 'perm', '--no');
      assert.deepEqual([no.stdout, no.exitCode], [`DENIED slug=impl-perm prompt=Bash: echo no > ${outside}.denied`, 0]);
      const waited = await w.cli(repo, 'wait', 'perm', '--timeout', '60');
      assert.equal(waited.stdout, 'DONE slug=impl-perm');
      assert.equal(readFileSync(outside, 'utf8'), 'yes\n');
      assert.equal(existsSync(`${outside}.denied`), false, 'the denied command never ran');
      assert.equal((await w.cli(repo, 'approve', 'perm', '--yes')).stdout, 'NO-PROMPT slug=impl-perm');
    });
  }

  it('answers a question with a redirect, and shows a turn that ended without a signal as idle', async () => {
    const w = world();
    const repo = makeRepo();
    await start(w, repo, 'asker', 'Ask first.\n@ask Which name should the export have?');
    const waited = await w.cli(repo, 'wait', 'asker', '--timeout', '60');
    assert.deepEqual(
      [waited.stdout, waited.exitCode],
      ['QUESTION slug=impl-asker file=tmp/sessions/impl-asker-question.txt', 5],
    );
    assert.match(read(repo, 'tmp/sessions/impl-asker-question.txt'), /Which name/);
    await eventually(
      'idle after the question turn',
      async () => (await status(w, repo)) === 'impl-asker question' || undefined,
    );
    const redirected = await w.cli(
      repo,
      'redirect',
      'asker',
      '--message',
      'Call it answer. @write src/answer.ts export const answer = 42;',
    );
    assert.equal(redirected.exitCode, 0, redirected.stderr);
    assert.equal((await w.cli(repo, 'wait', 'asker', '--timeout', '60')).stdout, 'DONE slug=impl-asker');
    assert.equal(read(repo, 'src/answer.ts'), 'export const answer = 42;\n');

    // A turn that ends with no signal leaves the session idle, from its Stop event.
    const idle = await w.cli(
      repo,
      'redirect',
      'asker',
      '--message',
      'Look around, then stop without signalling. @nodone',
    );
    assert.equal(idle.exitCode, 0, idle.stderr);
    await eventually('idle', async () => (await status(w, repo)) === 'impl-asker idle' || undefined, 30000);
    // A message that starts with / is never run as a slash command.
    const slash = await w.cli(repo, 'redirect', 'asker', '--message', '/exit is not what I mean; just stop. @nodone');
    assert.equal(slash.exitCode, 0, slash.stderr);
    assert.match(read(repo, 'tmp/sessions/impl-asker-redirect-3.txt'), /^\/exit is not what I mean/m);
    await eventually('idle again', async () => (await status(w, repo)) === 'impl-asker idle' || undefined, 30000);
  });

  it('shows a killed agent as gone within seconds', async () => {
    const w = world();
    const repo = makeRepo();
    const pane = await start(w, repo, 'victim', 'Wait for a while.\n@hang');
    await eventually('running', async () => (await status(w, repo)) === 'impl-victim running' || undefined);
    const shellPid = w.tmux('display-message', '-p', '-t', pane, '#{pane_pid}').trim();
    execaSync('pkill', ['-KILL', '-P', shellPid], { reject: false });
    const started = Date.now();
    await eventually('gone', async () => (await status(w, repo)) === 'impl-victim gone' || undefined, 10000);
    assert.ok(Date.now() - started < 10000);
    const redirect = await w.cli(repo, 'redirect', 'victim', '--message', 'hello');
    assert.equal(redirect.exitCode, 1, 'nothing is typed into the shell the agent left behind');
  });
});
