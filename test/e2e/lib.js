// Helpers to run the extension inside a real VS Code (code-server 4.100.3 = VS Code 1.100.3) and drive it
// with Debian's chromium through playwright-core. Plain CommonJS: runs under `node --test` on Node 20, no build.
//
// Install the server once with `npm run install:vscode-server` (= bash test/vscode-server/install.sh).
// System packages (apt): chromium libkrb5-dev ripgrep (+ python3 make g++ for node-gyp).
'use strict';
const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const net = require('net');
const http = require('http');
const { chromium } = require('playwright-core');

const EXT_ROOT = path.resolve(__dirname, '..', '..');
const SERVER_DIR = path.join(EXT_ROOT, 'test', 'vscode-server');
const CS_ENTRY = path.join(SERVER_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const CS_STAMP = path.join(SERVER_DIR, '.installed-4.100.3');
const RUN_DIR = path.join(__dirname, '.run');
const SHOTS_DIR = path.join(RUN_DIR, 'shots');

const USER_SETTINGS = {
  'security.workspace.trust.enabled': false, // no "Do you trust the authors" modal (it swallows F1)
  'workbench.startupEditor': 'none', // no Welcome / walkthrough editor
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'workbench.enableExperiments': false,
  'git.enabled': false,
};

/** Throw a clear error if code-server (the real VS Code used by the E2E tests) is not installed. */
function assertServerInstalled() {
  if (!fs.existsSync(CS_ENTRY) || !fs.existsSync(CS_STAMP)) {
    throw new Error(
      'VS Code test server (code-server 4.100.3) is not installed (missing ' +
        path.relative(EXT_ROOT, fs.existsSync(CS_ENTRY) ? CS_STAMP : CS_ENTRY) +
        ').\n' +
        'Run `npm run install:vscode-server` from the repo root first ' +
        '(needs apt packages: chromium libkrb5-dev ripgrep python3 make g++).',
    );
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

function httpStatus(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (r) => {
      r.resume();
      resolve(r.statusCode);
    });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => {
      req.destroy();
      resolve(0);
    });
  });
}

/** Environment for code-server: the caller's env plus `extra`, minus variables that would change its behaviour. */
function serverEnv(extra) {
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT; // set by `node --test` for its children; would leak into node processes the extension spawns
  for (const k of Object.keys(env)) {
    // run from a VS Code terminal: VSCODE_IPC_HOOK_CLI makes code-server open files in that instance
    if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE') delete env[k];
  }
  return { ...env, ...extra };
}

/**
 * Start code-server with a fresh user-data-dir + extensions-dir under test/e2e/.run/<name>.
 * Options: env (merged into process.env; reaches the extension host's process.env), settings (user settings),
 * vsix (install this packaged extension first), extRoot (default extension under development, default EXT_ROOT).
 * Returns { root, port, url(), stop() }. stop() kills the whole process group and returns a promise.
 */
async function startServer(name, { env = {}, settings = {}, vsix, extRoot = EXT_ROOT } = {}) {
  assertServerInstalled();
  const root = path.join(RUN_DIR, name);
  fs.rmSync(root, { recursive: true, force: true });
  const userData = path.join(root, 'user-data');
  const extDir = path.join(root, 'extensions'); // must exist, or --install-extension fails
  const config = path.join(root, 'config.yaml'); // keep ~/.config/code-server/config.yaml out of it
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(extDir, { recursive: true });
  fs.writeFileSync(config, 'auth: none\n');
  fs.writeFileSync(
    path.join(userData, 'User', 'settings.json'),
    JSON.stringify({ ...USER_SETTINGS, ...settings }, null, 2),
  );
  const childEnv = serverEnv(env);
  if (vsix) {
    // install a packaged .vsix (offline, ~0.6 s)
    execFileSync(
      process.execPath,
      [
        CS_ENTRY,
        '--config',
        config,
        '--user-data-dir',
        userData,
        '--extensions-dir',
        extDir,
        '--install-extension',
        vsix,
        '--force',
      ],
      { stdio: 'pipe', env: childEnv },
    );
  }
  const port = await freePort();
  const logFile = path.join(root, 'server.log');
  const log = fs.openSync(logFile, 'a');
  const proc = spawn(
    process.execPath,
    [
      CS_ENTRY,
      '--config',
      config,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--user-data-dir',
      userData,
      '--extensions-dir',
      extDir,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
    ],
    { stdio: ['ignore', log, log], env: childEnv, detached: true },
  ); // own process group: stop() ends server + ext host + watcher
  fs.closeSync(log);
  const exited = new Promise((resolve) => proc.once('exit', resolve));

  let stopping = null;
  const kill = (sig) => {
    try {
      process.kill(-proc.pid, sig);
    } catch {
      /* already gone */
    }
  };
  const onExit = () => kill('SIGTERM'); // never leave a server behind if the test process dies
  process.once('exit', onExit);
  const stop = () => {
    if (!stopping) {
      process.removeListener('exit', onExit);
      kill('SIGTERM');
      stopping = new Promise((resolve) => {
        const t = setTimeout(() => {
          kill('SIGKILL');
          resolve();
        }, 5000);
        t.unref();
        exited.then(() => {
          clearTimeout(t);
          kill('SIGKILL');
          resolve();
        }); // SIGKILL: leftovers of the group
      });
    }
    return stopping;
  };

  const t0 = Date.now();
  while ((await httpStatus(`http://127.0.0.1:${port}/healthz`)) !== 200) {
    if (proc.exitCode !== null || proc.signalCode !== null) {
      stop();
      throw new Error('code-server exited, see ' + logFile);
    }
    if (Date.now() - t0 > 30000) {
      stop();
      throw new Error('code-server did not start within 30 s, see ' + logFile);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    root,
    port,
    logFile,
    stop,
    /**
     * Workbench URL: opens `folder`, loads the extension under development (and optionally a test runner).
     * extensionDevelopmentPath: null = installed extensions only; extRoot is an alias for it.
     */
    url({
      folder,
      extRoot: devPath,
      extensionDevelopmentPath = devPath === undefined ? extRoot : devPath,
      extensionTestsPath,
    } = {}) {
      const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
      const payload = [];
      if (extensionDevelopmentPath)
        payload.push(['extensionDevelopmentPath', remote(path.resolve(extensionDevelopmentPath))]);
      if (extensionTestsPath) payload.push(['extensionTestsPath', remote(path.resolve(extensionTestsPath))]);
      const q = new URLSearchParams();
      if (payload.length) q.set('payload', JSON.stringify(payload));
      if (folder) q.set('folder', path.resolve(folder));
      return `http://127.0.0.1:${port}/?${q}`;
    },
  };
}

/** Headless Debian chromium (/usr/bin/chromium or $CHROMIUM_PATH); playwright-core downloads no browser. */
function launchBrowser() {
  const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    throw new Error(`chromium not found at ${executablePath}: apt-get install -y chromium, or set CHROMIUM_PATH`);
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** New page at the size the screenshots are meant for (1400x900). */
function newPage(browser) {
  return browser.newPage({ viewport: { width: 1400, height: 900 } });
}

/**
 * Open the command palette (F1, retried) and run a command by its exact palette label ("Category: Title").
 * With { opensInput: true } it does not wait for the palette to close: the command's own input box reuses it.
 */
async function runCommand(page, label, { opensInput = false } = {}) {
  const widget = page.locator('.quick-input-widget');
  for (let i = 0; ; i++) {
    await page.keyboard.press('F1');
    try {
      await widget.waitFor({ state: 'visible', timeout: 1000 });
      break;
    } catch (e) {
      if (i >= 9) throw e;
    }
  }
  await page.locator('.quick-input-widget .quick-input-box input').fill('>' + label);
  const row = page
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name').getByText(label, { exact: true }) });
  await row.click();
  if (!opensInput) await widget.waitFor({ state: 'hidden' });
}

/** Locator for notification toasts containing `text` (call .waitFor() on it). */
function notification(page, text) {
  return page.locator('.notifications-toasts .notification-list-item-message').filter({ hasText: text });
}

/** Locator for the view pane whose header is "<viewName> Section". */
function viewPane(page, viewName) {
  return page.locator('.pane').filter({ has: page.locator(`.pane-header[aria-label^=${JSON.stringify(viewName)}]`) });
}

/**
 * Locator for the tree rows (role=treeitem) of the view named `viewName` (its `name` in package.json).
 * Row text: `.label-name` / `.label-description`; a row's aria-label is its tooltip if set, else its label.
 * Inline actions: inlineAction(row, '<command title>').
 */
function treeRows(page, viewName) {
  return viewPane(page, viewName).locator('.monaco-list-row');
}

/**
 * The inline button `title` of a tree row, made visible the way a user does: by pointing at the row.
 * The buttons show only while the row is hovered, and a tree refresh that re-renders the row under a
 * still mouse leaves them hidden (seen in CI), so this moves away and points again until they show.
 */
async function inlineAction(row, title, timeout = 30000) {
  const action = row.locator(`.actions .action-label[aria-label=${JSON.stringify(title)}]`);
  const page = row.page();
  const end = Date.now() + timeout;
  for (;;) {
    await page.mouse.move(0, 0);
    await row.hover({ timeout: Math.max(1000, end - Date.now()) });
    try {
      await action.waitFor({ state: 'visible', timeout: 1500 });
      return action;
    } catch (error) {
      if (Date.now() > end) throw error;
    }
  }
}

/**
 * A test step with its own time limit that leaves a screenshot FAILED-<prefix>-<name>.png behind
 * when it fails. `page()` gives the page at that moment (it is opened after the steps are declared).
 */
function shotStep(it, page, prefix, timeout) {
  return (name, fn) =>
    it(name, timeout ? { timeout } : {}, async () => {
      try {
        await fn();
      } catch (error) {
        const current = page();
        if (current) await shot(current, `FAILED-${prefix}${name.replace(/\W+/g, '-').slice(0, 50)}`).catch(() => {});
        throw error;
      }
    });
}

/** Screenshot to test/e2e/.run/shots/<name>.png; returns the file path. */
async function shot(page, name) {
  fs.mkdirSync(SHOTS_DIR, { recursive: true });
  const file = path.join(SHOTS_DIR, name.endsWith('.png') ? name : name + '.png');
  await page.screenshot({ path: file });
  return file;
}

/**
 * Run a mocha runner (testsPath exports run(): Promise<void>) inside the real Node extension host.
 * The runner gets the JSON report path in process.env.E2E_RESULTS and should write { passed: [title],
 * failed: [{ title, error }] } there. Resolves to { code, report } where code is 0 (all passed), 1 (a failure
 * or a runner that failed to load) or 'timeout'; report is the parsed JSON or null.
 * Options: workspace (folder to open), testsPath, env (extra env for the server/ext host), timeoutMs (default 150 s),
 * extRoot (extension under development, default EXT_ROOT), name (run dir name, default 'exthost'), settings.
 * E2E_VERBOSE=1 prints the workbench/ext-host console (mocha's own reporter output).
 */
async function runExtensionHostTests({
  workspace,
  testsPath,
  env = {},
  timeoutMs = 150000,
  extRoot = EXT_ROOT,
  name = 'exthost',
  settings = {},
} = {}) {
  if (!testsPath) throw new Error('runExtensionHostTests: testsPath is required');
  assertServerInstalled();
  fs.mkdirSync(RUN_DIR, { recursive: true });
  const results = env.E2E_RESULTS || path.join(RUN_DIR, `${name}-results.json`);
  fs.rmSync(results, { force: true });
  const server = await startServer(name, { env: { ...env, E2E_RESULTS: results }, settings, extRoot });
  let browser;
  try {
    browser = await launchBrowser();
    const page = await newPage(browser);
    const consoleLines = [];
    page.on('console', (m) => {
      consoleLines.push(m.text());
      if (process.env.E2E_VERBOSE) console.log('[workbench]', m.text());
    });
    // The workbench calls window.codeAutomationExit(code) when the extension host's test runner finishes.
    let resolveExit;
    const exit = new Promise((resolve) => {
      resolveExit = resolve;
    });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
    await page.goto(
      server.url({ folder: workspace, extensionDevelopmentPath: extRoot, extensionTestsPath: testsPath }),
    );
    let timer;
    const code = await Promise.race([
      exit,
      new Promise((r) => {
        timer = setTimeout(() => r('timeout'), timeoutMs);
      }),
    ]);
    clearTimeout(timer); // a pending timer would keep `node --test` alive
    const report = fs.existsSync(results) ? JSON.parse(fs.readFileSync(results, 'utf8')) : null;
    if (report) {
      for (const t of report.passed || []) console.log('  ok   ' + t);
      for (const f of report.failed || []) console.log('  FAIL ' + f.title + '\n' + f.error);
    }
    if (code !== 0) {
      await shot(page, `${name}-failure`).catch(() => {});
      if (!report) {
        console.log(`extension host tests exited with ${code} and wrote no report (${results}); last console lines:`);
        for (const l of consoleLines.slice(-40)) console.log('  | ' + l);
        console.log('server log: ' + server.logFile);
      }
    }
    return { code, report };
  } finally {
    if (browser) await browser.close();
    await server.stop();
  }
}

module.exports = {
  EXT_ROOT,
  RUN_DIR,
  SHOTS_DIR,
  CS_ENTRY,
  USER_SETTINGS,
  assertServerInstalled,
  startServer,
  launchBrowser,
  newPage,
  runCommand,
  notification,
  viewPane,
  treeRows,
  inlineAction,
  shot,
  shotStep,
  runExtensionHostTests,
};
