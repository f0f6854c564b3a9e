// How the Director's views read, in the real VS Code (code-server in Chromium), in the light and the
// dark theme and with a 300 px and a 700 px sidebar: the Sessions tree with drafted tasks and the
// closed history, the compact Ledger list, and the Ledger panel (table, sorting, day/week figures).
// The workspace is seeded with ledger lines and session records, so no agent runs here (ui.test.js
// covers live sessions). Screenshots go to test/e2e/.run/shots/views-*.png: look at them.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const path = require('path');
const {
  startServer,
  launchBrowser,
  newPage,
  shot,
  shotStep,
  treeRows,
  inlineAction,
  viewPane,
  runCommand,
} = require('./lib');
const { openDirector, setSidebarWidth, webviewFrame } = require('./director');
const { createDemoWorkspace, killTmux } = require('./workspace');

const pad = (n) => String(n).padStart(2, '0');
/** A ledger timestamp `daysAgo` days before now at hh:mm, in this machine's local time. */
function stamp(daysAgo, hh, mm) {
  const d = new Date();
  d.setDate(d.getDate() - daysAgo);
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(hh)}:${pad(mm)}:00${sign}${pad(Math.trunc(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
}

const LEDGER = [
  [stamp(2, 9, 12), 'ABANDON', 'flaky-retry', 'Gave up: the retry loop needs a design first'],
  [stamp(1, 16, 40), 'SHIP', 'tools-docstrings', 'Expanded module docstrings across 10 tool modules'],
  [
    stamp(0, 9, 5),
    'SHIP',
    'risky-script',
    'Added scripts/cleanup.sh after the rm -rf was allowed (SHIP over NEEDS-CODE-REVIEW: slug typed in VS Code over 1 flag)',
  ],
  [
    stamp(0, 10, 30),
    'NO-SHIP',
    'half-done',
    'Left src/half.ts with a syntax error (parse-error); redirect did not fix it',
  ],
  [stamp(0, 11, 2), 'SHIP', 'farewell', 'Added farewell() in src/farewell.ts'],
];

/** A closed session's record, as close leaves it: what the ledger panel reads tokens and redirects from. */
function closedRecord([timestamp, outcome, slug, summary], extra) {
  const line = `${timestamp} | ${outcome} | ${slug} | ${summary}`;
  const closedAt = new Date(Date.parse(timestamp)).toISOString();
  const spawnedAt = new Date(Date.parse(timestamp) - extra.minutes * 60000).toISOString();
  return {
    slug: `impl-${slug}`,
    goal: summary,
    scope: ['src/**'],
    phase: 'closed',
    backend: 'tmux',
    waitToken: `impl-${slug}-0000`,
    redirects: extra.redirects,
    questions: extra.questions,
    model: extra.model,
    createdAt: spawnedAt,
    updatedAt: closedAt,
    spawnedAt,
    closedAt,
    outcome,
    closing: { line, outcome },
    usage: extra.usage,
    ...(extra.worktree
      ? {
          isolation: 'worktree',
          worktree: { path: '', folder: '', base: 'b'.repeat(40), removed: true, ...extra.worktree },
        }
      : {}),
  };
}

function draftedRecord(slug, goal) {
  const now = new Date().toISOString();
  return {
    slug: `impl-${slug}`,
    goal,
    scope: ['src/**'],
    phase: 'drafted',
    backend: 'tmux',
    waitToken: `impl-${slug}-1111`,
    redirects: 0,
    questions: 0,
    createdAt: now,
    updatedAt: now,
  };
}

function seed(workspace) {
  const dir = path.join(workspace, 'tmp', 'sessions');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, '_ledger.md'), LEDGER.map((l) => l.join(' | ')).join('\n') + '\n');
  const write = (record) => fs.writeFileSync(path.join(dir, `${record.slug}.json`), JSON.stringify(record, null, 2));
  write(
    closedRecord(LEDGER[4], {
      minutes: 3,
      redirects: 0,
      questions: 0,
      model: 'sonnet',
      usage: { input: 1200, output: 800, cacheRead: 30000, cacheWrite: 4000, costUsd: 0.21 },
    }),
  );
  write(
    closedRecord(LEDGER[3], {
      minutes: 14,
      redirects: 2,
      questions: 1,
      model: 'opus',
      usage: { input: 5200, output: 3100, cacheRead: 120000, cacheWrite: 9000, costUsd: 1.37 },
      // A worktree session: NO-SHIP kept its work on its branch.
      worktree: { branch: 'director/half-done', commit: 'c0ffee1'.padEnd(40, '0') },
    }),
  );
  write(closedRecord(LEDGER[2], { minutes: 6, redirects: 1, questions: 0, model: 'sonnet' }));
  fs.writeFileSync(path.join(dir, 'farewell.txt'), 'Transcript of impl-farewell\n\n> Add farewell()\n');
  for (const [slug, goal] of [
    ['add-logging', 'Log every request in src/server.ts with its duration'],
    ['rename-config-loader-to-settings-reader', 'Rename the config loader everywhere'],
  ]) {
    write(draftedRecord(slug, goal));
    fs.writeFileSync(path.join(dir, `impl-${slug}-task.txt`), `# Task\n\n${goal}\n`);
  }
}

describe('the Director views read well in both themes and at both widths', { timeout: 240000 }, () => {
  const socket = `e2e-views-${process.pid}`;
  let server, browser, page, workspace;
  const step = shotStep(it, () => page, 'views-');
  /** Picks a colour theme the way a user does: Preferences: Color Theme, type its name, Enter. */
  const setTheme = async (theme) => {
    const dark = theme.includes('Dark');
    if (await page.locator(`.monaco-workbench.${dark ? 'vs-dark' : 'vs'}`).count()) return;
    await runCommand(page, 'Preferences: Color Theme', { opensInput: true });
    const label = theme.replace('Default ', ''); // the picker lists "Dark Modern", its setting value in grey
    await page.locator('.quick-input-widget .quick-input-box input').fill(label);
    await page
      .locator('.quick-input-list .monaco-list-row')
      .filter({ has: page.locator('.label-name').getByText(label, { exact: true }) })
      .first()
      .click();
    await page.locator(`.monaco-workbench.${dark ? 'vs-dark' : 'vs'}`).waitFor({ timeout: 20000 });
    await page.waitForTimeout(500);
  };

  before(async () => {
    workspace = createDemoWorkspace();
    seed(workspace);
    server = await startServer('views', {
      settings: {
        'director.backend': 'tmux',
        'director.tmuxSocket': socket,
        'workbench.colorTheme': 'Default Light Modern',
      },
    });
    browser = await launchBrowser();
    page = await newPage(browser);
    await page.goto(server.url({ folder: workspace }));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
    await openDirector(page);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    killTmux(socket);
  });

  step('the Sessions tree lists drafted tasks with Spawn, and the closed history', async () => {
    const rows = treeRows(page, 'Sessions');
    const drafted = rows.filter({ hasText: 'impl-add-logging' });
    await drafted.waitFor({ timeout: 60000 });
    assert.strictEqual(await drafted.locator('.label-description').textContent(), 'drafted');
    await inlineAction(drafted, 'Spawn');
    await rows.filter({ hasText: 'Recently closed' }).waitFor();
    const closed = rows.filter({ hasText: 'farewell' }).filter({ hasNotText: 'impl-' });
    assert.match(await closed.locator('.label-description').textContent(), /^SHIP · \d\d:\d\d$/);
    assert.strictEqual(await page.getByText('No implementer sessions yet.').count(), 0, 'no false empty state');
  });

  step('the sidebar Ledger is a compact list: time, outcome, slug, and the summary below', async () => {
    const list = await webviewFrame(page, '#list li');
    const items = list.locator('#list li');
    assert.strictEqual(await items.count(), LEDGER.length);
    const newest = items.first();
    assert.strictEqual(await newest.getAttribute('data-slug'), 'farewell');
    assert.strictEqual(await newest.locator('.badge').textContent(), 'SHIP');
    assert.strictEqual(await newest.locator('.summary').textContent(), 'Added farewell() in src/farewell.ts');
  });

  for (const theme of ['Default Light Modern', 'Default Dark Modern']) {
    const name = theme.includes('Dark') ? 'dark' : 'light';
    for (const width of [300, 700]) {
      step(`${name} theme, ${width} px sidebar: states, badges and slugs stay visible`, async () => {
        await setTheme(theme);
        await setSidebarWidth(page, width);
        const drafted = treeRows(page, 'Sessions').filter({ hasText: 'impl-add-logging' });
        await inlineAction(drafted, 'Spawn');
        // The state word is not pushed out by the row's inline buttons (for a slug of usual length).
        const hidden = (row) => {
          const description = row.querySelector('.label-description').getBoundingClientRect();
          const actions = row.querySelector('.actions');
          const limit = actions ? actions.getBoundingClientRect().left : row.getBoundingClientRect().right;
          return description.width < 5 || description.right > limit + 1;
        };
        assert.strictEqual(await drafted.evaluate(hidden), false, `"drafted" is hidden at ${width} px`);
        // A very long slug may push the word out: its icon still tells the state.
        const long = treeRows(page, 'Sessions').filter({ hasText: 'impl-rename-config-loader' });
        assert.ok(await long.locator('.codicon-edit').isVisible(), 'the drafted icon shows');
        const list = await webviewFrame(page, '#list li');
        const badge = list.locator('#list li').nth(1).locator('.badge');
        assert.strictEqual(await badge.isVisible(), true);
        await page.mouse.move(700, 10); // no hover highlight in the picture
        await shot(page, `views-${name}-${width}px`);
      });
    }
  }

  step('a click in the list opens the Ledger panel at that row, with the whole table', async () => {
    await setSidebarWidth(page, 300);
    const list = await webviewFrame(page, '#list li');
    await list.locator('#list li[data-slug="half-done"]').click();
    const panel = await webviewFrame(page, '#ledger tbody tr');
    const headers = await panel.locator('#ledger th').allTextContents();
    assert.deepStrictEqual(
      headers.map((h) => h.replace(/[▴▾]/g, '').trim()),
      [
        'Time',
        'Outcome',
        'Slug',
        'Summary',
        'Model',
        'Duration',
        'Redirects',
        'Tokens',
        'Cost',
        'Branch',
        'Transcript',
      ],
    );
    const rows = panel.locator('#ledger tbody tr');
    // A NO-SHIP worktree session names the branch its work was kept on, and the commit.
    const branch = rows.filter({ hasText: 'half-done' }).locator('td[data-key="branch"]');
    assert.strictEqual(await branch.textContent(), 'director/half-done @ c0ffee1');
    assert.match(await branch.getAttribute('title'), /not merged: the work stays on this branch/);
    assert.strictEqual(
      await rows.filter({ hasText: 'tools-docstrings' }).locator('td[data-key="branch"]').textContent(),
      '—',
    );
    assert.strictEqual(await rows.count(), LEDGER.length);
    const focused = panel.locator('#ledger tbody tr.focus');
    assert.strictEqual(await focused.getAttribute('data-slug'), 'half-done');
    // The whole summary, not an ellipsis.
    assert.match(await rows.filter({ hasText: 'risky-script' }).textContent(), /slug typed in VS Code over 1 flag/);
    const today = panel.locator('.period[data-period="Today"]');
    assert.match(await today.textContent(), /SHIP rate67% \(2 of 3\)/);
    assert.match(await today.textContent(), /Redirects3/);
    await page.locator('.tabs-container .tab', { hasText: 'Ledger' }).waitFor();
    await shot(page, 'views-light-ledger-panel');
  });

  step('the panel sorts by any column and opens a transcript', async () => {
    const panel = await webviewFrame(page, '#ledger tbody tr');
    await panel.locator('#ledger th[data-key="cost"] button').click();
    const first = panel.locator('#ledger tbody tr').first();
    assert.strictEqual(await first.getAttribute('data-slug'), 'half-done', 'the most expensive first');
    await panel.locator('#ledger th[data-key="slug"] button').click();
    assert.strictEqual(await panel.locator('#ledger tbody tr').first().getAttribute('data-slug'), 'farewell');
    await panel.locator('#ledger tbody tr[data-slug="farewell"] a', { hasText: 'Open' }).click();
    await page.locator('.tabs-container .tab', { hasText: 'farewell.txt' }).waitFor({ timeout: 20000 });
    await setTheme('Default Dark Modern');
    await page.locator('.tabs-container .tab', { hasText: 'Ledger' }).click();
    await webviewFrame(page, '#ledger tbody tr');
    await shot(page, 'views-dark-ledger-panel');
  });

  step('Open Ledger from the palette reveals the same panel', async () => {
    await runCommand(page, 'Director: Open Ledger');
    assert.strictEqual(await page.locator('.tabs-container .tab', { hasText: 'Ledger' }).count(), 1);
    assert.ok(await viewPane(page, 'Ledger').isVisible());
  });
});
