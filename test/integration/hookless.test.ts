/**
 * Sessions whose hooks never run (here: the user's own settings say `disableAllHooks`, as a
 * managed policy can): spawn still proves delivery, from `claude agents --json`, and status
 * follows the session through that list; the loop finishes with no keystroke.
 */
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, hookEvents, it, makeRepo, read, surfaceOf, realClaudeSuite } from './helpers';

const { model, world } = realClaudeSuite();

describe('a session whose hooks never run', () => {
  it("is delivered, followed and closed through Claude Code's session list", async () => {
    const w = world();
    const repo = makeRepo();
    const goal = 'Add c.\n@bash sleep 10\n@write src/c.ts export const c = 3;';
    assert.equal((await w.cli(repo, 'draft', 'no-hooks', '--goal', goal, '--scope', 'src/**')).exitCode, 0);
    const agent = model.agent(repo, { disableAllHooks: true });
    const spawned = await w.cli(repo, 'spawn', 'no-hooks', '--agent', agent);
    assert.equal(spawned.exitCode, 0, `${spawned.stdout} ${spawned.stderr}`);
    assert.match(spawned.stdout, /^SPAWNED slug=impl-no-hooks /);
    assert.deepEqual(hookEvents(repo, 'no-hooks'), [], 'no hook ran: delivery was proved by the session list');
    const pane = surfaceOf(spawned.stdout);
    // While its Bash call sleeps, the list says busy: running, with no screen needed.
    await eventually(
      'status running',
      async () => (await w.cli(repo, 'status')).stdout === 'impl-no-hooks running' || undefined,
    );
    const waited = await w.cli(repo, 'wait', 'no-hooks', '--timeout', '90');
    assert.deepEqual([waited.stdout, waited.exitCode], ['DONE slug=impl-no-hooks', 0]);
    assert.equal((await w.cli(repo, 'status')).stdout, 'impl-no-hooks done');
    const verified = await w.cli(repo, 'verify', 'no-hooks');
    assert.match(verified.stdout, /^SHIP /, verified.stdout);
    const closed = await w.cli(repo, 'close', 'no-hooks', '--outcome', 'SHIP', '--summary', 'Added src/c.ts', '--json');
    assert.equal(closed.exitCode, 0, closed.stderr);
    assert.match(read(repo, 'tmp/sessions/_ledger.md'), /\| SHIP \| no-hooks \| Added src\/c\.ts$/m);
    assert.equal(w.tmux('list-panes', '-a', '-F', '#{pane_id}').includes(pane), false, 'the pane is closed');
  });

  it('shows gone once the agent is no longer in the list', async () => {
    const w = world();
    const repo = makeRepo();
    const goal = 'Think for a while.\n@sleep 40000\n@write src/late.ts export const late = 1;';
    assert.equal((await w.cli(repo, 'draft', 'no-hooks-gone', '--goal', goal, '--scope', 'src/**')).exitCode, 0);
    const spawned = await w.cli(
      repo,
      'spawn',
      'no-hooks-gone',
      '--agent',
      model.agent(repo, { disableAllHooks: true }),
    );
    assert.equal(spawned.exitCode, 0, `${spawned.stdout} ${spawned.stderr}`);
    const pid = Number(w.tmux('display-message', '-p', '-t', surfaceOf(spawned.stdout), '#{pane_pid}').trim());
    // The agent is killed (its pane shell stays): the list no longer has it.
    const children = (await import('node:child_process'))
      .execFileSync('pgrep', ['-P', String(pid)])
      .toString()
      .trim()
      .split('\n');
    for (const child of children) process.kill(Number(child), 'SIGKILL');
    await eventually(
      'status gone',
      async () => (await w.cli(repo, 'status')).stdout === 'impl-no-hooks-gone gone' || undefined,
    );
  });
});
