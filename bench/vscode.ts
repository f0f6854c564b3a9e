/**
 * Bench rows measured in the real VS Code (code-server in Chromium, as the E2E tests drive it):
 * from a permission request's hook event reaching the session's event log to the notification
 * with its Allow button on screen, and to the session's tree row showing the state. Both ends are seen from this process: the log by fs.watch,
 * the toast by Playwright. Needs `npm run build` and the VS Code test server (npm test's pretest).
 */
import { mkdirSync, readdirSync, readFileSync, watch } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

type Row = (what: string, n: string, value: string) => void;
type Stats = (samples: number[]) => { median: number; p95: number };

interface Page {
  locator(selector: string): {
    filter(o: { hasText: string }): {
      waitFor(o: { timeout: number }): Promise<void>;
      locator(s: string, o: { hasText: string }): { click(): Promise<void> };
    };
    waitFor(o: { timeout: number }): Promise<void>;
  };
  goto(url: string): Promise<unknown>;
  evaluate<R, A>(fn: (arg: A) => R, arg: A): Promise<R>;
  getByText(text: string): { waitFor(o: { timeout: number }): Promise<void> };
}

const require = createRequire(import.meta.url);

/**
 * Notes in the page, for each toast and tree row text, the wall-clock time of the first frame that
 * paints it: a MutationObserver sees the text arrive, requestAnimationFrame waits for that frame.
 * Playwright's own waitFor polls less and less often (every 500 ms after a while): it would time the poll.
 */
function watchPaints(): void {
  const dom = globalThis as unknown as PageGlobals;
  const seen = new Map<string, number>();
  dom.painted = seen;
  new dom.MutationObserver(() => {
    for (const item of dom.document.querySelectorAll(
      '.notifications-toasts .notification-list-item, .monaco-list-row',
    )) {
      const text = item.textContent ?? '';
      if (!seen.has(text)) {
        seen.set(text, Number.NaN);
        dom.requestAnimationFrame(() => seen.set(text, Date.now()));
      }
    }
  }).observe(dom.document.body, { childList: true, subtree: true, characterData: true });
}

/** The first time `watchPaints` noted a text holding all of `parts`. */
function paintedAt(parts: string[]): number {
  let first = Number.NaN;
  for (const [text, at] of (globalThis as unknown as PageGlobals).painted)
    if (parts.every((p) => text.includes(p)) && !(at >= first)) first = at;
  return first;
}

/** What the two functions above use in the page (this file is type-checked without the DOM). */
interface PageGlobals {
  painted: Map<string, number>;
  document: { body: unknown; querySelectorAll(selector: string): Iterable<{ textContent: string | null }> };
  MutationObserver: new (callback: () => void) => {
    observe(target: unknown, options: { childList: boolean; subtree: boolean; characterData: boolean }): void;
  };
  requestAnimationFrame(callback: () => void): number;
}

/**
 * When the extension host decided to notify: the time of the Director log's transition line for
 * `slug` (the log stamps local time to the millisecond as the line is written).
 */
function noticeLogged(serverRoot: string, slug: string, state: string): number {
  const logs = join(serverRoot, 'user-data', 'logs');
  const line = new RegExp(
    `^(\\d{4}-\\d\\d-\\d\\d) (\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) \\[info\\] impl-${slug}: \\S+ → ${state}$`,
    'm',
  );
  for (const file of readdirSync(logs, { recursive: true, encoding: 'utf8' }))
    if (file.endsWith('Director.log')) {
      const found = line.exec(readFileSync(join(logs, file), 'utf8'));
      if (found) return new Date(`${found[1]}T${found[2]}`).getTime();
    }
  return Number.NaN;
}

/** Resolves when the session's event log holds a PermissionRequest (the wall-clock time it was seen). */
function permissionLogged(workspace: string, slug: string): { seen: Promise<number>; stop(): void } {
  const dir = join(workspace, 'tmp', 'sessions');
  const file = join(dir, `impl-${slug}.events.jsonl`);
  let stop = () => undefined as void;
  const seen = new Promise<number>((resolve) => {
    const check = () => {
      try {
        if (readFileSync(file, 'utf8').includes('"PermissionRequest"')) resolve(Date.now());
      } catch {
        /* not written yet */
      }
    };
    // The bench workspace has no session folder before the first draft: watch it from the start.
    mkdirSync(dir, { recursive: true });
    const w = watch(dir, check);
    w.on('error', () => undefined);
    const timer = setInterval(check, 250); // a missed fs event only costs precision, never the row
    stop = () => {
      w.close();
      clearInterval(timer);
    };
  });
  return { seen, stop };
}

export async function vscodeRows(row: Row, stats: Stats, rounds: number): Promise<void> {
  const lib = require('../test/e2e/lib.js');
  const director = require('../test/e2e/director.js');
  const ws = require('../test/e2e/workspace.js');
  const socket = `bench-vscode-${process.pid}`;
  const workspace: string = ws.createDemoWorkspace();
  const claude = await ws.startOfflineClaude();
  const server = await lib.startServer('bench', {
    settings: claude.settings(socket, workspace),
    env: ws.PANE_SHELL_ENV,
  });
  const browser = await lib.launchBrowser();
  try {
    const page: Page = await lib.newPage(browser);
    await page.goto(server!.url({ folder: workspace }));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
    await director.openDirector(page);
    // The extension activates after start-up: its commands exist once the Sessions view has read.
    await page.getByText('No implementer sessions yet.').waitFor({ timeout: 90000 });
    await page.evaluate(watchPaints, undefined);
    const samples: number[] = [];
    const rowSamples: number[] = [];
    const hostSamples: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const slug = `bench-perm-${i}`;
      const logged = permissionLogged(workspace, slug);
      await director.spawnFromPalette(
        page,
        slug,
        `@permission git tag bench-${i} @write src/b${i}.ts export const b = ${i};`,
      );
      const toast = page
        .locator('.notifications-toasts .notification-list-item')
        .filter({ hasText: `impl-${slug} asks to run` });
      const [t0] = await Promise.all([logged.seen, toast.waitFor({ timeout: 120000 })]);
      logged.stop();
      // Both ends are wall-clock times on this machine: the log seen here, the toast painted there.
      samples.push((await page.evaluate(paintedAt, [`impl-${slug} asks to run`])) - t0);
      hostSamples.push(noticeLogged(server!.root, slug, 'needs-permission') - t0);
      await director.waitForState(page, `impl-${slug}`, 'needs-permission');
      rowSamples.push((await page.evaluate(paintedAt, [`impl-${slug}`, 'permission?'])) - t0);
      await toast.locator('.monaco-button', { hasText: 'Allow' }).click();
      await director.waitForState(page, `impl-${slug}`, 'done');
    }
    const h = stats(hostSamples);
    row(
      'permission asked → the extension host sends the notice (event log → Director log line)',
      `${rounds} requests`,
      `median ${h.median.toFixed(0)} ms, p95 ${h.p95.toFixed(0)} ms`,
    );
    const r = stats(rowSamples);
    row(
      'hook event → tree row updated in VS Code (event log → "permission?" painted)',
      `${rounds} events`,
      `median ${r.median.toFixed(0)} ms, p95 ${r.p95.toFixed(0)} ms`,
    );
    const s = stats(samples);
    row(
      'permission asked → VS Code notification shown (event log → toast)',
      `${rounds} requests`,
      `median ${s.median.toFixed(0)} ms, p95 ${s.p95.toFixed(0)} ms`,
    );
  } finally {
    await browser?.close();
    await server?.stop();
    ws.killTmux(socket);
    await claude.stop();
  }
}
