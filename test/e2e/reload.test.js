// Nothing is lost across restarts (issue 9), in the real VS Code (code-server) with the real Claude Code
// against the scripted model: a reloaded window shows every session in its true state and asks again for a
// pending permission; a window closed while a session finished shows it done when reopened; a tmux server that
// died is one warning naming it and the fix, not a notice per session and not again on every refresh.
// Screenshots of each step go to test/e2e/.run/shots (not committed).
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert');
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const {
  EXT_ROOT,
  startServer,
  launchBrowser,
  newPage,
  notification,
  runCommand,
  shot,
  shotStep,
  viewPane,
} = require('./lib');
const { waitForState, spawnFromPalette, openDirector } = require('./director');
const { createDemoWorkspace, startOfflineClaude, killTmux, PANE_SHELL_ENV } = require('./workspace');

const toasts = (page, text) => page.locator('.notifications-toasts .notification-list-item').filter({ hasText: text });

// Each step has its own time limit, none the whole group (as in ui.test.js).
describe('sessions survive a reload, a closed window and a dead multiplexer server', () => {
  const socket = `e2e-reload-${process.pid}`;
  let server, browser, page, workspace, claude;
  const step = shotStep(it, () => page, 'reload-', 180000);
  /**
   * Shows the Sessions view once the extension is up (the backend in its header: its commands are in
   * the palette). A restored window can still be bringing the Director back when its icon is clicked,
   * and the click then hides it: the view is asked for again until it shows.
   */
  const showSessions = async () => {
    const header = viewPane(page, 'Sessions').locator('.pane-header', { hasText: `tmux -L ${socket}` });
    for (let attempt = 0; ; attempt++) {
      await openDirector(page);
      try {
        return await header.waitFor({ timeout: 15000 });
      } catch (error) {
        if (attempt >= 5) throw error;
      }
    }
  };
  const open = async () => {
    page = await newPage(browser);
    await page.goto(server.url({ folder: workspace }));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
    await showSessions();
  };
  /** What the CLI says about the sessions (no window needed). */
  const cliStatus = () =>
    execFileSync(
      process.execPath,
      [
        path.join(EXT_ROOT, 'dist', 'cli.js'),
        'status',
        '--cwd',
        workspace,
        '--backend',
        'tmux',
        '--tmux-socket',
        socket,
      ],
      { encoding: 'utf8', env: { ...process.env, ...PANE_SHELL_ENV } },
    );
  /** The Director output channel of the newest window (one log per extension host). */
  const directorLog = () => {
    const logs = path.join(server.root, 'user-data', 'logs');
    const files = fs
      .readdirSync(logs, { recursive: true })
      .filter((f) => f.endsWith(path.join('cmux-director.cmux-director', 'Director.log')))
      .map((f) => path.join(logs, f));
    files.sort((a, b) => fs.statSync(a).mtimeMs - fs.statSync(b).mtimeMs);
    return files.length > 0 ? fs.readFileSync(files[files.length - 1], 'utf8') : '';
  };

  before(async () => {
    workspace = createDemoWorkspace();
    claude = await startOfflineClaude();
    server = await startServer('reload', { settings: claude.settings(socket, workspace), env: PANE_SHELL_ENV });
    browser = await launchBrowser();
    await open();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    killTmux(socket);
    await claude?.stop();
  });

  step('one session finishes, another waits on a permission', async () => {
    await spawnFromPalette(page, 'r-done', '@write src/x.ts export const x = 1;');
    await waitForState(page, 'impl-r-done', 'done');
    // `git tag` is not allowed on its own: Claude Code asks, the director's hook holds the request.
    await spawnFromPalette(page, 'r-perm', '@permission git tag reload-test @write src/y.ts export const y = 1;');
    await waitForState(page, 'impl-r-perm', 'needs-permission');
    await toasts(page, 'impl-r-perm asks to run Bash: git tag reload-test').waitFor({ timeout: 30000 });
  });

  step('after Reload Window the tree has both in their true state and the permission is asked again', async () => {
    await Promise.all([
      page.waitForEvent('load', { timeout: 60000 }),
      runCommand(page, 'Developer: Reload Window', { opensInput: true }),
    ]);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
    await showSessions();
    await waitForState(page, 'impl-r-done', 'done');
    await waitForState(page, 'impl-r-perm', 'needs-permission');
    const ask = toasts(page, 'impl-r-perm asks to run Bash: git tag reload-test');
    await ask.waitFor({ timeout: 30000 });
    // The same first reading would have raised it: a done the user already saw is in the tree, not a new toast.
    assert.strictEqual(await toasts(page, 'impl-r-done signalled done.').count(), 0);
    await shot(page, 'reload-01-permission-after-reload');
    await ask.locator('.monaco-button', { hasText: 'Allow' }).click();
    await waitForState(page, 'impl-r-perm', 'done');
    const tags = execFileSync('git', ['tag', '--list'], { cwd: workspace, encoding: 'utf8' });
    assert.match(tags, /^reload-test$/m, 'the permission answered after the reload ran the command');
  });

  step('a session that finished while no window was open shows done when the window is back', async () => {
    await spawnFromPalette(page, 'r-late', '@sleep 6000 @write src/z.ts export const z = 1;');
    // Closed once the spawn is over (a spawn cut off by its window stays `spawned`: see the report).
    await notification(page, 'impl-r-late started').waitFor({ timeout: 60000 });
    await page.close();
    // The window is gone; the CLI reads the same files and says when the session signalled.
    const deadline = Date.now() + 60000;
    while (!/^impl-r-late done$/m.test(cliStatus())) {
      assert.ok(Date.now() < deadline, `impl-r-late never signalled done: ${cliStatus()}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    await open();
    await waitForState(page, 'impl-r-late', 'done');
    await waitForState(page, 'impl-r-done', 'done');
    await waitForState(page, 'impl-r-perm', 'done');
    await shot(page, 'reload-02-reopened');
  });

  step('a tmux server that died is one warning with the fix, not a notice per session nor per refresh', async () => {
    killTmux(socket);
    for (const slug of ['impl-r-done', 'impl-r-perm', 'impl-r-late']) await waitForState(page, slug, 'gone');
    const warning = toasts(page, `The tmux server (tmux -L ${socket}) is not running: 3 open sessions are gone`);
    await warning.waitFor({ timeout: 30000 });
    await warning.locator('.monaco-button', { hasText: 'Close as ABANDON' }).waitFor();
    assert.strictEqual(await toasts(page, 'is not running').count(), 1);
    assert.strictEqual(await toasts(page, 'pane is gone').count(), 0, 'no notice per session');
    await shot(page, 'reload-03-server-died');

    // Dismissed, it stays dismissed: two refreshes later (each asks tmux whether its server runs) it is not back.
    await warning.hover();
    await warning.locator('.codicon-notifications-clear').click();
    await warning.waitFor({ state: 'hidden' });
    const checks = () =>
      directorLog()
        .split('\n')
        .filter((l) => /list-sessions/.test(l)).length;
    const before = checks();
    const refreshed = Date.now();
    await runCommand(page, 'Director: Refresh');
    await runCommand(page, 'Director: Refresh');
    while (checks() < before + 2) {
      assert.ok(Date.now() - refreshed < 30000, 'the refreshes asked tmux whether its server runs');
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.strictEqual(await toasts(page, 'is not running').count(), 0, 'the warning is not repeated');
    const log = directorLog();
    assert.strictEqual(log.split('\n').filter((l) => /\[warning\].*is not running/.test(l)).length, 1, log);
    assert.doesNotMatch(log, /refresh failed/);
  });
});
