/**
 * The review gate with the real Claude Code on both sides: a read-only reviewer session reads a
 * hot-path change and writes findings; a CRITICAL makes verify NO-SHIP and redirects the
 * implementer with them; a clean review of the fixed diff lets SHIP through, recorded in the
 * ledger summary. The reviewer cannot edit the workspace.
 */
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CLI, hookEvents, it, makeRepo, read, realClaudeSuite, surfaceOf, TmuxWorld, writeSettings } from './helpers';

const { model, world } = realClaudeSuite();

const screens = (w: TmuxWorld) =>
  w
    .tmux('list-panes', '-a', '-F', '#{pane_id}')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((id) => `--- ${id}\n${w.screen(id).replace(/\n{3,}/g, '\n\n')}`)
    .join('\n');

async function hotRepo(w: TmuxWorld): Promise<string> {
  const repo = makeRepo({ 'src/hot.ts': 'export const hot = 1;\n', 'src/a.ts': 'export const a = 1;\n' });
  writeSettings(repo, { 'director.hotPaths': ['src/hot.ts'] });
  const drafted = await w.cli(
    repo,
    'draft',
    'hot',
    '--goal',
    '@write src/hot.ts export const hot = 1 + 1;',
    '--scope',
    'src/**',
  );
  assert.equal(drafted.exitCode, 0, drafted.stderr);
  const spawned = await w.cli(repo, 'spawn', 'hot', '--agent', model.agent(repo));
  assert.equal(spawned.exitCode, 0, `${spawned.stdout} ${spawned.stderr} ${hookEvents(repo, 'hot').join(',')}`);
  const waited = await w.cli(repo, 'wait', 'hot', '--timeout', '60');
  assert.equal(waited.stdout, 'DONE slug=impl-hot', screens(w));
  return repo;
}

describe('review sessions with the real Claude Code', () => {
  it(
    'a CRITICAL review is NO-SHIP and redirects; the fix, reviewed clean, SHIPs with the review in the ledger',
    { timeout: 420_000 },
    async () => {
      const w = world();
      const repo = await hotRepo(w);
      const first = await w.cli(repo, 'verify', 'hot');
      assert.deepEqual(
        [first.stdout, first.exitCode],
        ['NEEDS-CODE-REVIEW slug=impl-hot files=1 +1 -1 reasons=hot-path:src/hot.ts', 4],
      );
      const refused = await w.cli(repo, 'close', 'hot', '--outcome', 'SHIP', '--summary', 'Doubled hot');
      assert.equal(refused.exitCode, 4, 'no SHIP over NEEDS-CODE-REVIEW without a review');

      // The reviewer tries to edit a source file (Write and a shell redirect), then reports. The
      // finding carries the step the scripted implementer takes when the findings reach it.
      const spawned = await w.cli(
        repo,
        'review',
        'hot',
        '--agent',
        model.agent(repo),
        '--focus',
        [
          '@write src/a.ts export const a = 666;',
          '@bash echo evil > src/evil.ts',
          '@write tmp/sessions/impl-hot-review.md CRITICAL | src/hot.ts:1 | hot must stay 2, not an expression \\@sleep 4000 \\@write src/hot.ts export const hot = 2;\\nMINOR | src/hot.ts:1 | naming',
        ].join('\n'),
      );
      assert.equal(spawned.exitCode, 0, `${spawned.stdout} ${spawned.stderr}\n${screens(w)}`);
      assert.match(
        spawned.stdout,
        /^REVIEW-SPAWNED slug=impl-hot reviewer=impl-hot-review surface=%\d+ findings=tmp\/sessions\/impl-hot-review\.md$/,
      );
      const reviewerPane = surfaceOf(spawned.stdout);
      const argv = w.agentArgv(reviewerPane);
      assert.deepEqual(
        argv.slice(argv.indexOf('--model'), argv.indexOf('--model') + 2),
        ['--model', 'opus'],
        'director.reviewerModel',
      );
      assert.deepEqual(
        argv.filter((_a, i) => argv[i - 1] === '--permission-mode'),
        ['dontAsk'],
      );

      const reviewed = await w.cli(repo, 'review', 'hot', '--wait', '--timeout', '60');
      assert.equal(reviewed.exitCode, 3, `${reviewed.stdout} ${reviewed.stderr}\n${screens(w)}`);
      const [head, ...findings] = reviewed.stdout.split('\n');
      assert.match(
        head!,
        /^REVIEWED slug=impl-hot reviewer=impl-hot-review verdict=NO-SHIP critical=1 major=0 minor=1 malformed=0 redirected=yes wait_token=impl-hot-[0-9a-f]{8}$/,
      );
      assert.equal(findings.length, 2);
      // Denied, not asked: the reviewer changed nothing but its findings.
      assert.equal(read(repo, 'src/a.ts'), 'export const a = 1;\n');
      assert.equal(existsSync(join(repo, 'src/evil.ts')), false);
      assert.match(
        read(repo, 'tmp/sessions/hot-review.txt'),
        /Permission to use Write has been denied because Claude Code is running in don't ask mode/,
      );
      assert.equal(
        w.tmux('list-panes', '-a', '-F', '#{pane_id}').includes(reviewerPane),
        false,
        'the reviewer is closed',
      );
      assert.match(read(repo, 'tmp/sessions/hot-review.txt'), /impl-hot-review-task\.txt/, 'its transcript is kept');

      // Verify sees the CRITICAL while the diff is the reviewed one.
      const blocked = await w.cli(repo, 'verify', 'hot');
      assert.equal(blocked.exitCode, 3, blocked.stdout);
      assert.match(blocked.stdout, /^NO-SHIP slug=impl-hot .*reasons=review-critical:1;hot-path:src\/hot\.ts$/);

      const fixed = await w.cli(repo, 'wait', 'hot', '--timeout', '60');
      assert.equal(fixed.stdout, 'DONE slug=impl-hot', screens(w));
      assert.equal(read(repo, 'src/hot.ts'), 'export const hot = 2;\n');
      const stale = await w.cli(repo, 'verify', 'hot');
      assert.equal(stale.exitCode, 4, 'a review of another diff does not count');

      const again = await w.cli(
        repo,
        'review',
        'hot',
        '--wait',
        '--timeout',
        '60',
        '--agent',
        model.agent(repo),
        '--focus',
        '@write tmp/sessions/impl-hot-review.md MAJOR | src/hot.ts:1 | magic number\\nMAJOR | src/hot.ts:1 | no test',
      );
      assert.equal(again.exitCode, 0, `${again.stdout} ${again.stderr}\n${screens(w)}`);
      assert.match(
        again.stdout,
        /^REVIEWED slug=impl-hot reviewer=impl-hot-review verdict=PASSED critical=0 major=2 minor=0 malformed=0\n/,
      );
      const passed = await w.cli(repo, 'verify', 'hot');
      assert.deepEqual(
        [passed.stdout, passed.exitCode],
        ['SHIP slug=impl-hot files=1 +1 -1 reasons=reviewed:hot-path:src/hot.ts', 0],
      );
      const closed = await w.cli(repo, 'close', 'hot', '--outcome', 'SHIP', '--summary', 'hot is 2');
      assert.equal(closed.exitCode, 0, closed.stderr);
      const ledger = read(repo, 'tmp/sessions/_ledger.md').trimEnd().split('\n');
      assert.equal(ledger.length, 1, 'reviewers write no ledger line');
      assert.match(ledger[0]!, / \| SHIP \| hot \| hot is 2 \(reviewed: 0 critical, 2 major\)$/);
      assert.equal(
        readdirSync(join(repo, 'tmp/sessions/archive')).filter((d) => d.startsWith('hot-review-')).length,
        1,
        'the first review generation is archived',
      );
    },
  );

  it('the MCP review tool starts the reviewer and names the wait that collects its findings', async () => {
    const w = world();
    const repo = makeRepo({ 'src/hot.ts': 'export const hot = 1;\n' });
    const repoAgent = model.agent(repo);
    writeSettings(repo, { 'director.hotPaths': ['src/hot.ts'], 'director.agentCommand': repoAgent });
    const drafted = await w.cli(repo, 'draft', 'hot', '--goal', '@write src/hot.ts export const hot = 2;');
    assert.equal(drafted.exitCode, 0, drafted.stderr);
    assert.equal((await w.cli(repo, 'spawn', 'hot', '--agent', repoAgent)).exitCode, 0);
    assert.equal((await w.cli(repo, 'wait', 'hot', '--timeout', '60')).stdout, 'DONE slug=impl-hot');
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, 'mcp', '--cwd', repo, '--backend', 'tmux', '--tmux-socket', w.socket],
      env: { ...process.env, CMUX_DIRECTOR_TRUST_WORKSPACE: '1' } as Record<string, string>,
      stderr: 'pipe',
    });
    const client = new Client({ name: 'test-orchestrator', version: '1.0.0' });
    await client.connect(transport);
    try {
      const text = (r: unknown) => (r as { content: Array<{ text: string }> }).content[0]!.text;
      const started = await client.callTool({
        name: 'review',
        arguments: { slug: 'hot', focus: '@write tmp/sessions/impl-hot-review.md MAJOR | src/hot.ts:1 | magic number' },
      });
      assert.match(
        text(started),
        /^REVIEW-SPAWNED slug=impl-hot reviewer=impl-hot-review surface=%\d+ findings=tmp\/sessions\/impl-hot-review\.md\nnote: .*\nNow run in a background Bash \(run_in_background: true\): cmux-director review hot --wait --timeout 1200$/,
      );
      const topology = await w.cli(repo, 'status', '--topology');
      assert.match(
        topology.stdout,
        /\nlayout: 2 pane\(s\)\n {2}%\d+: impl-hot \w+\n {2}%\d+: impl-hot-review \w+/,
        topology.stdout,
      );
      assert.match(topology.stdout, /\nsessions: (impl-hot(-review)? [\w-]+(, )?){2}$/);
      const collected = await w.cli(repo, 'review', 'hot', '--wait', '--timeout', '60');
      assert.equal(collected.exitCode, 0, `${collected.stdout} ${collected.stderr}\n${screens(w)}`);
      assert.match(
        collected.stdout,
        /^REVIEWED slug=impl-hot reviewer=impl-hot-review verdict=PASSED critical=0 major=1/,
      );
      const verified = await client.callTool({ name: 'verify', arguments: { slug: 'hot' } });
      assert.equal(text(verified), 'SHIP slug=impl-hot files=1 +1 -1 reasons=reviewed:hot-path:src/hot.ts');
    } finally {
      await client.close();
    }
  });
});
