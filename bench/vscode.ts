/**
 * Bench rows measured in the real VS Code (code-server in Chromium, as the E2E tests drive it):
 * from a permission request's hook event reaching the session's event log to the notification
 * with its Allow button on screen. Both ends are seen from this process: the log by fs.watch,
 * the toast by Playwright. Needs `npm run build` and the VS Code test server (npm test's pretest).
 */
import { mkdirSync, readFileSync, watch } from 'node:fs';
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
  getByText(text: string): { waitFor(o: { timeout: number }): Promise<void> };
}

const require = createRequire(import.meta.url);

/** Resolves when the session's event log holds a PermissionRequest (the time it was seen). */
function permissionLogged(workspace: string, slug: string): { seen: Promise<number>; stop(): void } {
  const dir = join(workspace, 'tmp', 'sessions');
  const file = join(dir, `impl-${slug}.events.jsonl`);
  let stop = () => undefined as void;
  const seen = new Promise<number>((resolve) => {
    const check = () => {
      try {
        if (readFileSync(file, 'utf8').includes('"PermissionRequest"')) resolve(performance.now());
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
    const samples: number[] = [];
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
      // The toast's own appearance, polled by Playwright in the page, ends the interval.
      const shown = toast.waitFor({ timeout: 120000 }).then(() => performance.now());
      const [t0, t1] = await Promise.all([logged.seen, shown]);
      logged.stop();
      samples.push(t1 - t0);
      await toast.locator('.monaco-button', { hasText: 'Allow' }).click();
      await director.waitForState(page, `impl-${slug}`, 'done');
    }
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
