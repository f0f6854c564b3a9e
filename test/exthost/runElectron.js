// Runs the extension-host suite (out/test/exthost) under @vscode/test-electron, for people who
// have a desktop VS Code (it downloads one unless VSCODE_EXECUTABLE points at an installation).
// CI uses code-server instead (test/e2e/exthost.test.js): this network cannot download VS Code.
'use strict';
const path = require('path');
const { runTests } = require('@vscode/test-electron');
const { createDemoWorkspace, startOfflineClaude, killTmux } = require('../e2e/workspace');

async function main() {
  const root = path.resolve(__dirname, '..', '..');
  const workspace = createDemoWorkspace();
  const fs = require('fs');
  // Sessions run the real Claude Code (the pinned devDependency) offline against the scripted model.
  const claude = await startOfflineClaude();
  const socket = `e2e-exthost-${process.pid}`; // the suite checks the view names this socket
  try {
    fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
    fs.writeFileSync(
      path.join(workspace, '.vscode', 'settings.json'),
      JSON.stringify(claude.settings(socket, workspace), null, 2),
    );
    await runTests({
      version: '1.100.3',
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'out', 'test', 'exthost', 'index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
    });
  } finally {
    killTmux(socket);
    await claude.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
