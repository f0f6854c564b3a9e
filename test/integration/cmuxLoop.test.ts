/**
 * The same director loop on the cmux backend (the fake cmux CLI, which follows cmux's documented
 * formats and file-based wait-for, driving real tmux panes) with the real Claude Code against the
 * scripted model, plus backend choice in `auto` mode.
 */
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execa, execaSync } from 'execa';
import { mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Director } from '../../src/director/director';
import { chooseBackend } from '../../src/mux/detect';
import { MuxError } from '../../src/mux/errors';
import { CLI, FAKE_CMUX, fakeCmuxEnv, makeRepo, read, ScriptedModel, writeSettings, tempDir, it } from './helpers';

const model = new ScriptedModel();
const sockets: string[] = [];
before(() => model.start());
after(async () => {
  for (const s of sockets) execaSync('tmux', ['-L', s, 'kill-server'], { reject: false });
  await model.stop();
});

/** A PATH holding only the given tools (as symlinks), for "what is installed" scenarios. */
function pathWith(tools: Record<string, string>): string {
  const dir = tempDir('path-');
  for (const [name, target] of Object.entries(tools)) symlinkSync(target, join(dir, name));
  return `${dir}:${dirname(process.execPath)}:/bin`;
}

describe('director loop on the cmux backend', () => {
  it('spawns, waits, verifies and closes through cmux', async () => {
    // The workspace's settings name the cmux binary: applied with the user's consent.
    const { env, socket, state } = fakeCmuxEnv({ CMUX_DIRECTOR_TRUST_WORKSPACE: '1' });
    sockets.push(socket);
    const repo = makeRepo();
    writeSettings(repo, { 'director.backend': 'cmux', 'director.cmuxPath': FAKE_CMUX });
    const cli = async (...args: string[]) => {
      const r = await execa(process.execPath, [CLI, ...args, '--cwd', repo], { env, reject: false });
      return { out: String(r.stdout).trim(), err: String(r.stderr).trim(), code: r.exitCode };
    };
    assert.equal(
      (await cli('draft', 'via-cmux', '--goal', '@write src/c.ts export const c = 3;', '--scope', 'src/**')).code,
      0,
    );
    assert.match(
      read(repo, 'tmp/sessions/impl-via-cmux-task.txt'),
      new RegExp(`^Run: ${FAKE_CMUX.replace(/[/.]/g, '\\$&')} wait-for -S impl-via-cmux-[0-9a-f]{8}-done$`, 'm'),
    );
    const spawned = await cli('spawn', 'via-cmux', '--agent', model.agent(repo));
    assert.match(
      spawned.out,
      /^SPAWNED slug=impl-via-cmux surface=[0-9A-F-]{36} wait_token=impl-via-cmux-[0-9a-f]{8}$/,
      spawned.err,
    );
    assert.equal((await cli('wait', 'via-cmux', '--timeout', '30')).out, 'DONE slug=impl-via-cmux');
    assert.equal((await cli('status')).out, 'impl-via-cmux done');
    assert.equal((await cli('verify', 'via-cmux')).out, 'SHIP slug=impl-via-cmux files=1 +1 -0');
    const closed = await cli('close', 'via-cmux', '--outcome', 'SHIP', '--summary', 'Added c through cmux');
    assert.equal(closed.code, 0, closed.err);
    assert.match(read(repo, 'tmp/sessions/_ledger.md'), /\| SHIP \| via-cmux \| Added c through cmux\n$/);
    // Every cmux call named its target explicitly and ran without inherited CMUX_* targets.
    const calls = read(state, 'calls.jsonl')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { argv: string[]; env?: Record<string, string> });
    for (const call of calls.filter((c) => ['send', 'send-key', 'read-screen'].includes(c.argv[0]!)))
      assert.ok(call.argv.includes('--surface'), call.argv.join(' '));
  });

  it('a question passed on between waiters is not reported twice', async () => {
    const { env, socket } = fakeCmuxEnv();
    sockets.push(socket);
    const repo = makeRepo();
    const director = await Director.open({ cwd: repo, env, overrides: { backend: 'cmux', cmuxPath: FAKE_CMUX } });
    await director.draft('asks', { goal: '@ask Which port?', scope: [] });
    assert.equal((await director.spawn('asks', { agent: model.agent(repo) })).kind, 'SPAWNED');
    assert.equal((await director.wait('asks', { timeoutSeconds: 30 })).kind, 'QUESTION');
    // The first wait passed the signal on (cmux gives it to one waiter only). A front that keeps
    // waiting past the known question must swallow that echo, not loop on it.
    // (Bounded from outside too: a wait that ignored its own 2 s timeout would end CANCELLED, not hang the suite.)
    const bound = AbortSignal.timeout(15000);
    assert.equal(
      (await director.wait('asks', { timeoutSeconds: 2, pastQuestion: true, signal: bound })).kind,
      'TIMEOUT',
    );
    assert.equal(JSON.parse(read(repo, 'tmp/sessions/impl-asks.json')).questions, 1);
  });

  it('reports the socket-mode fix when cmux refuses external callers', async () => {
    const { env } = fakeCmuxEnv({ FAKE_CMUX_MODE: 'cmuxOnly' });
    const repo = makeRepo();
    const r = await execa(process.execPath, [CLI, 'status', '--cwd', repo], {
      env: { ...env, PATH: pathWith({ cmux: FAKE_CMUX }) },
      reject: false,
    });
    assert.equal(r.exitCode, 1);
    assert.match(String(r.stderr), /^cmux-director: error: .*Socket Control Mode.*Automation mode/);
  });
});

describe('backend choice (auto)', () => {
  it('prefers cmux when its CLI answers', async () => {
    const { env, socket } = fakeCmuxEnv();
    sockets.push(socket);
    const choice = await chooseBackend({
      backend: 'auto',
      env: { ...env, PATH: pathWith({ cmux: FAKE_CMUX, tmux: '/usr/bin/tmux' }) },
    });
    assert.equal(choice.mux.kind, 'cmux');
    assert.match(choice.reason, /answered ping/);
  });

  it('falls back to tmux when cmux is absent or not running, and says why', async () => {
    const absent = await chooseBackend({
      backend: 'auto',
      env: { ...process.env, PATH: pathWith({ tmux: '/usr/bin/tmux' }) },
    });
    assert.equal(absent.mux.kind, 'tmux');
    assert.match(absent.reason, /cmux CLI not found/);
    const { env } = fakeCmuxEnv({ FAKE_CMUX_NOT_RUNNING: '1' });
    const down = await chooseBackend({
      backend: 'auto',
      env: { ...env, PATH: pathWith({ cmux: FAKE_CMUX, tmux: '/usr/bin/tmux' }) },
    });
    assert.equal(down.mux.kind, 'tmux');
    assert.match(down.reason, /No live cmux socket/);
  });

  it('names both fixes when nothing is installed', async () => {
    mkdirSync(join(tmpdir(), 'empty-path'), { recursive: true });
    await assert.rejects(
      chooseBackend({ backend: 'auto', env: { PATH: join(tmpdir(), 'empty-path') } }),
      (e: unknown) =>
        e instanceof MuxError &&
        e.kind === 'not-installed' &&
        /Install cmux on macOS/.test(e.message) &&
        /apt install tmux/.test(e.message),
    );
  });
});
