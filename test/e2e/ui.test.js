// Drives the real VS Code workbench (code-server 4.100.3 = VS Code 1.100.3) in Debian's Chromium as a
// user would: the Director view, Spawn Session from the palette, the row going from running to done,
// Review Changes, Close as SHIP, the ledger row; a permission request answered from its notification; a
// NO-SHIP verdict blocking SHIP; the welcome view with no multiplexer. Sessions are the real Claude Code
// (the pinned devDependency) in tmux panes, offline against the scripted model, which acts on the
// @directives in each goal (test/fixtures/scripted-model/server.mjs).
// Screenshots of each step go to test/e2e/.run/shots (not committed).
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert');
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { startServer, launchBrowser, newPage, notification, shot, shotStep, viewPane, inlineAction } = require('./lib');
const {
  palette,
  answer,
  sessionRow,
  waitForState,
  spawnFromPalette,
  contextMenu,
  openDirector,
  setSidebarWidth,
  webviewFrame,
} = require('./director');
const { createDemoWorkspace, startOfflineClaude, killTmux, PANE_SHELL_ENV } = require('./workspace');

// Each step has its own time limit, none the whole group: on a loaded 2-core machine the steps
// together can need twice their usual time while none is stuck.
describe('cmux Director in a real VS Code, driven like a user', () => {
  const socket = `e2e-ui-${process.pid}`;
  let server, browser, page, workspace, claude;
  const step = shotStep(it, () => page, '', 180000);

  // No limit of its own: each of its steps has one (code-server's start, page load, the workbench).
  before(async () => {
    workspace = createDemoWorkspace();
    // No tmp/sessions/ yet: the extension must start following hook events once the first draft makes it.
    claude = await startOfflineClaude();
    server = await startServer('ui', { settings: claude.settings(socket, workspace), env: PANE_SHELL_ENV });
    browser = await launchBrowser();
    page = await newPage(browser);
    await page.goto(server.url({ folder: workspace }));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    killTmux(socket);
    await claude?.stop();
  });

  step('opens the Director view and names the backend', async () => {
    await openDirector(page);
    await page.getByText('No implementer sessions yet.').waitFor({ timeout: 60000 });
    await viewPane(page, 'Sessions')
      .locator('.pane-header', { hasText: `tmux -L ${socket}` })
      .waitFor();
    await shot(page, '01-director-view');
  });

  step('spawns a session from the palette and shows it go from running to done', async () => {
    await spawnFromPalette(
      page,
      'e2e-farewell',
      '@sleep 4000 @write src/farewell.ts export const farewell = (n: string): string => `Bye ${n}`;',
    );
    await waitForState(page, 'impl-e2e-farewell', 'running');
    // Spawn says what a person needs; the agent's command line is in the Director output.
    const started = notification(page, 'impl-e2e-farewell started: sonnet in pane');
    await started.waitFor({ timeout: 30000 });
    assert.doesNotMatch(await started.textContent(), /--settings|--model/);
    await shot(page, '02-running');
    await waitForState(page, 'impl-e2e-farewell', 'done');
    await notification(page, 'impl-e2e-farewell signalled done.').waitFor({ timeout: 30000 });
    await shot(page, '03-done');
  });

  step('Review Changes opens a diff editor against the baseline', async () => {
    const row = sessionRow(page, 'impl-e2e-farewell');
    await (await inlineAction(row, 'Review Changes')).click();
    await page.locator('.tabs-container .tab', { hasText: 'farewell.ts' }).first().waitFor({ timeout: 30000 });
    await page
      .locator('.monaco-diff-editor .editor.modified .view-line', { hasText: 'farewell' })
      .first()
      .waitFor({ timeout: 30000 });
    assert.ok(
      (await page.locator('.monaco-diff-editor .line-insert, .monaco-diff-editor .char-insert').count()) > 0,
      'the diff shows inserted lines',
    );
    await shot(page, '04-review-diff');
  });

  step('closes as SHIP and the ledger view shows the new row', async () => {
    await contextMenu(page, 'impl-e2e-farewell', 'Close as SHIP');
    await answer(page, 'SHIP impl-e2e-farewell: ledger summary', 'Added farewell()');
    await notification(page, 'Closed impl-e2e-farewell as SHIP').waitFor({ timeout: 60000 });
    const ledgerLine = fs.readFileSync(path.join(workspace, 'tmp/sessions/_ledger.md'), 'utf8');
    assert.match(
      ledgerLine,
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d \| SHIP \| e2e-farewell \| Added farewell\(\)\n$/,
    );
    await palette(page, 'Director: Open Ledger');
    const panel = await webviewFrame(page, '#ledger tbody tr[data-slug="e2e-farewell"]');
    const ledgerRow = panel.locator('#ledger tbody tr[data-slug="e2e-farewell"]');
    assert.match(await ledgerRow.textContent(), /SHIP.*e2e-farewell.*Added farewell\(\)/s);
    // The tree keeps it in its closed history.
    await sessionRow(page, 'e2e-farewell').waitFor({ timeout: 30000 });
    await shot(page, '05-ledger');
  });

  step('answers a permission request from its notification', async () => {
    // `git tag` is not one of the commands acceptEdits allows on its own: Claude Code asks, the hook holds it.
    await spawnFromPalette(
      page,
      'e2e-perm',
      '@permission git tag e2e-allowed @write src/perm.ts export const perm = 1;',
    );
    await waitForState(page, 'impl-e2e-perm', 'needs-permission');
    const toast = page
      .locator('.notifications-toasts .notification-list-item')
      .filter({ hasText: 'impl-e2e-perm asks to run Bash: git tag e2e-allowed' });
    await toast.waitFor({ timeout: 30000 });
    await shot(page, '06-permission-notification');
    // In a narrow sidebar, with Allow and Deny on the row, its state still shows.
    await setSidebarWidth(page, 300);
    const row = sessionRow(page, 'impl-e2e-perm');
    await inlineAction(row, 'Approve Permission');
    const state = row.locator('.label-description');
    assert.strictEqual(await state.textContent(), 'permission?');
    const visible = await row.evaluate((el) => {
      const text = el.querySelector('.label-description').getBoundingClientRect();
      return text.width > 20 && text.right <= el.querySelector('.actions').getBoundingClientRect().left + 1;
    });
    assert.ok(visible, 'the state is not hidden by the inline buttons');
    await shot(page, '06b-permission-row-300px');
    await toast.locator('.monaco-button', { hasText: 'Allow' }).click();
    await waitForState(page, 'impl-e2e-perm', 'done');
    const tags = execFileSync('git', ['tag', '--list'], { cwd: workspace, encoding: 'utf8' });
    assert.match(tags, /^e2e-allowed$/m, 'the approved command ran in the pane');
    assert.ok(fs.existsSync(path.join(workspace, 'src/perm.ts')), 'the session went on after the approval');
    await shot(page, '07-permission-approved');
  });

  step('a NO-SHIP verdict blocks SHIP', async () => {
    await spawnFromPalette(page, 'e2e-broken', '@write src/broken.ts export const = ;');
    await waitForState(page, 'impl-e2e-broken', 'done');
    await contextMenu(page, 'impl-e2e-broken', 'Close as SHIP');
    await notification(page, 'SHIP blocked: verify says NO-SHIP').waitFor({ timeout: 60000 });
    await shot(page, '08-no-ship-blocks-ship');
    const ledger = fs.readFileSync(path.join(workspace, 'tmp/sessions/_ledger.md'), 'utf8');
    assert.ok(!ledger.includes('e2e-broken'), 'nothing was written to the ledger');
    await waitForState(page, 'impl-e2e-broken', 'done');
  });
});

describe('the welcome view when no multiplexer is installed', () => {
  it('names the missing piece and how to fix it', { timeout: 180000 }, async () => {
    const server = await startServer('ui-nomux', {
      settings: { 'director.backend': 'auto', 'director.tmuxPath': '/nonexistent/tmux' },
    });
    const browser = await launchBrowser();
    try {
      const page = await newPage(browser);
      await page.goto(server.url({ folder: createDemoWorkspace() }));
      await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
      await openDirector(page);
      await page
        .getByText('No terminal multiplexer found: cmux Director needs cmux (macOS) or tmux.')
        .waitFor({ timeout: 60000 });
      await page.getByText('sudo apt install tmux', { exact: false }).first().waitFor();
      await page.getByRole('button', { name: 'Retry Detection' }).first().waitFor();
      await shot(page, '09-welcome-no-multiplexer');
    } finally {
      await browser.close();
      await server.stop();
    }
  });
});
