// Runs the extension-host suite (out/test/exthost) under @vscode/test-electron, for people who
// have a desktop VS Code (it downloads one unless VSCODE_EXECUTABLE points at an installation).
// CI uses code-server instead (test/e2e/exthost.test.js): this network cannot download VS Code.
'use strict';
const path = require('path');
const { runTests } = require('@vscode/test-electron');
const { createDemoWorkspace, stubSettings } = require('../e2e/workspace');

async function main() {
  const root = path.resolve(__dirname, '..', '..');
  const workspace = createDemoWorkspace();
  const fs = require('fs');
  fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify(stubSettings(`electron-${process.pid}`), null, 2));
  await runTests({
    version: '1.100.3',
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'out', 'test', 'exthost', 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
}

main().catch((error) => { console.error(error); process.exit(1); });
