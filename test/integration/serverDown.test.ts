/**
 * A multiplexer server that died is one fact, said once: `status` lists every open session as
 * gone and adds one line naming the server and the fix, instead of failing or leaving the user to
 * guess why every pane vanished. A server that came back is not reported; one that died again is.
 * Real Claude Code, real tmux on a private socket.
 */
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { Director } from '../../src/director';
import { TmuxBackend } from '../../src/mux/tmux';
import { eventually, makeRepo, realClaudeSuite, it } from './helpers';

const { model, world } = realClaudeSuite();

describe('a tmux server that died under open sessions', () => {
  it('status shows every session gone and says once that the server stopped, and what to do', async () => {
    const w = world();
    const repo = makeRepo();
    for (const slug of ['first', 'second']) {
      assert.equal((await w.cli(repo, 'draft', slug, '--goal', 'Think forever.\n@hang')).exitCode, 0);
      const spawned = await w.cli(repo, 'spawn', slug, '--agent', model.agent(repo));
      assert.equal(spawned.exitCode, 0, `${spawned.stdout} ${spawned.stderr}`);
    }
    const serverLine = (stderr: string) => stderr.split('\n').filter((l) => /not running/.test(l));

    w.kill();
    const down = await eventually('status after the kill', async () => {
      const r = await w.cli(repo, 'status');
      return r.stdout === 'impl-first gone\nimpl-second gone' ? r : undefined;
    });
    assert.equal(down.exitCode, 0, down.stderr);
    const lines = serverLine(down.stderr);
    assert.equal(lines.length, 1, `one line about the server, got:\n${down.stderr}`);
    assert.match(lines[0]!, new RegExp(`tmux -L ${w.socket}`), 'it names the server');
    assert.match(lines[0]!, /2 open sessions are gone/);
    assert.match(lines[0]!, /cmux-director close <slug> --outcome ABANDON/, 'it says how to record them');
    const json = JSON.parse((await w.cli(repo, 'status', '--json')).stdout) as {
      multiplexerDown?: { code: string; message: string };
    };
    assert.equal(json.multiplexerDown?.code, 'multiplexer-not-running');

    // The server back (someone's own session on that socket): the old panes are still gone, the server is not.
    await eventually('the server restarts', () => (w.tmux('new-session', '-d'), w.tmux('list-sessions')) || undefined);
    const back = await w.cli(repo, 'status');
    assert.equal(back.stdout, 'impl-first gone\nimpl-second gone');
    assert.deepEqual(serverLine(back.stderr), [], 'a running server is not reported as stopped');

    w.kill();
    const again = await eventually('status after the second kill', async () => {
      const r = await w.cli(repo, 'status');
      return serverLine(r.stderr).length > 0 ? r : undefined;
    });
    assert.equal(serverLine(again.stderr).length, 1, again.stderr);
  });
});

describe('the pane listing behind status', () => {
  it('a re-read on a hook event reuses a listing moments old, never for a session spawned since', async () => {
    const w = world();
    const repo = makeRepo();
    const spawn = async (slug: string) => {
      assert.equal((await w.cli(repo, 'draft', slug, '--goal', 'Think forever.\n@hang')).exitCode, 0);
      const spawned = await w.cli(repo, 'spawn', slug, '--agent', model.agent(repo));
      assert.equal(spawned.exitCode, 0, `${spawned.stdout} ${spawned.stderr}`);
    };
    await spawn('first');
    let listings = 0;
    const director = await Director.open({
      cwd: repo,
      mux: new TmuxBackend({
        socket: w.socket,
        observer: (call) => void (call.argv.includes('list-panes') && listings++),
      }),
      ignoreWorkspaceSettings: true,
    });
    const states = (r: Awaited<ReturnType<typeof director.status>>) => r.sessions.map((s) => `${s.slug} ${s.state}`);
    const reuse = { reuseListingMs: 60_000 };

    assert.deepEqual(states(await director.status(reuse)), ['impl-first running']);
    assert.equal(listings, 1);
    assert.deepEqual(states(await director.status(reuse)), ['impl-first running']);
    assert.equal(listings, 1, 'a listing moments old answers: no tmux process per hook event');
    await director.status();
    assert.equal(listings, 2, 'a plain status lists afresh');

    await spawn('second');
    assert.deepEqual(states(await director.status(reuse)), ['impl-first running', 'impl-second running']);
    assert.equal(listings, 3, 'a pane the last listing lacks is looked for afresh, not taken for gone');

    w.kill();
    const down = await director.status();
    assert.equal(down.multiplexerDown?.code, 'multiplexer-not-running');
    const reused = await director.status(reuse);
    assert.equal(listings, 4);
    assert.equal(reused.multiplexerDown?.code, 'multiplexer-not-running', 'a reused listing keeps the stopped server');
  });
});
