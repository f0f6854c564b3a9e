/**
 * Sessions run through cmux's own `claude` wrapper: the wrapper's PermissionRequest hook parks
 * each request in cmux's Feed and waits for its answer. approve answers there (`once` or
 * `deny`, never a wider grant), beside the director's own hold. The fake cmux keeps the Feed as
 * documented; the wrapper's hook is stood in for by test/fixtures/fake-cmux/wrapper-permission-hook.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execa, execaSync } from 'execa';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CLI, FAKE_CMUX, eventually, fakeCmuxEnv, makeRepo, ScriptedModel, writeSettings } from './helpers';

const model = new ScriptedModel();
const sockets: string[] = [];
before(() => model.start());
after(async () => {
  for (const s of sockets) execaSync('tmux', ['-L', s, 'kill-server'], { reject: false });
  await model.stop();
});

const WRAPPER_HOOK = join(dirname(FAKE_CMUX), 'wrapper-permission-hook');

interface FeedItem {
  request_id: string;
  status: string;
  decision?: string;
  tool_input: string;
}

async function feedSession(slug: string, holdSeconds: number) {
  const { env, socket, state } = fakeCmuxEnv({ CMUX_DIRECTOR_TRUST_WORKSPACE: '1' });
  sockets.push(socket);
  const repo = makeRepo();
  writeSettings(repo, {
    'director.backend': 'cmux',
    'director.cmuxPath': FAKE_CMUX,
    'director.permissionHoldSeconds': holdSeconds,
  });
  const cli = async (...args: string[]) => {
    const r = await execa(process.execPath, [CLI, ...args, '--cwd', repo], { env, reject: false });
    return { out: String(r.stdout).trim(), err: String(r.stderr).trim(), code: r.exitCode };
  };
  const outside = join(repo, '..', `${socket}-ran.txt`);
  const goal = `Two commands.\n@bash echo yes > ${outside}\n@bash echo no > ${outside}.denied\n@write src/f.ts export const f = 1;`;
  assert.equal((await cli('draft', slug, '--goal', goal, '--scope', 'src/**')).code, 0);
  // cmux's wrapper adds its hooks to every Claude Code it starts; here they come from the user's settings.
  const agent = model.agent(repo, {
    hooks: {
      PermissionRequest: [{ hooks: [{ type: 'command', command: `${WRAPPER_HOOK} ${FAKE_CMUX}`, timeout: 130 }] }],
    },
  });
  const spawned = await cli('spawn', slug, '--agent', agent);
  assert.match(spawned.out, new RegExp(`^SPAWNED slug=impl-${slug} `), spawned.err);
  const feed = (): FeedItem[] => {
    try {
      return (JSON.parse(readFileSync(join(state, 'feed.json'), 'utf8')) as { items: FeedItem[] }).items;
    } catch {
      return [];
    }
  };
  const pending = (n: number) =>
    eventually(
      `Feed request ${n}`,
      () => (feed().length === n && feed()[n - 1]!.status === 'pending') || undefined,
      60000,
    );
  return { cli, outside, feed, pending };
}

describe("approve through cmux's Feed", () => {
  it(
    'answers requests parked in the Feed when the director holds none: once, then deny',
    { timeout: 150000 },
    async () => {
      const s = await feedSession('feed-only', 0);
      await s.pending(1);
      const yes = await s.cli('approve', 'feed-only', '--yes');
      assert.deepEqual(
        [yes.out, yes.code],
        [`APPROVED slug=impl-feed-only prompt=Bash: echo yes > ${s.outside}`, 0],
        yes.err,
      );
      await s.pending(2);
      const no = await s.cli('approve', 'feed-only', '--no');
      assert.deepEqual(
        [no.out, no.code],
        [`DENIED slug=impl-feed-only prompt=Bash: echo no > ${s.outside}.denied`, 0],
        no.err,
      );
      assert.equal((await s.cli('wait', 'feed-only', '--timeout', '60')).out, 'DONE slug=impl-feed-only');
      assert.deepEqual(
        s.feed().map((i) => i.decision),
        ['once', 'deny'],
        '"yes" is this one call, never always/all/bypass',
      );
      assert.equal(readFileSync(s.outside, 'utf8'), 'yes\n');
      assert.equal(existsSync(`${s.outside}.denied`), false, 'the denied command never ran');
    },
  );

  it("answers the Feed too when the director's own hook holds the request", { timeout: 150000 }, async () => {
    const s = await feedSession('feed-held', 300);
    await s.pending(1);
    const yes = await s.cli('approve', 'feed-held', '--yes');
    assert.equal(yes.out, `APPROVED slug=impl-feed-held prompt=Bash: echo yes > ${s.outside}`, yes.err);
    await s.pending(2);
    assert.equal(s.feed()[0]!.decision, 'once', 'the wrapper hook got the same answer, so the call went ahead');
    const no = await s.cli('approve', 'feed-held', '--no');
    assert.equal(no.out, `DENIED slug=impl-feed-held prompt=Bash: echo no > ${s.outside}.denied`, no.err);
    assert.equal((await s.cli('wait', 'feed-held', '--timeout', '60')).out, 'DONE slug=impl-feed-held');
    assert.equal(readFileSync(s.outside, 'utf8'), 'yes\n');
    assert.equal(existsSync(`${s.outside}.denied`), false);
  });
});
