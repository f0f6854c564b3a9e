/**
 * verify runs the project's own check when asked: a failing command is NO-SHIP check-failed with
 * the log's last lines, a slow one NO-SHIP check-timeout (and nothing it started keeps running),
 * a passing one keeps SHIP; a check named only by the workspace's settings needs consent.
 */
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa, execaSync } from 'execa';
import { CLI, makeRepo, writeSettings, tempDir, realClaudeSuite, it } from './helpers';

const { model, world } = realClaudeSuite();

describe("verify with the project's own check", () => {
  it('fails, times out or passes with the command, and needs consent for the setting', async () => {
    const w = world();
    const repo = makeRepo();
    writeSettings(repo, {
      'director.verifyTimeoutSeconds': 2,
      'director.verifyCommand': 'echo from-settings > ran-by-settings',
    });
    assert.equal(
      (await w.cli(repo, 'draft', 'checked', '--goal', 'Add c.\n@write src/c.ts export const c = 3;')).exitCode,
      0,
    );
    assert.equal((await w.cli(repo, 'spawn', 'checked', '--agent', model.agent(repo))).exitCode, 0);
    assert.equal((await w.cli(repo, 'wait', 'checked', '--timeout', '60')).stdout, 'DONE slug=impl-checked');

    const xdg = tempDir('xdg-');
    const plain = await execa(
      process.execPath,
      [CLI, 'verify', 'checked', '--cwd', repo, '--backend', 'tmux', '--tmux-socket', w.socket],
      { reject: false, env: { XDG_CONFIG_HOME: xdg } },
    );
    assert.equal(plain.exitCode, 0, String(plain.stderr));
    assert.equal(existsSync(join(repo, 'ran-by-settings')), false, 'the workspace did not choose the command');
    assert.match(String(plain.stderr), /director\.verifyCommand .* not applied/);

    const failed = await w.cli(
      repo,
      'verify',
      'checked',
      '--verify-command',
      'echo compiling; echo "error TS2322: bad type" >&2; exit 2',
    );
    assert.equal(failed.exitCode, 3);
    assert.match(failed.stdout, /^NO-SHIP slug=impl-checked files=1 \+1 -0 reasons=check-failed$/);
    assert.match(
      failed.stderr,
      /failed \(exit 2\); log tmp\/sessions\/impl-checked-verify\.log:\n[\s\S]*error TS2322: bad type/,
    );
    assert.match(
      readFileSync(join(repo, 'tmp/sessions/impl-checked-verify.log'), 'utf8'),
      /compiling[\s\S]*error TS2322/,
    );

    const marker = `verify-timeout-${process.pid}`;
    const slow = await w.cli(repo, 'verify', 'checked', '--verify-command', `sleep 30 & sleep 31 # ${marker}`);
    assert.equal(slow.exitCode, 3);
    assert.match(slow.stdout, /reasons=check-timeout$/);
    assert.equal(
      execaSync('pgrep', ['-f', marker], { reject: false }).stdout.trim(),
      '',
      'nothing the check started is left running',
    );

    const passed = await w.cli(repo, 'verify', 'checked', '--verify-command', 'true');
    assert.deepEqual([passed.stdout, passed.exitCode], ['SHIP slug=impl-checked files=1 +1 -0', 0]);
  });
});
