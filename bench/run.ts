/**
 * `npm run bench`: the performance table of the director loop on a real tmux server (private
 * socket) and real git repositories. Prints medians and p95 over repeated runs; no thresholds
 * are asserted here (targets are discussed in the README/notes, not enforced by timing tests).
 */
import { execaSync } from 'execa';
import { appendFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSlug } from '../src/core/slug';
import { Director } from '../src/director/director';
import { doneChannel, writeRecord, type SessionRecord } from '../src/director/record';
import { takeBaseline } from '../src/director/sessionChanges';
import { TmuxBackend } from '../src/mux/tmux';
import { sessionFiles } from '../src/director/paths';
import { claudeRows, cycleRows, eventRows } from './claude';
import { vscodeRows } from './vscode';
import { isolationRows } from './isolation';
import { benchRecord, benchRepo } from './fixtures';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SOCKET = `bench-${process.pid}`;
let calls = 0;
const counter = { screenReads: 0 };
const mux = new TmuxBackend({
  socket: SOCKET,
  observer: (call) => {
    calls++;
    if (call.argv.includes('capture-pane')) counter.screenReads++;
  },
});

const ms = (t0: number) => performance.now() - t0;
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));
function stats(samples: number[]): { median: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { median: at(0.5), p95: at(0.95) };
}
const rows: Array<[string, string, string]> = [];
const row = (what: string, n: string, value: string) => {
  rows.push([what, n, value]);
  console.error(`  ${what} ${n}: ${value}`);
};

const repo = (files = 3) => benchRepo(files, 200);
const record = (slug: string, paneId: string, extra: Partial<SessionRecord> = {}) =>
  benchRecord(slug, { paneId, ...extra });

async function waitLatency(director: Director, root: string, paneId: string): Promise<void> {
  for (const n of [1, 5, 20]) {
    const samples: number[] = [];
    const rounds = Math.max(2, Math.ceil(20 / n));
    for (let round = 0; round < rounds; round++) {
      const records = Array.from({ length: n }, (_, i) => writeRecord(root, record(`lat-${n}-${i}`, paneId)));
      const waits = records.map((r) => {
        const t = { end: 0 };
        return {
          r,
          t,
          p: director.wait(r.slug, { timeoutSeconds: 60 }).then(() => {
            t.end = performance.now();
          }),
        };
      });
      await sleep(300); // every waiter is blocked in tmux
      const sent = await Promise.all(
        waits.map(async (w) => {
          const t0 = performance.now();
          await mux.signal(doneChannel(w.r));
          return t0;
        }),
      );
      await Promise.all(waits.map((w) => w.p));
      waits.forEach((w, i) => samples.push(w.t.end - sent[i]!));
    }
    const s = stats(samples);
    row(
      'signal → wait returns',
      `${n} concurrent`,
      `median ${s.median.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms (${samples.length} signals)`,
    );
  }
}

async function statusTime(director: Director, root: string): Promise<void> {
  const panes: string[] = [];
  for (const n of [1, 5, 20]) {
    while (panes.length < n) {
      // Sessions followed by their hook events: status reads each event log, no screens.
      const pane = await mux.createPane({ cwd: root });
      await mux.sendText(pane.id, 'sleep 100000');
      await mux.sendKey(pane.id, 'Enter');
      const r = writeRecord(root, record(`status-${panes.length}`, pane.id, { hooks: true }));
      const log = join(root, sessionFiles(parseSlug(r.slug)).events);
      writeFileSync(
        log,
        [{ hook_event_name: 'SessionStart' }, { hook_event_name: 'UserPromptSubmit', prompt: 'Read the task' }]
          .map((e) => JSON.stringify({ pid: 1, event: { session_id: 's', cwd: root, ...e } }))
          .join('\n') + '\n',
      );
      panes.push(pane.id);
    }
    await sleep(1500);
    const samples: number[] = [];
    for (let i = 0; i < 7; i++) {
      const t0 = performance.now();
      await director.status();
      samples.push(ms(t0));
    }
    const s = stats(samples);
    row('status', `${n} sessions`, `median ${s.median.toFixed(0)} ms, p95 ${s.p95.toFixed(0)} ms`);
  }
  const t0 = performance.now();
  execaSync(process.execPath, [
    join(ROOT, 'dist/cli.js'),
    'status',
    '--cwd',
    root,
    '--backend',
    'tmux',
    '--tmux-socket',
    SOCKET,
  ]);
  row('cmux-director status (whole CLI process)', '20 sessions', `${ms(t0).toFixed(0)} ms`);
}

async function verifyTime(): Promise<void> {
  const t0 = performance.now();
  const root = repo(20000);
  console.error(`  (20 000-file repository created in ${(ms(t0) / 1000).toFixed(1)} s)`);
  const director = await Director.open({ cwd: root, mux, ignoreWorkspaceSettings: true });
  for (const n of [10, 200]) {
    const baseline = await takeBaseline(root);
    writeRecord(root, record(`verify-${n}`, '%0', { baseline }));
    for (let i = 0; i < n; i++)
      appendFileSync(join(root, `src/m${i % 200}/f${i}.ts`), `export const w${i}_${n} = ${i};\n`);
    const samples: number[] = [];
    let verdict = '';
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      verdict = (await director.verify(`verify-${n}`)).verdict;
      samples.push(ms(t));
    }
    const s = stats(samples);
    row(
      'verify (20 000-file repo)',
      `${n} changed files`,
      `median ${s.median.toFixed(0)} ms, p95 ${s.p95.toFixed(0)} ms (${verdict})`,
    );
    execaSync('git', ['commit', '-qam', `round ${n}`], { cwd: root });
  }
}

async function idleCost(director: Director, root: string, paneId: string): Promise<void> {
  const r = writeRecord(root, record('idle', paneId));
  const controller = new AbortController();
  const waiting = director.wait(r.slug, { timeoutSeconds: 600, signal: controller.signal });
  await sleep(500);
  const before = calls;
  const windowMs = 30000;
  await sleep(windowMs);
  const during = calls - before;
  controller.abort();
  await waiting;
  row(
    'multiplexer calls of an idle session (wait armed)',
    'per minute',
    `${((during * 60000) / windowMs).toFixed(1)} (measured over ${windowMs / 1000} s; one blocked wait-for per channel)`,
  );
}

async function main(): Promise<void> {
  console.error(`bench: tmux socket ${SOCKET}`);
  // `npm run bench -- --only verify|vscode|cycles`: one group of rows (e.g. on a quiet machine).
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
  try {
    if (only === 'verify') await verifyTime();
    else if (only === 'cycles') await cycles();
    else if (only === 'vscode') await vscodeRows(row, stats, process.argv.includes('--quick') ? 3 : 10);
    else await allRows();
  } finally {
    execaSync('tmux', ['-L', SOCKET, 'kill-server'], { reject: false });
  }
  printTable();
}

async function allRows(): Promise<void> {
  {
    const root = repo();
    const director = await Director.open({ cwd: root, mux, ignoreWorkspaceSettings: true });
    const keeper = await mux.createPane({ cwd: root });
    await waitLatency(director, root, keeper.id);
    const statusRoot = repo();
    await statusTime(await Director.open({ cwd: statusRoot, mux, ignoreWorkspaceSettings: true }), statusRoot);
    await idleCost(director, root, keeper.id);
    const eventRoot = repo();
    await eventRows(
      await Director.open({ cwd: eventRoot, mux, ignoreWorkspaceSettings: true }),
      eventRoot,
      keeper.id,
      row,
      stats,
    );
    if (!process.argv.includes('--no-claude')) {
      const claudeRoot = repo();
      await claudeRows(
        await Director.open({ cwd: claudeRoot, mux, ignoreWorkspaceSettings: true }),
        claudeRoot,
        row,
        stats,
        counter,
      );
      await cycles();
    }
    await verifyTime();
    if (!process.argv.includes('--no-vscode')) await vscodeRows(row, stats, process.argv.includes('--quick') ? 3 : 10);
    await isolationRows(mux, row, stats);
  }
}

/** 5 sessions × 20 full cycles in parallel on the real Claude Code (2 with --quick). */
async function cycles(): Promise<void> {
  const cycleRoot = repo();
  await cycleRows(
    await Director.open({ cwd: cycleRoot, mux, ignoreWorkspaceSettings: true }),
    cycleRoot,
    SOCKET,
    row,
    process.argv.includes('--quick') ? 2 : 20,
  );
}

function printTable(): void {
  const width = [0, 1, 2].map((c) =>
    Math.max(...rows.map((r) => r[c]!.length), ['What', 'Scale', 'Result'][c]!.length),
  );
  const line = (r: string[]) => `| ${r.map((v, i) => v.padEnd(width[i]!)).join(' | ')} |`;
  console.log(line(['What', 'Scale', 'Result']));
  console.log(`|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}

void main();
