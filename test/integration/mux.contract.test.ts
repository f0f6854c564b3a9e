/**
 * One contract, two backends: every adapter operation against a real tmux server on a private
 * socket, and against the fake cmux executable (which itself drives real tmux panes and keeps
 * cmux's file-based wait-for semantics). The same cases must pass on both.
 */
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execaSync } from 'execa';
import { realpathSync } from 'node:fs';
import { CmuxBackend } from '../../src/mux/cmux';
import { MuxError } from '../../src/mux/errors';
import { TmuxBackend } from '../../src/mux/tmux';
import type { Multiplexer } from '../../src/mux/types';
import { eventually, FAKE_CMUX, fakeCmuxEnv, uniqueName, tempDir, it } from './helpers';

interface Harness {
  readonly name: string;
  readonly mux: Multiplexer;
  teardown(): void;
}

function tmuxHarness(): Harness {
  const socket = uniqueName('contract-tmux');
  return {
    name: 'tmux',
    mux: new TmuxBackend({ socket }),
    teardown: () => void execaSync('tmux', ['-L', socket, 'kill-server'], { reject: false }),
  };
}

function cmuxHarness(): Harness {
  // A stale target inherited from a cmux terminal must not redirect anything: the adapter scrubs it.
  const { env, socket } = fakeCmuxEnv({
    CMUX_SURFACE_ID: '00000000-0000-0000-0000-000000000000',
    CMUX_WORKSPACE_ID: 'workspace:99',
  });
  return {
    name: 'cmux',
    mux: new CmuxBackend({ binary: FAKE_CMUX, env }),
    teardown: () => void execaSync('tmux', ['-L', socket, 'kill-server'], { reject: false }),
  };
}

const screenOf = (h: Harness, pane: string) => h.mux.readScreen(pane, 30);

for (const make of [tmuxHarness, cmuxHarness]) {
  const h = make();
  describe(`multiplexer contract: ${h.name}`, () => {
    const cwd = realpathSync(tempDir('contract-cwd-'));
    let keeper: string;
    let pane: string;
    before(async () => {
      // A second pane keeps the server (tmux) / workspace (cmux) alive when `pane` is closed.
      keeper = (await h.mux.createPane({ cwd, title: 'keeper' })).id;
    });
    after(() => h.teardown());

    it('identifies itself', async () => {
      const id = await h.mux.ping();
      assert.equal(id.backend, h.name);
      assert.match(id.version, h.name === 'tmux' ? /^tmux \d/ : /^cmux \d+\.\d+/);
    });

    it('creates a pane in the given directory, titled, with a stable id', async () => {
      const created = await h.mux.createPane({ cwd, title: 'impl-contract', direction: 'right' });
      pane = created.id;
      assert.match(pane, h.name === 'tmux' ? /^%\d+$/ : /^[0-9A-F-]{36}$/);
      const listed = (await h.mux.listPanes()).find((p) => p.id === pane);
      assert.equal(listed?.title, 'impl-contract');
      await h.mux.sendText(pane, 'pwd');
      await h.mux.sendKey(pane, 'Enter');
      await eventually('pwd output', async () => (await screenOf(h, pane)).split('\n').includes(cwd) || undefined);
    });

    it('types literal text without interpreting it', async () => {
      await h.mux.sendText(pane, `echo '$HOME "q" ; \\x' # literal`);
      await h.mux.sendKey(pane, 'Enter');
      await eventually(
        'literal echo',
        async () => (await screenOf(h, pane)).split('\n').includes('$HOME "q" ; \\x') || undefined,
      );
    });

    it('refuses newlines and control characters before sending anything', async () => {
      for (const bad of ['two\nlines', 'tab\there', 'esc\u001b[2J', 'cr\r']) {
        await assert.rejects(
          h.mux.sendText(pane, bad),
          (e: unknown) => e instanceof MuxError && e.kind === 'invalid-input' && /one line/.test(e.message),
        );
      }
    });

    it('sends named keys: digits, Enter, ctrl-c', async () => {
      await h.mux.sendText(pane, 'read answer; echo "got-$answer"');
      await h.mux.sendKey(pane, 'Enter');
      await h.mux.sendKey(pane, '7');
      await h.mux.sendKey(pane, 'Enter');
      await eventually('digit read back', async () => (await screenOf(h, pane)).includes('got-7') || undefined);
      await h.mux.sendText(pane, 'sleep 30; echo not-interrupted');
      await h.mux.sendKey(pane, 'Enter');
      await h.mux.sendKey(pane, 'ctrl-c');
      await h.mux.sendText(pane, 'echo after-interrupt');
      await h.mux.sendKey(pane, 'Enter');
      await eventually(
        'interrupt',
        async () => (await screenOf(h, pane)).split('\n').includes('after-interrupt') || undefined,
      );
      assert.equal((await screenOf(h, pane)).split('\n').includes('not-interrupted'), false);
    });

    it('reads the last N lines of the screen', async () => {
      await h.mux.sendText(pane, 'clear; for i in 1 2 3 4 5 6; do echo line-$i; done');
      await h.mux.sendKey(pane, 'Enter');
      await eventually('lines', async () => (await screenOf(h, pane)).includes('line-6') || undefined);
      const three = (await h.mux.readScreen(pane, 3)).split('\n');
      assert.equal(three.length, 3);
      assert.deepEqual(three.slice(0, 2), ['line-5', 'line-6']);
    });

    it('latches a signal sent before anyone waits', async () => {
      const channel = uniqueName('early');
      await h.mux.signal(channel);
      assert.equal(await h.mux.waitForSignal(channel, { timeoutMs: 5000 }), 'signalled');
    });

    it('lets every waiter of a channel see its signal, and release leaves no waiter behind', async () => {
      const channel = uniqueName('shared');
      const first = h.mux.waitForSignal(channel, { timeoutMs: 15000 });
      const second = h.mux.waitForSignal(channel, { timeoutMs: 15000 });
      await new Promise((r) => setTimeout(r, 300));
      await h.mux.signal(channel);
      assert.deepEqual(
        await Promise.all([first, second]),
        ['signalled', 'signalled'],
        'the CLI and VS Code waiting on one session both wake',
      );
      const abandoned = await h.mux.waitForSignal(`${channel}-q`, { timeoutMs: 200 });
      assert.equal(abandoned, 'timed-out');
      await h.mux.release([channel, `${channel}-q`]);
    });

    it('wakes a waiter when the pane runs the signal command', async () => {
      const channel = uniqueName('from-pane');
      const waiting = h.mux.waitForSignal(channel, { timeoutMs: 15000 });
      await h.mux.sendText(pane, h.mux.signalCommand(channel));
      await h.mux.sendKey(pane, 'Enter');
      assert.equal(await waiting, 'signalled');
    });

    it('times out, cancels, and never loses a signal that arrives after a timeout', async () => {
      const channel = uniqueName('late');
      const t0 = Date.now();
      assert.equal(await h.mux.waitForSignal(channel, { timeoutMs: 400 }), 'timed-out');
      assert.ok(Date.now() - t0 < 4000);
      const controller = new AbortController();
      const cancelled = h.mux.waitForSignal(channel, { timeoutMs: 20000, signal: controller.signal });
      setTimeout(() => controller.abort(), 200);
      assert.equal(await cancelled, 'cancelled');
      await h.mux.signal(channel);
      assert.equal(await h.mux.waitForSignal(channel, { timeoutMs: 5000 }), 'signalled');
    });

    it('renames, focuses and closes a pane; a closed pane is an unknown pane', async () => {
      await h.mux.setTitle(pane, 'impl-renamed');
      assert.equal((await h.mux.listPanes()).find((p) => p.id === pane)?.title, 'impl-renamed');
      await h.mux.focusPane(pane);
      await h.mux.notify('cmux Director', 'contract test');
      await h.mux.closePane(pane);
      assert.equal(
        (await h.mux.listPanes()).some((p) => p.id === pane),
        false,
      );
      assert.ok((await h.mux.listPanes()).some((p) => p.id === keeper));
      await assert.rejects(
        h.mux.sendText(pane, 'x'),
        (e: unknown) => e instanceof MuxError && e.kind === 'unknown-pane' && /no longer exists/.test(e.message),
      );
      await assert.rejects(
        h.mux.readScreen(pane, 5),
        (e: unknown) => e instanceof MuxError && e.kind === 'unknown-pane',
      );
    });
  });
}

describe('multiplexer errors name the fix', () => {
  it('a missing binary is not-installed, on both backends', async () => {
    const tmux = new TmuxBackend({ binary: '/nonexistent/tmux' });
    await assert.rejects(
      tmux.ping(),
      (e: unknown) => e instanceof MuxError && e.kind === 'not-installed' && /apt install tmux/.test(e.message),
    );
    const cmux = new CmuxBackend({ binary: '/nonexistent/cmux' });
    await assert.rejects(
      cmux.ping(),
      (e: unknown) => e instanceof MuxError && e.kind === 'not-installed' && /director\.cmuxPath/.test(e.message),
    );
  });

  it('a tmux server that is not running', async () => {
    const tmux = new TmuxBackend({ socket: uniqueName('absent') });
    assert.deepEqual(await tmux.listPanes(), []);
    await assert.rejects(
      tmux.sendText('%1', 'x'),
      (e: unknown) => e instanceof MuxError && e.kind === 'server-not-running' && /is not running/.test(e.message),
    );
  });

  it('cmux refusing external callers, with the settings fix', async () => {
    const { env } = fakeCmuxEnv({ FAKE_CMUX_MODE: 'cmuxOnly' });
    const cmux = new CmuxBackend({ binary: FAKE_CMUX, env });
    await assert.rejects(
      cmux.ping(),
      (e: unknown) =>
        e instanceof MuxError &&
        e.kind === 'access-denied' &&
        e.exitCode === 1 &&
        /Access denied - only processes started inside cmux can connect/.test(e.stderr) &&
        /Settings > Automation > Socket Control Mode/.test(e.message) &&
        /cmux ping/.test(e.message),
    );
  });

  it('cmux in password mode: wrong password, then the right one', async () => {
    const { env, socket } = fakeCmuxEnv({ FAKE_CMUX_MODE: 'password', FAKE_CMUX_PASSWORD: 's3cret' });
    await assert.rejects(
      new CmuxBackend({ binary: FAKE_CMUX, env, password: 'nope' }).ping(),
      (e: unknown) => e instanceof MuxError && e.kind === 'auth-failed',
    );
    assert.equal((await new CmuxBackend({ binary: FAKE_CMUX, env, password: 's3cret' }).ping()).backend, 'cmux');
    execaSync('tmux', ['-L', socket, 'kill-server'], { reject: false });
  });

  it('cmux not running', async () => {
    const { env } = fakeCmuxEnv({ FAKE_CMUX_NOT_RUNNING: '1' });
    await assert.rejects(
      new CmuxBackend({ binary: FAKE_CMUX, env }).ping(),
      (e: unknown) => e instanceof MuxError && e.kind === 'server-not-running' && /open the cmux app/.test(e.message),
    );
  });

  it('cmux text that cmux would turn into key presses is refused', async () => {
    const { env } = fakeCmuxEnv();
    await assert.rejects(
      new CmuxBackend({ binary: FAKE_CMUX, env }).sendText('surface:1', 'say \\n here'),
      (e: unknown) => e instanceof MuxError && e.kind === 'invalid-input',
    );
  });
});
