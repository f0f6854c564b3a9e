// The README's first command: `npm run demo` must bring up a real VS Code with the extension
// installed from its .vsix, on a demo repository with drafted tasks, print the URL to open, and run
// the README's story: Spawn Session → farewell → running → done, on the real Claude Code from
// node_modules against the scripted offline model. Stopping the demo leaves nothing running.
'use strict';
const { test } = require('node:test');
const assert = require('node:assert');
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const net = require('net');
const path = require('path');
const { EXT_ROOT, launchBrowser, newPage, notification, shot, viewPane } = require('./lib');
const { openDirector, sessionRow, spawnDrafted, waitForState } = require('./director');
const { PANE_SHELL_ENV } = require('./workspace');

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
const listening = (port) =>
  new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

test(
  'npm run demo serves VS Code with the extension on a demo repo, and farewell runs to done',
  { timeout: 300000 },
  async () => {
    const port = await freePort();
    const socket = `e2e-demo-${process.pid}`;
    const env = {
      ...process.env,
      ...PANE_SHELL_ENV,
      PORT: String(port),
      DIRECTOR_DEMO_SOCKET: socket,
      DIRECTOR_DEMO_AGENT: 'offline',
    };
    delete env.NODE_TEST_CONTEXT;
    const demo = spawn(process.execPath, [path.join(EXT_ROOT, 'scripts/demo.js')], {
      cwd: EXT_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    demo.stdout.on('data', (d) => {
      output += d;
    });
    demo.stderr.on('data', (d) => {
      output += d;
    });
    const exited = new Promise((resolve) => demo.on('exit', resolve));
    let browser, page, modelPort;
    try {
      const url = await new Promise((resolve, reject) => {
        const timer = setInterval(() => {
          const m = /Open:\s+(http:\/\/\S+)/.exec(output);
          if (m) {
            clearInterval(timer);
            resolve(m[1]);
          }
        }, 200);
        exited.then(() => {
          clearInterval(timer);
          reject(new Error(`demo exited early:\n${output}`));
        });
      });
      assert.match(output, /tmux -L e2e-demo-\d+ attach -t cmux-director/);
      assert.match(
        output,
        /Agent:\s+Claude Code \d+\.\d+\.\d+ \(from node_modules\) with the scripted offline model — no API key needed/,
      );
      modelPort = Number(/Model:\s+http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1]);
      assert.ok(modelPort > 0, `the scripted model's address is printed:\n${output}`);

      browser = await launchBrowser();
      page = await newPage(browser);
      await page.goto(url);
      await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
      await openDirector(page);
      await viewPane(page, 'Sessions')
        .locator('.pane-header', { hasText: `tmux -L ${socket}` })
        .waitFor({ timeout: 60000 });
      await shot(page, '11-demo');

      // The README's story: Spawn Session → pick farewell → running → done.
      await spawnDrafted(page, 'impl-farewell');
      await waitForState(page, 'impl-farewell', 'running');
      await waitForState(page, 'impl-farewell', 'done');
      await notification(page, 'impl-farewell signalled done.').waitFor({ timeout: 30000 });
      const workspace = path.join(EXT_ROOT, 'demo', '.work', 'director-demo');
      assert.match(
        fs.readFileSync(path.join(workspace, 'src', 'farewell.ts'), 'utf8'),
        /export const farewell = \(name: string\): string => `Bye, \$\{name\}`;/,
      );
      // Review Changes is offered on the row (the diff itself is covered by ui.test.js).
      const row = sessionRow(page, 'impl-farewell');
      await row.hover();
      await row.locator('.actions .action-label[aria-label="Review Changes"]').waitFor();
      await shot(page, '12-demo-farewell-done');
    } catch (error) {
      if (page) await shot(page, 'FAILED-demo').catch(() => {});
      throw new Error(`${error.message}\n--- demo output ---\n${output}`);
    } finally {
      await browser?.close();
      demo.kill('SIGTERM');
      await exited;
    }
    // Nothing the demo started is left running.
    assert.notStrictEqual(
      spawnSync('tmux', ['-L', socket, 'has-session'], { stdio: 'ignore' }).status,
      0,
      'the tmux server was stopped',
    );
    assert.strictEqual(await listening(port), false, 'code-server was stopped');
    assert.strictEqual(await listening(modelPort), false, 'the scripted model was stopped');
  },
);
