// The README's first command: `npm run demo` brings up a real VS Code with the extension installed
// from its .vsix, on a demo repository with three drafted tasks, and prints its progress and the URL.
// Then the README's whole story, in that VS Code, on the real Claude Code from node_modules against
// the scripted offline model (which acts on the @ lines the demo writes into each task):
//   farewell: running → done → Review Changes shows src/farewell.ts → Close as SHIP → the ledger row;
//   risky-script: a permission request → Allow from its notification → done;
//   half-done: SHIP blocked by NO-SHIP parse-error.
// Ctrl-C stops everything the demo started, and the demo wrote nothing into the user's home.
// Each step has its own time limit (a loaded 2-core machine makes Claude Code start slowly).
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert');
const { execFileSync, spawn, spawnSync } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const { EXT_ROOT, launchBrowser, newPage, notification, shot, viewPane, inlineAction } = require('./lib');
const { answer, contextMenu, ledgerRow, openDirector, sessionRow, spawnDrafted, waitForState } = require('./director');
const { PANE_SHELL_ENV } = require('./workspace');

const WORK = path.join(EXT_ROOT, 'demo', '.work');
const WORKSPACE = path.join(WORK, 'director-demo');

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
/** Processes whose environment or command line names `dir` (what the demo started there). */
function processesUsing(dir) {
  const found = [];
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    if (Number(pid) === process.pid) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const environ = fs.readFileSync(`/proc/${pid}/environ`, 'utf8');
      if (cmdline.includes(dir) || environ.includes(dir)) found.push(`${pid} ${cmdline.replace(/\0/g, ' ')}`);
    } catch {
      /* gone, or not ours to read */
    }
  }
  return found;
}
const filesUnder = (dir) =>
  fs.readdirSync(dir, { recursive: true }).filter((f) => !fs.statSync(path.join(dir, f)).isDirectory());
const ledger = () => {
  try {
    return fs.readFileSync(path.join(WORKSPACE, 'tmp/sessions/_ledger.md'), 'utf8');
  } catch {
    return '';
  }
};

/**
 * Close as SHIP from the row's context menu, then waits for `next` (what SHIP shows). A known race
 * (VS Code 1.100): the extension refreshes the whole Sessions tree on every hook event, and a
 * whole-tree refresh drops the extension host's tree-element handles until VS Code has re-read the
 * tree (ExtHostTreeView clears them on a root refresh); a context-menu command issued in that
 * window gets no element, and the extension asks "Close which session?". A user picks the session
 * there; so does this (and says so in the test output).
 */
async function closeAsShip(page, slug, next) {
  await contextMenu(page, slug, 'Close as SHIP');
  const picker = page.locator('.quick-input-widget .quick-input-title', { hasText: 'Close which session?' });
  const first = await Promise.race([
    picker.waitFor({ timeout: 60000 }).then(
      () => 'picker',
      () => 'none',
    ),
    next.waitFor({ timeout: 60000 }).then(
      () => 'next',
      () => 'none',
    ),
  ]);
  if (first === 'picker') {
    console.log(`# Close as SHIP on ${slug} lost its row in a tree refresh: picked it in "Close which session?"`);
    await answer(page, 'Close which session?', slug);
  }
  await next.waitFor({ timeout: 60000 });
}

describe('npm run demo: the README story in the real VS Code it starts', () => {
  const socket = `e2e-demo-${process.pid}`;
  // An empty home, so that the test sees anything the demo would write there (~/.config, ~/.local).
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'director-demo-home-'));
  let demo, exited, browser, page, port, modelPort;
  let output = '';

  /** A step that leaves a screenshot behind when it fails, and shows the demo's output. */
  const step = (name, timeout, fn) =>
    it(name, { timeout }, async () => {
      try {
        await fn();
      } catch (error) {
        if (page) await shot(page, `FAILED-demo-${name.replace(/\W+/g, '-').slice(0, 50)}`).catch(() => {});
        error.message += `\n--- demo output ---\n${output}`;
        throw error;
      }
    });

  before(
    async () => {
      port = await freePort();
      const env = {
        ...process.env,
        ...PANE_SHELL_ENV,
        HOME: home,
        PORT: String(port),
        DIRECTOR_DEMO_SOCKET: socket,
        DIRECTOR_DEMO_AGENT: 'offline',
      };
      delete env.NODE_TEST_CONTEXT;
      for (const k of Object.keys(env)) if (k.startsWith('XDG_')) delete env[k];
      demo = spawn(process.execPath, [path.join(EXT_ROOT, 'scripts/demo.js')], {
        cwd: EXT_ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      demo.stdout.on('data', (d) => (output += d));
      demo.stderr.on('data', (d) => (output += d));
      exited = new Promise((resolve) => demo.on('exit', resolve));
    },
    { timeout: 10000 },
  );

  after(async () => {
    // Only when a step failed before Ctrl-C was tested: never leave the demo running.
    await browser?.close().catch(() => {});
    if (demo && demo.exitCode === null && demo.signalCode === null) {
      demo.kill('SIGINT');
      await exited;
    }
    spawnSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' });
    fs.rmSync(home, { recursive: true, force: true });
  });

  step('prints each set-up step, then the URL; the Director view opens on the demo repo', 360000, async () => {
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
        reject(new Error('the demo exited before printing its URL'));
      });
    });
    for (const what of [
      /system packages/,
      /VS Code 1\.100\.3 \(code-server\)/,
      /building and packaging the extension/,
      /installing the extension into VS Code/,
      /creating the demo repository/,
      /starting VS Code/,
    ])
      assert.match(output, new RegExp(`\\[\\d/\\d\\] ${what.source}`), `a progress line for ${what}`);
    assert.match(output, /Log:\s+demo\/\.work\/demo\.log/);
    assert.match(output, new RegExp(`tmux -L ${socket} attach -t cmux-director`));
    assert.match(
      output,
      /Agent:\s+Claude Code \d+\.\d+\.\d+ \(from node_modules\) with the scripted offline model — no API key needed/,
    );
    modelPort = Number(/Model:\s+http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1]);
    assert.ok(modelPort > 0, "the scripted model's address is printed");
    // Quiet: no child's chatter (npm, vsce, code-server) on the console.
    assert.doesNotMatch(output, /npm (warn|notice)|DONE\s+Packaged|Extension .* was successfully installed|\[\d{4}-/);

    browser = await launchBrowser();
    page = await newPage(browser);
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 90000 });
    await openDirector(page);
    await viewPane(page, 'Sessions')
      .locator('.pane-header', { hasText: `tmux -L ${socket}` })
      .waitFor({ timeout: 90000 });
    await shot(page, '11-demo');
  });

  step('farewell: running → done → Review Changes shows src/farewell.ts → SHIP → the ledger row', 300000, async () => {
    await spawnDrafted(page, 'impl-farewell');
    await waitForState(page, 'impl-farewell', 'running');
    await waitForState(page, 'impl-farewell', 'done');
    await notification(page, 'impl-farewell signalled done.').waitFor({ timeout: 30000 });
    assert.match(
      fs.readFileSync(path.join(WORKSPACE, 'src', 'farewell.ts'), 'utf8'),
      /export const farewell = \(name: string\): string => `Bye, \$\{name\}`;/,
    );

    const row = sessionRow(page, 'impl-farewell');
    await (await inlineAction(row, 'Review Changes')).click();
    const tab = page.locator('.tabs-container .tab', { hasText: 'farewell.ts' }).first();
    await tab.waitFor({ timeout: 30000 });
    assert.match(
      `${await tab.getAttribute('title')} ${await tab.getAttribute('aria-label')}`,
      /src\/farewell\.ts/,
      'the diff is of src/farewell.ts',
    );
    await page
      .locator('.monaco-diff-editor .editor.modified .view-line', { hasText: 'export const farewell' })
      .first()
      .waitFor({ timeout: 30000 });
    assert.ok(
      (await page.locator('.monaco-diff-editor .line-insert, .monaco-diff-editor .char-insert').count()) > 0,
      'the diff shows the inserted lines',
    );
    await shot(page, '12-demo-farewell-diff');

    await closeAsShip(
      page,
      'impl-farewell',
      page.locator('.quick-input-widget .quick-input-title', { hasText: 'SHIP impl-farewell: ledger summary' }),
    );
    await answer(page, 'SHIP impl-farewell: ledger summary', 'Added farewell()');
    await notification(page, 'Closed impl-farewell as SHIP').waitFor({ timeout: 60000 });
    assert.match(ledger(), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d \| SHIP \| farewell \| Added farewell\(\)$/m);
    const line = await ledgerRow(page, 'farewell');
    assert.match(await line.textContent(), /SHIP.*farewell.*Added farewell\(\)/s);
    await shot(page, '13-demo-ledger');
  });

  step('risky-script: asks for a permission, Allow from the notification, then done', 300000, async () => {
    await openDirector(page);
    await spawnDrafted(page, 'impl-risky-script');
    await waitForState(page, 'impl-risky-script', 'needs-permission');
    const toast = page
      .locator('.notifications-toasts .notification-list-item')
      .filter({ hasText: 'impl-risky-script asks to run Bash: git tag build-start' });
    await toast.waitFor({ timeout: 30000 });
    await shot(page, '14-demo-permission');
    await toast.locator('.monaco-button', { hasText: 'Allow' }).click();
    await waitForState(page, 'impl-risky-script', 'done');
    const tags = execFileSync('git', ['tag', '--list'], { cwd: WORKSPACE, encoding: 'utf8' });
    assert.match(tags, /^build-start$/m, 'the allowed command ran');
    assert.ok(fs.existsSync(path.join(WORKSPACE, 'src/build.ts')), 'the session went on after Allow');
    await shot(page, '15-demo-permission-allowed');
  });

  step('half-done: done, and SHIP is blocked by NO-SHIP parse-error', 300000, async () => {
    await spawnDrafted(page, 'impl-half-done');
    await waitForState(page, 'impl-half-done', 'done');
    await closeAsShip(
      page,
      'impl-half-done',
      notification(page, 'SHIP blocked: verify says NO-SHIP').filter({ hasText: 'parse-error:src/parser.ts' }),
    );
    await shot(page, '16-demo-no-ship');
    assert.ok(!ledger().includes('half-done'), 'nothing was written to the ledger');
  });

  step('Ctrl-C stops everything the demo started; nothing was written to the home directory', 60000, async () => {
    await browser?.close();
    browser = undefined;
    assert.strictEqual(demo.exitCode, null, 'the demo was still running');
    demo.kill('SIGINT');
    await exited;
    assert.notStrictEqual(
      spawnSync('tmux', ['-L', socket, 'has-session'], { stdio: 'ignore' }).status,
      0,
      'the tmux server was stopped',
    );
    assert.strictEqual(await listening(port), false, 'code-server was stopped');
    assert.strictEqual(await listening(modelPort), false, 'the scripted model was stopped');
    assert.deepStrictEqual(processesUsing(WORK), [], 'no process started by the demo is left');
    assert.deepStrictEqual(filesUnder(home), [], 'the demo keeps its state in demo/.work, not in the home directory');
  });
});
