/**
 * Bench rows on the real Claude Code (pinned npm binary, offline against the scripted model):
 * spawn → delivered, hook event → state updated, permission asked → visible, and screen reads of a
 * working session. Imported by run.ts.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseSlug } from '../src/core/slug';
import type { Director } from '../src/director/director';
import { sessionFiles } from '../src/director/paths';
import { newWaitToken, writeRecord } from '../src/director/record';

interface OfflineClaude {
  startModel(): Promise<{ url: string; stop(): Promise<void> }>;
  makeHome(projects: string[]): string;
  agentCommand(home: string, url: string): string;
}
const offline = createRequire(import.meta.url)('../test/fixtures/scripted-model/offline-claude.cjs') as OfflineClaude;

type Row = (what: string, n: string, value: string) => void;
type Stats = (samples: number[]) => { median: number; p95: number };

export async function claudeRows(
  director: Director,
  root: string,
  row: Row,
  stats: Stats,
  counter: { screenReads: number },
): Promise<void> {
  const model = await offline.startModel();
  try {
    const agent = offline.agentCommand(offline.makeHome([root]), model.url);
    const samples: number[] = [];
    const failures: string[] = [];
    for (let i = 0; i < 20; i++) {
      await director.draft(`bench-spawn-${i}`, { goal: `Bench session ${i}.\n@nodone`, scope: ['src/**'] });
      const t0 = performance.now();
      const result = await director.spawn(`bench-spawn-${i}`, { agent });
      if (result.kind === 'SPAWNED') samples.push(performance.now() - t0);
      else failures.push(result.reason);
      if (result.kind === 'SPAWNED')
        await director.close(`bench-spawn-${i}`, { outcome: 'ABANDON', summary: 'bench session closed' });
    }
    const s = stats(samples);
    row(
      'spawn → delivered (real Claude Code)',
      '20 spawns',
      `median ${(s.median / 1000).toFixed(2)} s, p95 ${(s.p95 / 1000).toFixed(2)} s, NOT-DELIVERED ${failures.length}${failures.length ? ` (${failures.join(', ')})` : ''}`,
    );

    // A working session: its model answers every 5 s for a minute; count screen reads meanwhile.
    await director.draft('bench-working', {
      goal: `Work slowly.\n${'@sleep 5000 @write src/w.ts export const w = 1;\n'.repeat(12)}`,
      scope: ['src/**'],
    });
    await director.spawn('bench-working', { agent });
    const before = counter.screenReads;
    const unwatch = director.watchEvents(() => void director.status());
    const windowMs = 30000;
    const end = Date.now() + windowMs;
    while (Date.now() < end) {
      await director.status();
      await new Promise((r) => setTimeout(r, 2500));
    }
    unwatch();
    row(
      'screen reads of a working session (status every 2.5 s + every event)',
      'per minute',
      `${(((counter.screenReads - before) * 60000) / windowMs).toFixed(1)}`,
    );
    await director.close('bench-working', { outcome: 'ABANDON', summary: 'bench session closed' });
  } finally {
    await model.stop();
  }
}

/** Event appended (as the hook does) → the watcher fires → status shows the new state. */
export async function eventRows(
  director: Director,
  root: string,
  paneId: string,
  row: Row,
  stats: Stats,
): Promise<void> {
  const slug = parseSlug('bench-events');
  const now = new Date().toISOString();
  writeRecord(root, {
    slug: slug.full,
    goal: 'bench',
    scope: [],
    phase: 'running',
    backend: 'tmux',
    waitToken: newWaitToken(slug),
    redirects: 0,
    questions: 0,
    paneId,
    createdAt: now,
    updatedAt: now,
    hooks: true,
  });
  const log = join(root, sessionFiles(slug).events);
  mkdirSync(dirname(log), { recursive: true });
  const base = { session_id: 'bench', transcript_path: join(root, 'none.jsonl'), cwd: root };
  const append = (event: Record<string, unknown>) =>
    appendFileSync(log, JSON.stringify({ pid: 1, event: { ...base, ...event } }) + '\n');
  append({ hook_event_name: 'SessionStart' });
  const measure = async (
    event: Record<string, unknown>,
    expect: (state: string, permission?: string) => boolean,
  ): Promise<number> => {
    let resolveSeen!: (t: number) => void;
    const seen = new Promise<number>((r) => {
      resolveSeen = r;
    });
    const unwatch = director.watchEvents(async () => {
      const s = (await director.status()).sessions.find((x) => x.slug === slug.full);
      if (s && expect(s.state, s.activity?.permission?.detail)) resolveSeen(performance.now());
    });
    const t0 = performance.now();
    append(event);
    const t1 = await seen;
    unwatch();
    return t1 - t0;
  };
  const update: number[] = [];
  const permission: number[] = [];
  for (let i = 0; i < 15; i++) {
    update.push(
      await measure({ hook_event_name: 'UserPromptSubmit', prompt: `round ${i}` }, (state) => state === 'running'),
    );
    permission.push(
      await measure(
        { hook_event_name: 'PermissionRequest', tool_name: 'Bash', tool_input: { command: `npm test ${i}` } },
        (state, p) => state === 'needs-permission' && p === `npm test ${i}`,
      ),
    );
    append({ hook_event_name: 'Stop' });
    await new Promise((r) => setTimeout(r, 50));
  }
  const u = stats(update);
  const p = stats(permission);
  row(
    'hook event → session state updated (watch + status)',
    '15 events',
    `median ${u.median.toFixed(1)} ms, p95 ${u.p95.toFixed(1)} ms`,
  );
  row(
    'permission asked → request with its command known',
    '15 requests',
    `median ${p.median.toFixed(1)} ms, p95 ${p.p95.toFixed(1)} ms`,
  );
}

/**
 * 5 sessions × `rounds` full cycles in parallel (draft → spawn → wait → verify → close), then
 * count what must be 0: lost or garbled ledger lines, stuck waits, orphan panes, leftover
 * processes and files.
 */
export async function cycleRows(
  director: Director,
  root: string,
  socket: string,
  row: Row,
  rounds = 20,
): Promise<void> {
  const model = await offline.startModel();
  const started = performance.now();
  let stuck = 0;
  let failed = 0;
  // Why each failed cycle failed, counted, so a non-zero "failed" says what to look at.
  const reasons = new Map<string, number>();
  const fail = (why: string) => {
    failed++;
    reasons.set(why, (reasons.get(why) ?? 0) + 1);
  };
  try {
    const agent = offline.agentCommand(offline.makeHome([root]), model.url);
    await Promise.all(
      Array.from({ length: 5 }, async (_, lane) => {
        for (let round = 0; round < rounds; round++) {
          const slug = `cycle-${lane}`;
          try {
            await director.draft(slug, {
              goal: `Round ${round}.\n@write src/lane${lane}.ts export const round = ${round};`,
              scope: ['src/**'],
            });
            const spawned = await director.spawn(slug, { agent });
            if (spawned.kind !== 'SPAWNED') {
              fail(`${spawned.kind} ${'reason' in spawned ? String(spawned.reason) : ''}`.trim());
              await director.close(slug, { outcome: 'ABANDON', summary: `round ${round} not delivered` });
              continue;
            }
            const waited = await director.wait(slug, { timeoutSeconds: 120 });
            if (waited.kind !== 'DONE') stuck++;
            await director.verify(slug);
            await director.close(slug, { outcome: 'ABANDON', summary: `bench round ${round} of lane ${lane}` });
          } catch (error) {
            fail(error instanceof Error ? error.message.split('\n')[0]!.slice(0, 120) : String(error));
          }
        }
      }),
    );
  } finally {
    await model.stop();
  }
  const minutes = (performance.now() - started) / 60000;
  const { readFileSync, readdirSync } = await import('node:fs');
  const ledger = readFileSync(join(root, 'tmp/sessions/_ledger.md'), 'utf8').trimEnd().split('\n');
  const good = ledger.filter((l) =>
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2} \| ABANDON \| cycle-\d \| /.test(l),
  ).length;
  const { execaSync } = await import('execa');
  const panes = String(
    execaSync('tmux', ['-L', socket, 'list-panes', '-a', '-F', '#{@director_session}'], { reject: false }).stdout,
  )
    .split('\n')
    .filter((t) => t.startsWith('impl-cycle-')).length;
  const procs = String(execaSync('pgrep', ['-af', `${socket} wait-for`], { reject: false }).stdout)
    .trim()
    .split('\n')
    .filter((l) => l.includes('impl-cycle-')).length;
  const locks = readdirSync(join(root, 'tmp/sessions')).filter((n) => n.endsWith('.lock') || n.endsWith('.tmp')).length;
  const why = failed ? ` (${[...reasons].map(([r, n]) => `${n}× ${r}`).join('; ')})` : '';
  row(
    '5 sessions × 20 full cycles in parallel (real Claude Code)',
    `${5 * rounds} cycles, ${minutes.toFixed(1)} min`,
    `ledger lines ${good}/${5 * rounds} well-formed (${ledger.length - good} other), failed ${failed}${why}, stuck waits ${stuck}, orphan panes ${panes}, leftover wait-for ${procs}, lock/tmp files ${locks}`,
  );
}
