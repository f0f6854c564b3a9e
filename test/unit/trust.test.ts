import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { carryTrust, claudeConfigFile, commandEnv } from '../../src/claude/trust';

function setUp(projects: Record<string, unknown>) {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'director-trust-')));
  const repo = join(dir, 'repo');
  const worktree = join(repo, 'tmp/sessions/worktrees/impl-x');
  mkdirSync(worktree, { recursive: true });
  const file = join(dir, '.claude.json');
  const data = { numStartups: 3, oauthAccount: { id: 'u' }, projects: projects };
  writeFileSync(file, JSON.stringify(data), { mode: 0o600 });
  return { dir, repo, worktree, file, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

test('the worktree is trusted when the repository is, and every other key is kept', () => {
  const s = setUp({});
  try {
    writeFileSync(
      s.file,
      JSON.stringify({
        numStartups: 3,
        oauthAccount: { id: 'u' },
        projects: { [s.repo]: { hasTrustDialogAccepted: true, allowedTools: ['x'] } },
      }),
      { mode: 0o600 },
    );
    assert.equal(carryTrust(s.file, s.repo, s.worktree), 'carried');
    const after = JSON.parse(readFileSync(s.file, 'utf8')) as Record<string, unknown> & {
      projects: Record<string, { hasTrustDialogAccepted?: boolean; allowedTools?: string[] }>;
    };
    assert.equal(after['numStartups'], 3);
    assert.deepEqual(after['oauthAccount'], { id: 'u' });
    assert.deepEqual(after.projects[s.repo], { hasTrustDialogAccepted: true, allowedTools: ['x'] });
    assert.deepEqual(after.projects[s.worktree], { hasTrustDialogAccepted: true });
    assert.equal(statSync(s.file).mode & 0o777, 0o600, 'the permissions stay');
    assert.equal(carryTrust(s.file, s.repo, s.worktree), 'already');
  } finally {
    s.cleanup();
  }
});

test('no trust is created for a repository the user did not trust', () => {
  const s = setUp({});
  try {
    const before = readFileSync(s.file, 'utf8');
    assert.equal(carryTrust(s.file, s.repo, s.worktree), 'repo-not-trusted');
    assert.equal(readFileSync(s.file, 'utf8'), before);
    // A trusted parent does not count for Claude Code, and not here either.
    writeFileSync(s.file, JSON.stringify({ projects: { [s.dir]: { hasTrustDialogAccepted: true } } }));
    assert.equal(carryTrust(s.file, s.repo, s.worktree), 'repo-not-trusted');
    assert.equal(carryTrust(join(s.dir, 'missing.json'), s.repo, s.worktree), 'no-config');
    assert.equal(carryTrust(undefined, s.repo, s.worktree), 'no-config');
  } finally {
    s.cleanup();
  }
});

test("the config file the agent command reads: its own CLAUDE_CONFIG_DIR or HOME, else the director's", () => {
  assert.deepEqual(commandEnv("env HOME=/h X='a b' ANTHROPIC_API_KEY=k /bin/claude --x"), {
    HOME: '/h',
    X: 'a b',
    ANTHROPIC_API_KEY: 'k',
  });
  assert.equal(claudeConfigFile('env HOME=/h claude', { HOME: '/me' }), '/h/.claude.json');
  assert.equal(claudeConfigFile('CLAUDE_CONFIG_DIR=/c claude', { HOME: '/me' }), '/c/.claude.json');
  assert.equal(claudeConfigFile('claude --permission-mode acceptEdits', { HOME: '/me' }), '/me/.claude.json');
  assert.equal(claudeConfigFile('claude', { HOME: '/me', CLAUDE_CONFIG_DIR: '/cfg' }), '/cfg/.claude.json');
  assert.equal(claudeConfigFile('env HOME=/h claude', { HOME: '/me', CLAUDE_CONFIG_DIR: '/cfg' }), '/h/.claude.json');
});
