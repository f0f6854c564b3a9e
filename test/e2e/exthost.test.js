// Runs the mocha suite (test/exthost, bundled to out/test/exthost) INSIDE the real Node extension
// host of VS Code 1.100.3 (code-server), once with tmux + the real Claude Code offline against the
// scripted model, once with no multiplexer. The mocha suite gives each of its tests a limit; the
// limits here only end a run that is stuck, with headroom for a loaded 2-core machine.
'use strict';
const { test } = require('node:test');
const assert = require('node:assert');
const path = require('path');
const { EXT_ROOT, runExtensionHostTests } = require('./lib');
const { createDemoWorkspace, startOfflineClaude, killTmux, PANE_SHELL_ENV } = require('./workspace');

const TESTS = path.join(EXT_ROOT, 'out', 'test', 'exthost', 'index.js');

test('extension-host suite: wiring, tree, diffs, ledger', { timeout: 600000 }, async () => {
  const socket = `e2e-exthost-${process.pid}`;
  const claude = await startOfflineClaude();
  try {
    const workspace = createDemoWorkspace();
    const { code, report } = await runExtensionHostTests({
      name: 'exthost',
      workspace,
      testsPath: TESTS,
      settings: claude.settings(socket, workspace),
      env: PANE_SHELL_ENV,
      timeoutMs: 540000,
    });
    assert.strictEqual(code, 0, `extension host tests failed: ${JSON.stringify(report && report.failed, null, 2)}`);
    assert.ok(report.passed.length >= 9, `only ${report.passed.length} tests ran`);
  } finally {
    killTmux(socket);
    await claude.stop();
  }
});

test('extension-host suite: activation with no multiplexer installed', { timeout: 300000 }, async () => {
  const { code, report } = await runExtensionHostTests({
    name: 'exthost-nomux',
    workspace: createDemoWorkspace(),
    testsPath: TESTS,
    timeoutMs: 240000,
    env: { DIRECTOR_E2E_MODE: 'nomux' },
    settings: { 'director.backend': 'auto', 'director.tmuxPath': '/nonexistent/tmux', 'director.cmuxPath': '' },
  });
  assert.strictEqual(code, 0, `extension host tests failed: ${JSON.stringify(report && report.failed, null, 2)}`);
  assert.deepStrictEqual(report.passed, [
    'cmux Director with no multiplexer installed activates without throwing and reports what is missing',
  ]);
});
