import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findListed, listedActivity, parseAgentsList } from '../../src/claude/agentsList';

// As printed by Claude Code 2.1.328's `claude agents --json` (reference/claude-code-2.1.328.md).
const LISTED = JSON.stringify([
  {
    pid: 18033,
    cwd: '/repo',
    kind: 'interactive',
    startedAt: 1,
    sessionId: 's1',
    name: 'impl-t3',
    status: 'waiting',
    waitingFor: 'permission prompt',
  },
  { pid: 18040, cwd: '/other', kind: 'interactive', sessionId: 's2', name: 'impl-t3', status: 'busy' },
  { pid: 'not-a-number', cwd: '/repo', status: 'busy' },
]);

describe('claude agents --json', () => {
  it('parses the live sessions and skips entries it cannot read', () => {
    const agents = parseAgentsList(LISTED);
    assert.deepEqual(
      agents.map((a) => a.pid),
      [18033, 18040],
    );
  });

  it('rejects output that is not a list, with its text', () => {
    assert.throws(() => parseAgentsList('Unknown command: agents'), /printed no JSON: Unknown command/);
    assert.throws(() => parseAgentsList('{"sessions":[]}'), /no list/);
  });

  it('reads busy as running, a permission wait as needs-permission, other waits and idle as idle', () => {
    assert.equal(listedActivity({ status: 'busy' }), 'running');
    assert.equal(listedActivity({ status: 'waiting', waitingFor: 'permission prompt' }), 'needs-permission');
    assert.equal(listedActivity({ status: 'waiting', waitingFor: 'input needed' }), 'idle');
    assert.equal(listedActivity({ status: 'idle' }), 'idle');
  });

  it('finds a session by name in its own folder (through symlinks), or by its process id', () => {
    const agents = parseAgentsList(LISTED);
    assert.equal(findListed(agents, 'impl-t3', '/other')?.pid, 18040);
    assert.equal(findListed(agents, 'impl-t3', '/elsewhere'), undefined);
    assert.equal(findListed(agents, 'renamed', '/elsewhere', 18033)?.sessionId, 's1');
    const dir = mkdtempSync(join(tmpdir(), 'agents-'));
    const link = join(dir, 'link');
    symlinkSync(dir, link);
    const here = parseAgentsList(JSON.stringify([{ pid: 1, cwd: dir, name: 'impl-x', status: 'idle' }]));
    assert.equal(findListed(here, 'impl-x', link)?.pid, 1);
  });
});
