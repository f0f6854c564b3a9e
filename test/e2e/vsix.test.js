// Packages the extension as a .vsix (what users install), checks what goes in it (.vscodeignore is
// an allowlist), installs it into a fresh real VS Code and checks that it activates and works: a session
// of the real Claude Code (offline, scripted model) spawned by the installed package reaches done.
'use strict';
const { test } = require('node:test');
const assert = require('node:assert');
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { EXT_ROOT, RUN_DIR, startServer, launchBrowser, newPage, shot, viewPane } = require('./lib');
const { openDirector, spawnFromPalette, waitForState } = require('./director');
const { createDemoWorkspace, startOfflineClaude, killTmux, PANE_SHELL_ENV } = require('./workspace');

const vsce = (...args) =>
  execFileSync(process.execPath, [require.resolve('@vscode/vsce/vsce'), ...args], {
    cwd: EXT_ROOT,
    stdio: 'pipe',
  }).toString();

/** Names in a zip file (the .vsix), from its central directory. */
function zipEntries(file) {
  const buf = fs.readFileSync(file);
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, `${file} is not a zip file`);
  const names = [];
  for (let i = 0, at = buf.readUInt32LE(end + 16); i < buf.readUInt16LE(end + 10); i++) {
    const nameLength = buf.readUInt16LE(at + 28);
    names.push(buf.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return names;
}

test('the .vsix holds only the bundles and docs, and the installed extension works', { timeout: 240000 }, async () => {
  fs.mkdirSync(RUN_DIR, { recursive: true });
  const vsix = path.join(RUN_DIR, 'cmux-director.vsix');
  // README links to docs/ stay relative: vsce rewrites them only for a repository it can resolve.
  vsce('package', '--no-dependencies', '--no-rewrite-relative-links', '-o', vsix);
  // What users get: the package itself (vsce names README, CHANGELOG and LICENSE its own way).
  const files = zipEntries(vsix)
    .filter((f) => f.startsWith('extension/'))
    .map((f) => f.slice('extension/'.length))
    .sort();
  for (const f of [
    'dist/extension.js',
    'dist/cli.js',
    'dist/typescript.js',
    'dist/media/ledger.js',
    'dist/media/ledgerPanel.js',
    'package.json',
    'readme.md',
    'changelog.md',
    'LICENSE.txt',
    'bin/cmux-director',
  ]) {
    assert.ok(files.includes(f), `${f} is missing from the package: ${files.join(', ')}`);
  }
  assert.deepStrictEqual(
    files.filter((f) => /^(src|test|node_modules|bench|scripts)\//.test(f) || f.endsWith('.map')),
    [],
    'sources, tests and maps stay out',
  );

  const socket = `e2e-vsix-${process.pid}`;
  const workspace = createDemoWorkspace();
  const claude = await startOfflineClaude();
  let server, browser, page;
  try {
    server = await startServer('vsix', { vsix, settings: claude.settings(socket, workspace), env: PANE_SHELL_ENV });
    browser = await launchBrowser();
    page = await newPage(browser);
    await page.goto(server.url({ folder: workspace, extensionDevelopmentPath: null }));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
    await openDirector(page);
    await page.getByText('No implementer sessions yet.').waitFor({ timeout: 60000 });
    await viewPane(page, 'Sessions')
      .locator('.pane-header', { hasText: `tmux -L ${socket}` })
      .waitFor();
    // The packaged bundle writes the hook program and settings Claude Code runs: a session reaches done.
    await spawnFromPalette(page, 'vsix-hello', '@write src/hello.ts export const hello = 1;');
    await waitForState(page, 'impl-vsix-hello', 'done');
    assert.strictEqual(fs.readFileSync(path.join(workspace, 'src/hello.ts'), 'utf8'), 'export const hello = 1;\n');
    await shot(page, '10-installed-vsix');
  } catch (error) {
    if (page) await shot(page, 'FAILED-vsix').catch(() => {});
    throw error;
  } finally {
    await browser?.close();
    await server?.stop();
    killTmux(socket);
    await claude.stop();
  }
});
