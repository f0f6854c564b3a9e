/**
 * The orchestrator's side: `cmux-director init` sets a repository up once (merging, never
 * replacing the user's rules), and `cmux-director mcp` serves the loop as MCP tools, driven here
 * by the official SDK's client through one full cycle on the real Claude Code.
 */
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CLI, ROOT, eventually, it, makeRepo, writeSettings, realClaudeSuite } from './helpers';

const { model, world } = realClaudeSuite();

describe("the orchestrator's set-up and MCP server", () => {
  it('init merges into existing rules and CLAUDE.md once, and a second run changes nothing', async () => {
    const w = world();
    const repo = makeRepo();
    mkdirSync(join(repo, '.claude'));
    writeFileSync(
      join(repo, '.claude/settings.local.json'),
      JSON.stringify({ permissions: { allow: ['Bash(npm test:*)'], deny: ['Bash(rm:*)'] }, model: 'opus' }),
    );
    writeFileSync(join(repo, 'CLAUDE.md'), '# Project\n\nOur own rules.\n');
    const dry = await w.cli(repo, 'init', '--dry-run');
    assert.match(
      dry.stdout,
      /^WOULD-CHANGE \.claude\/settings\.local\.json: allow Bash\(cmux-director:\*\), Bash\(tmux:\*\), Bash\(git -C:\*\), mcp__cmux-director__\*; approve the cmux-director MCP server$/m,
    );
    assert.equal(
      JSON.parse(readFileSync(join(repo, '.claude/settings.local.json'), 'utf8')).permissions.allow.length,
      1,
      'a dry run changes nothing',
    );
    const first = await w.cli(repo, 'init');
    assert.equal(first.exitCode, 0, first.stderr);
    assert.match(first.stdout, /^CHANGED CLAUDE\.md: add the director rules section$/m);
    assert.match(first.stdout, /^CHANGED \.mcp\.json: register the cmux-director MCP server$/m);
    const local = JSON.parse(readFileSync(join(repo, '.claude/settings.local.json'), 'utf8'));
    assert.deepEqual(local.permissions, {
      allow: ['Bash(npm test:*)', 'Bash(cmux-director:*)', 'Bash(tmux:*)', 'Bash(git -C:*)', 'mcp__cmux-director__*'],
      deny: ['Bash(rm:*)'],
    });
    assert.deepEqual(local.enabledMcpjsonServers, ['cmux-director'], 'the project MCP server is approved');
    assert.equal(local.model, 'opus', "the user's other settings are kept");
    assert.deepEqual(local.hooks, {
      SessionStart: [{ hooks: [{ type: 'command', command: 'cmux-director status --topology 2>/dev/null || true' }] }],
    });
    assert.match(
      first.stdout,
      /^CHANGED \.claude\/settings\.local\.json: add a SessionStart hook that prints the topology/m,
    );
    const topology = await w.cli(repo, 'status', '--topology');
    assert.equal(topology.exitCode, 0, topology.stderr);
    assert.match(topology.stdout, /^cmux Director topology \(tmux -L \S+, workspace .+\)\nthis pane: /);
    assert.match(topology.stdout, /\nsessions: none open$/);
    const md = readFileSync(join(repo, 'CLAUDE.md'), 'utf8');
    assert.ok(md.startsWith('# Project\n\nOur own rules.\n'));
    assert.match(md, /GOOD: `2026-05-15T21:28:26\+05:30 \| SHIP \| tools-docstrings/);
    assert.match(md, /background Bash/);
    assert.deepEqual(JSON.parse(readFileSync(join(repo, '.mcp.json'), 'utf8')).mcpServers['cmux-director'], {
      command: 'cmux-director',
      args: ['mcp'],
    });
    const again = await w.cli(repo, 'init');
    assert.deepEqual([again.stdout, again.exitCode], ['UNCHANGED (already set up)', 0]);
    assert.equal(readFileSync(join(repo, 'CLAUDE.md'), 'utf8'), md, 'the section is added once');
  });

  it('serves the loop as MCP tools: draft, spawn (with the wait to run), verify, close', async () => {
    const w = world();
    const repo = makeRepo();
    writeSettings(repo, { 'director.agentCommand': model.agent(repo) });
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, 'mcp', '--cwd', repo, '--backend', 'tmux', '--tmux-socket', w.socket],
      env: { ...process.env, CMUX_DIRECTOR_TRUST_WORKSPACE: '1' } as Record<string, string>,
      stderr: 'pipe',
    });
    const client = new Client({ name: 'test-orchestrator', version: '1.0.0' });
    await client.connect(transport);
    try {
      const tools = (await client.listTools()).tools.map((t) => t.name).sort();
      assert.deepEqual(tools, ['approve', 'close', 'draft', 'redirect', 'review', 'spawn', 'status', 'verify']);
      const text = (r: unknown) => (r as { content: Array<{ text: string }> }).content[0]!.text;
      const drafted = await client.callTool({
        name: 'draft',
        arguments: { slug: 'via-mcp', goal: 'Add m.\n@write src/m.ts export const m = 1;', scope: ['src/**'] },
      });
      assert.match(text(drafted), /^DRAFTED slug=impl-via-mcp/);
      const spawned = await client.callTool({ name: 'spawn', arguments: { slug: 'via-mcp' } });
      assert.match(
        text(spawned),
        /^SPAWNED slug=impl-via-mcp surface=%\d+ wait_token=impl-via-mcp-[0-9a-f]{8}\nNow run in a background Bash \(run_in_background: true\): cmux-director wait via-mcp --timeout 1200$/,
      );
      assert.equal(
        (spawned as unknown as { structuredContent: { result: string } }).structuredContent.result,
        'SPAWNED',
      );
      assert.equal((await w.cli(repo, 'wait', 'via-mcp', '--timeout', '60')).stdout, 'DONE slug=impl-via-mcp');
      const verified = await client.callTool({ name: 'verify', arguments: { slug: 'via-mcp' } });
      assert.equal(text(verified), 'SHIP slug=impl-via-mcp files=1 +1 -0');
      const refused = await client.callTool({
        name: 'close',
        arguments: { slug: 'nope', outcome: 'SHIP', summary: 'x' },
      });
      assert.equal((refused as { isError: boolean }).isError, true);
      assert.match(
        text(refused),
        /^error: No session impl-nope here: draft it first\. Run: cmux-director draft nope --goal "\.\.\."$/,
      );
      const closed = await client.callTool({
        name: 'close',
        arguments: { slug: 'via-mcp', outcome: 'SHIP', summary: 'Added src/m.ts' },
      });
      assert.match(text(closed), /^CLOSED slug=impl-via-mcp outcome=SHIP/);
    } finally {
      await client.close();
    }
  });
});

describe('the real Claude Code as the orchestrator', () => {
  it('runs the loop through the MCP tools after init, waiting in a background Bash', { timeout: 240000 }, async () => {
    const w = world();
    const repo = makeRepo();
    writeFileSync(join(repo, '.git/info/exclude'), 'tmp/\n');
    writeSettings(repo, {
      'director.backend': 'tmux',
      'director.tmuxSocket': w.socket,
      'director.agentCommand': model.agent(repo),
    });
    const init = await w.cli(repo, 'init');
    assert.equal(init.exitCode, 0, init.stderr);
    // The orchestrator's script (the scripted model acts on its @ lines): draft, spawn, wait in the
    // background, and once that wait ends, verify and close. `\u0040` keeps the goal's own step out.
    mkdirSync(join(repo, 'tmp'), { recursive: true });
    writeFileSync(
      join(repo, 'tmp/orchestrate.txt'),
      [
        'Direct one implementer.',
        '@mcp draft {"slug":"orch-x","goal":"Add o.\\n\\u0040write src/o.ts export const o = 1;","scope":["src/**"]}',
        '@mcp spawn {"slug":"orch-x"}',
        '@bash-bg cmux-director wait orch-x --timeout 300',
        '@yield',
        '@mcp verify {"slug":"orch-x"}',
        '@mcp close {"slug":"orch-x","outcome":"SHIP","summary":"Added src/o.ts through the MCP tools"}',
      ].join('\n') + '\n',
    );
    // Nothing but the project's own files (init's) set the orchestrator up: cmux-director on PATH.
    const path = `${join(ROOT, 'bin')}:${dirname(process.execPath)}:/usr/bin:/bin`;
    const orchestrator = `env PATH=${path} CMUX_DIRECTOR_TRUST_WORKSPACE=1 ${model.agent(repo)} -- 'Read tmp/orchestrate.txt and follow it'`;
    w.tmux('new-session', '-d', '-s', 'orchestrator', '-x', '200', '-y', '50', '-c', repo, orchestrator);
    await eventually(
      'the SHIP ledger line written through the MCP close tool',
      () => {
        try {
          return /\| SHIP \| orch-x \| Added src\/o\.ts through the MCP tools$/m.test(
            readFileSync(join(repo, 'tmp/sessions/_ledger.md'), 'utf8'),
          )
            ? true
            : undefined;
        } catch {
          return undefined;
        }
      },
      180000,
    );
    assert.equal(readFileSync(join(repo, 'src/o.ts'), 'utf8'), 'export const o = 1;\n');
    const screen = w.tmux('capture-pane', '-p', '-t', 'orchestrator');
    assert.doesNotMatch(screen, /Do you want to proceed\?/, 'no permission dialog stopped the orchestrator');
  });
});
