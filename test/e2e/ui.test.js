// Drives the real VS Code workbench (code-server 4.100.3 = VS Code 1.100.3) in Debian's Chromium as a
// user would: the Director view, Spawn Session from the palette with the stub agent, the row going from
// running to done, Review Changes, Close as SHIP, the ledger row; a permission prompt answered from its
// notification; a NO-SHIP verdict blocking SHIP; the welcome view with no multiplexer.
// Screenshots of each step go to test/e2e/.run/shots (not committed).
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const path = require('path');
const { startServer, launchBrowser, newPage, notification, runCommand, treeRows, shot, viewPane } = require('./lib');
const { createDemoWorkspace, stubSettings, killTmux } = require('./workspace');

const palette = (page, label) => runCommand(page, label, { opensInput: true });

/** Answers the input box or quick pick whose title contains `title`. */
async function answer(page, title, value) {
  const widget = page.locator('.quick-input-widget');
  await widget.locator('.quick-input-title', { hasText: title }).waitFor({ timeout: 30000 });
  if (value !== undefined) await widget.locator('.quick-input-box input').fill(value);
  await page.keyboard.press('Enter');
  await widget.locator('.quick-input-title', { hasText: title }).waitFor({ state: 'hidden', timeout: 10000 });
}

function sessionRow(page, slug) {
  return treeRows(page, 'Sessions').filter({ has: page.locator('.label-name', { hasText: slug }) }).first();
}

async function waitForState(page, slug, state, timeout = 60000) {
  await sessionRow(page, slug).locator('.label-description', { hasText: new RegExp(`^${state} ·`) }).waitFor({ timeout });
}

async function spawnFromPalette(page, slug, goal, scope = 'src/**') {
  await palette(page, 'Director: Spawn Session');
  await answer(page, 'Session slug', slug);
  await answer(page, 'Goal for', goal);
  await answer(page, 'Expected diff scope', scope);
  await answer(page, 'Model for the implementer');
}

/** Right-clicks a session row and picks a context-menu entry. */
async function contextMenu(page, slug, entry) {
  await page.waitForTimeout(1000); // let a refresh triggered by the last state change re-render the tree
  await sessionRow(page, slug).click({ button: 'right' });
  const item = page.locator('.monaco-menu .action-item:not(.disabled) .action-label', { hasText: entry }).last();
  await item.waitFor();
  await item.hover();
  await item.click();
  await item.waitFor({ state: 'hidden', timeout: 5000 }).catch(async () => { await item.press('Enter'); });
}

async function openDirector(page) {
  const icon = page.locator('.activitybar .action-item a.action-label[aria-label="Director"]');
  await icon.waitFor({ timeout: 60000 });
  const selected = await icon.evaluate((el) => el.closest('.action-item').classList.contains('checked'));
  if (!selected) await icon.click();
}

describe('cmux Director in a real VS Code, driven like a user', { timeout: 300000 }, () => {
  const socket = `e2e-ui-${process.pid}`;
  let server, browser, page, workspace;
  /** A step that leaves a screenshot behind when it fails. */
  const step = (name, fn) => it(name, async () => {
    try { await fn(); } catch (error) { await shot(page, `FAILED-${name.replace(/\W+/g, '-').slice(0, 60)}`).catch(() => {}); throw error; }
  });

  before(async () => {
    workspace = createDemoWorkspace();
    server = await startServer('ui', { settings: stubSettings(socket) });
    browser = await launchBrowser();
    page = await newPage(browser);
    await page.goto(server.url({ folder: workspace }));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
  });
  after(async () => { await browser?.close(); await server?.stop(); killTmux(socket); });

  step('opens the Director view and names the backend', async () => {
    await openDirector(page);
    await page.getByText('No implementer sessions yet.').waitFor({ timeout: 60000 });
    await viewPane(page, 'Sessions').locator('.pane-header', { hasText: `tmux -L ${socket}` }).waitFor();
    await shot(page, '01-director-view');
  });

  step('spawns a session from the palette and shows it go from running to done', async () => {
    await spawnFromPalette(page, 'e2e-farewell', '@sleep 4000 @write src/farewell.ts export const farewell = (n: string): string => `Bye ${n}`;');
    await waitForState(page, 'impl-e2e-farewell', 'running');
    await shot(page, '02-running');
    await waitForState(page, 'impl-e2e-farewell', 'done');
    await notification(page, 'impl-e2e-farewell signalled done.').waitFor({ timeout: 30000 });
    await shot(page, '03-done');
  });

  step('Review Changes opens a diff editor against the baseline', async () => {
    const row = sessionRow(page, 'impl-e2e-farewell');
    await row.hover();
    await row.locator('.actions .action-label[aria-label="Review Changes"]').click();
    await page.locator('.tabs-container .tab', { hasText: 'farewell.ts' }).first().waitFor({ timeout: 30000 });
    await page.locator('.monaco-diff-editor .editor.modified .view-line', { hasText: 'farewell' }).first().waitFor({ timeout: 30000 });
    assert.ok(await page.locator('.monaco-diff-editor .line-insert, .monaco-diff-editor .char-insert').count() > 0, 'the diff shows inserted lines');
    await shot(page, '04-review-diff');
  });

  step('closes as SHIP and the ledger view shows the new row', async () => {
    await contextMenu(page, 'impl-e2e-farewell', 'Close as SHIP');
    await answer(page, 'SHIP impl-e2e-farewell: ledger summary', 'Added farewell()');
    await notification(page, 'Closed impl-e2e-farewell as SHIP').waitFor({ timeout: 60000 });
    const ledgerLine = fs.readFileSync(path.join(workspace, 'tmp/sessions/_ledger.md'), 'utf8');
    assert.match(ledgerLine, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d \| SHIP \| e2e-farewell \| Added farewell\(\)\n$/);
    await palette(page, 'Director: Open Ledger');
    const frame = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    const ledgerRow = frame.locator('vscode-table-row[data-slug="e2e-farewell"]');
    await ledgerRow.waitFor({ timeout: 30000 });
    assert.match(await ledgerRow.textContent(), /SHIP.*e2e-farewell.*Added farewell\(\)/s);
    await shot(page, '05-ledger');
  });

  step('answers a permission prompt from its notification', async () => {
    await spawnFromPalette(page, 'e2e-perm', '@permission touch allowed.flag @write src/perm.ts export const perm = 1;');
    const toast = page.locator('.notifications-toasts .notification-list-item').filter({ hasText: 'impl-e2e-perm asks to run Bash command: touch allowed.flag' });
    await toast.waitFor({ timeout: 60000 });
    await shot(page, '06-permission-notification');
    await toast.locator('.monaco-button', { hasText: 'Allow' }).click();
    await waitForState(page, 'impl-e2e-perm', 'done');
    assert.ok(fs.existsSync(path.join(workspace, 'allowed.flag')), 'the approved command ran in the pane');
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

describe('the welcome view when no multiplexer is installed', { timeout: 120000 }, () => {
  it('names the missing piece and how to fix it', async () => {
    const server = await startServer('ui-nomux', { settings: { 'director.backend': 'auto', 'director.tmuxPath': '/nonexistent/tmux' } });
    const browser = await launchBrowser();
    try {
      const page = await newPage(browser);
      await page.goto(server.url({ folder: createDemoWorkspace() }));
      await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
      await openDirector(page);
      await page.getByText('No terminal multiplexer found: cmux Director needs cmux (macOS) or tmux.').waitFor({ timeout: 60000 });
      await page.getByText('sudo apt install tmux', { exact: false }).first().waitFor();
      await page.getByRole('button', { name: 'Retry Detection' }).first().waitFor();
      await shot(page, '09-welcome-no-multiplexer');
    } finally {
      await browser.close();
      await server.stop();
    }
  });
});
