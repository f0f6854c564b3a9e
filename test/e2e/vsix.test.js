// Packages the extension as a .vsix (what users install), checks what goes in it (.vscodeignore is
// an allowlist), installs it into a fresh real VS Code and checks that it activates and works.
'use strict';
const { test } = require('node:test');
const assert = require('node:assert');
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { EXT_ROOT, RUN_DIR, startServer, launchBrowser, newPage, shot, viewPane } = require('./lib');
const { createDemoWorkspace, stubSettings, killTmux } = require('./workspace');

const vsce = (...args) => execFileSync(process.execPath, [require.resolve('@vscode/vsce/vsce'), ...args], { cwd: EXT_ROOT, stdio: 'pipe' }).toString();

test('the .vsix holds only the bundles and docs, and the installed extension works', { timeout: 180000 }, async () => {
  const files = vsce('ls', '--no-dependencies').trim().split('\n').map((f) => f.trim()).sort();
  for (const f of ['dist/extension.js', 'dist/cli.js', 'dist/typescript.js', 'dist/media/ledger.js', 'package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'bin/cmux-director']) {
    assert.ok(files.includes(f), `${f} is missing from the package: ${files.join(', ')}`);
  }
  assert.deepStrictEqual(files.filter((f) => /^(src|test|node_modules|bench|scripts)\//.test(f) || f.endsWith('.map')), [], 'sources, tests and maps stay out');

  fs.mkdirSync(RUN_DIR, { recursive: true });
  const vsix = path.join(RUN_DIR, 'cmux-director.vsix');
  vsce('package', '--no-dependencies', '-o', vsix);
  const socket = `e2e-vsix-${process.pid}`;
  const server = await startServer('vsix', { vsix, settings: stubSettings(socket) });
  const browser = await launchBrowser();
  try {
    const page = await newPage(browser);
    await page.goto(server.url({ folder: createDemoWorkspace(), extensionDevelopmentPath: null }));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
    await page.locator('.activitybar .action-item a.action-label[aria-label="Director"]').click({ timeout: 60000 });
    await page.getByText('No implementer sessions yet.').waitFor({ timeout: 60000 });
    await viewPane(page, 'Sessions').locator('.pane-header', { hasText: `tmux -L ${socket}` }).waitFor();
    await shot(page, '10-installed-vsix');
  } finally {
    await browser.close();
    await server.stop();
    killTmux(socket);
  }
});
