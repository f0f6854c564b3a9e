// Playwright steps for the Director view, shared by the UI, .vsix and demo tests: the palette's
// input boxes and quick picks, session rows and their `<state> · <elapsed>` descriptions.
'use strict';
const assert = require('node:assert');
const { runCommand, treeRows } = require('./lib');

const palette = (page, label) => runCommand(page, label, { opensInput: true });

/** Answers the input box or quick pick whose title contains `title` (Enter on the first item). */
async function answer(page, title, value) {
  const widget = page.locator('.quick-input-widget');
  await widget.locator('.quick-input-title', { hasText: title }).waitFor({ timeout: 30000 });
  // Keys go to the quick input's own box: an open webview (the Ledger panel) can hold the focus.
  const box = widget.locator('.quick-input-box input');
  if (value !== undefined) await box.fill(value);
  else await box.focus();
  const shown = widget.locator('.quick-input-title', { hasText: title });
  // A quick pick can take Enter before its items are in (seen under load): Enter is pressed again
  // only while this same pick is still up, so a later one is never answered by mistake.
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.keyboard.press('Enter');
    const gone = await shown.waitFor({ state: 'hidden', timeout: 3000 }).then(
      () => true,
      () => false,
    );
    if (gone) return;
  }
  await shown.waitFor({ state: 'hidden', timeout: 10000 });
}

function sessionRow(page, slug) {
  return treeRows(page, 'Sessions')
    .filter({ has: page.locator('.label-name', { hasText: slug }) })
    .first();
}

/**
 * Waits for the row of `slug` to be in `state` (running, needs-permission, done…). The row names it
 * exactly in its accessible label `<slug> — <state>`; what it shows is a short word and an icon.
 */
async function waitForState(page, slug, state, timeout = 90000) {
  await treeRows(page, 'Sessions')
    .and(page.locator(`[aria-label=${JSON.stringify(`${slug} — ${state}`)}]`))
    .first()
    .waitFor({ timeout });
}

/** Spawn Session from the palette for a new task: slug, goal (one line), scope, the default model. */
async function spawnFromPalette(page, slug, goal, scope = 'src/**') {
  await palette(page, 'Director: Spawn Session');
  await answer(page, 'Session slug', slug);
  await answer(page, 'Goal for', goal);
  await answer(page, 'Expected diff scope', scope);
  await answer(page, 'Model for the implementer');
  await answer(page, 'Where the session works');
}

/** Spawn Session from the palette for a drafted task (`impl-<slug>`), with the default model. */
async function spawnDrafted(page, slug) {
  await palette(page, 'Director: Spawn Session');
  await answer(page, 'Spawn which task?', slug);
  await answer(page, 'Model for the implementer');
  await answer(page, 'Where the session works');
}

/** Right-clicks a session row and picks a context-menu entry. */
async function contextMenu(page, slug, entry) {
  await page.waitForTimeout(1000); // let a refresh triggered by the last state change re-render the tree
  await sessionRow(page, slug).click({ button: 'right' });
  const item = page.locator('.monaco-menu .action-item:not(.disabled) .action-label', { hasText: entry }).last();
  await item.waitFor();
  await item.hover();
  await item.click();
  await item.waitFor({ state: 'hidden', timeout: 5000 }).catch(async () => {
    await item.press('Enter');
  });
}

/**
 * Opens the Ledger panel (Director: Open Ledger) and waits for the row of `slug` (without
 * `impl-`); resolves to its locator. The panel is a webview beside the sidebar's compact list:
 * its table rows are `#ledger tbody tr[data-slug]`.
 */
async function ledgerRow(page, slug, timeout = 30000) {
  await palette(page, 'Director: Open Ledger');
  const selector = `#ledger tbody tr[data-slug="${slug}"]`;
  const panel = await webviewFrame(page, selector, timeout);
  return panel.locator(selector);
}

/** Shows the Director container (clicking its icon again would hide it). */
async function openDirector(page) {
  const icon = page.locator('.activitybar .action-item a.action-label[aria-label="Director"]');
  await icon.waitFor({ timeout: 60000 });
  const selected = await icon.evaluate((el) => el.closest('.action-item').classList.contains('checked'));
  if (!selected) await icon.click();
}

/** The frame of the webview that has `selector` (the sidebar list or the panel). */
async function webviewFrame(page, selector, timeout = 30000) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (await frame.$(selector).catch(() => null)) return frame;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no webview with ${selector}`);
}

/** Drags the sidebar's edge so the sidebar is `width` px wide. */
async function setSidebarWidth(page, width) {
  const sidebar = await page.locator('.part.sidebar').boundingBox();
  const y = sidebar.y + sidebar.height / 2;
  const edge = sidebar.x + sidebar.width;
  await page.mouse.move(edge - 1, y);
  await page.mouse.down();
  await page.mouse.move(sidebar.x + width, y, { steps: 8 });
  await page.mouse.up();
  await page.waitForTimeout(400);
  const now = await page.locator('.part.sidebar').boundingBox();
  assert.ok(Math.abs(now.width - width) < 12, `sidebar is ${now.width} px, wanted ${width}`);
}

module.exports = {
  webviewFrame,
  setSidebarWidth,
  palette,
  answer,
  sessionRow,
  waitForState,
  spawnFromPalette,
  spawnDrafted,
  contextMenu,
  ledgerRow,
  openDirector,
};
