// The README's first command: `npm run demo` must bring up a real VS Code with the extension
// installed from its .vsix, on a demo repository with drafted tasks, and print the URL to open.
'use strict';
const { test } = require('node:test');
const assert = require('node:assert');
const { spawn } = require('child_process');
const net = require('net');
const path = require('path');
const { EXT_ROOT, launchBrowser, newPage, shot, viewPane } = require('./lib');

const freePort = () => new Promise((resolve) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); }); });

test('npm run demo serves VS Code with the extension on a demo repo', { timeout: 240000 }, async () => {
  const port = await freePort();
  const socket = `e2e-demo-${process.pid}`;
  const demo = spawn(process.execPath, [path.join(EXT_ROOT, 'scripts/demo.js')], {
    cwd: EXT_ROOT, env: { ...process.env, PORT: String(port), DIRECTOR_DEMO_SOCKET: socket }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  demo.stdout.on('data', (d) => { output += d; });
  demo.stderr.on('data', (d) => { output += d; });
  const exited = new Promise((resolve) => demo.on('exit', resolve));
  const browser = await launchBrowser();
  try {
    const url = await new Promise((resolve, reject) => {
      const timer = setInterval(() => {
        const m = /Open:\s+(http:\/\/\S+)/.exec(output);
        if (m) { clearInterval(timer); resolve(m[1]); }
      }, 200);
      exited.then(() => { clearInterval(timer); reject(new Error(`demo exited early:\n${output}`)); });
    });
    assert.match(output, /tmux -L e2e-demo-\d+ attach -t cmux-director/);
    const page = await newPage(browser);
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
    await page.locator('.activitybar .action-item a.action-label[aria-label="Director"]').click({ timeout: 60000 });
    await viewPane(page, 'Sessions').locator('.pane-header', { hasText: `tmux -L ${socket}` }).waitFor({ timeout: 60000 });
    await shot(page, '11-demo');
  } finally {
    await browser.close();
    demo.kill('SIGTERM');
    await exited;
  }
});
