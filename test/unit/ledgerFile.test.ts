import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { LedgerError, parseLedger, type LedgerEntry } from '../../src/core/ledger';
import { appendLedger, readLedger } from '../../src/director/ledgerFile';
import { LEDGER_FILE } from '../../src/director/paths';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'cd-unit-ledger-'));
  dirs.push(root);
  return root;
}

const entry = (slug: string, summary = 'Expanded module docstrings across 10 tool modules'): LedgerEntry => ({
  timestamp: '2026-05-15T21:28:26+05:30',
  outcome: 'SHIP',
  slug,
  summary,
});

const LINE = '2026-05-15T21:28:26+05:30 | SHIP | tools-docstrings | Expanded module docstrings across 10 tool modules';

test('the first append creates tmp/sessions/_ledger.md with one whole line', async () => {
  const root = tempRoot();
  assert.equal(LEDGER_FILE, 'tmp/sessions/_ledger.md');
  assert.equal(await appendLedger(root, entry('tools-docstrings')), LINE);
  assert.equal(readFileSync(join(root, LEDGER_FILE), 'utf8'), `${LINE}\n`);
});

test('appends go after existing lines, never rewriting them', async () => {
  const root = tempRoot();
  mkdirSync(join(root, 'tmp', 'sessions'), { recursive: true });
  writeFileSync(join(root, LEDGER_FILE), '# Ledger\n\nhand note | kept as is\n');
  await appendLedger(root, entry('tools-docstrings'));
  await appendLedger(root, { ...entry('auth'), outcome: 'ABANDON', summary: 'Superseded' });
  assert.equal(
    readFileSync(join(root, LEDGER_FILE), 'utf8'),
    `# Ledger\n\nhand note | kept as is\n${LINE}\n2026-05-15T21:28:26+05:30 | ABANDON | auth | Superseded\n`,
  );
});

test('a hand-edited ledger without a final newline gets one before the new line', async () => {
  const root = tempRoot();
  mkdirSync(join(root, 'tmp', 'sessions'), { recursive: true });
  writeFileSync(join(root, LEDGER_FILE), '# Ledger\n2026-05-14T10:00:00+05:30 | NO-SHIP | old | Parse error');
  await appendLedger(root, entry('tools-docstrings'));
  assert.equal(
    readFileSync(join(root, LEDGER_FILE), 'utf8'),
    `# Ledger\n2026-05-14T10:00:00+05:30 | NO-SHIP | old | Parse error\n${LINE}\n`,
  );
  assert.deepEqual(
    readLedger(root).map((l) => l.kind),
    ['entry', 'entry'],
  );
});

test('an invalid summary is refused and nothing is written', async () => {
  const root = tempRoot();
  await assert.rejects(appendLedger(root, entry('auth', 'line one\nline two')), LedgerError);
  await assert.rejects(appendLedger(root, entry('auth', 'a | b')), LedgerError);
  assert.equal(existsSync(join(root, LEDGER_FILE)), false);
});

test('readLedger of a workspace without a ledger is empty', () => {
  assert.deepEqual(readLedger(tempRoot()), []);
});

test('readLedger reports a malformed hand-written line and leaves the file byte for byte', () => {
  const root = tempRoot();
  mkdirSync(join(root, 'tmp', 'sessions'), { recursive: true });
  const file = join(root, LEDGER_FILE);
  const original = `# Ledger\r\n${LINE}\r\n2026-05-15 | SHIP | auth | Added login\r\nshipped the parser (by hand)\r\n`;
  writeFileSync(file, original);
  const before = statSync(file).mtimeMs;
  const lines = readLedger(root);
  assert.deepEqual(
    lines.map((l) => [l.lineNumber, l.kind]),
    [
      [2, 'entry'],
      [3, 'malformed'],
      [4, 'malformed'],
    ],
  );
  const third = lines[1]!;
  assert.equal(
    third.kind === 'malformed' && third.problem,
    'timestamp is not ISO-8601 with offset (like 2026-05-15T21:28:26+05:30)',
  );
  assert.equal(third.raw, '2026-05-15 | SHIP | auth | Added login');
  assert.equal(readFileSync(file, 'utf8'), original);
  assert.equal(statSync(file).mtimeMs, before);
});

// A plain-node bundle of the real ledgerFile.ts, so the writers start fast (tsx per child is ~0.4 s).
function bundleWriter(dir: string): string {
  const src = fileURLToPath(new URL('../../src/director/ledgerFile.ts', import.meta.url));
  const entryFile = join(dir, 'writer-entry.ts');
  writeFileSync(
    entryFile,
    `
import { appendLedger } from ${JSON.stringify(src)};
const [root, writer, count] = process.argv.slice(2);
// Released by one byte on stdin, so every writer appends at the same moment.
process.stdin.once('data', async () => {
  for (let i = 0; i < Number(count); i++) {
    await appendLedger(root, { timestamp: '2026-05-15T21:28:26+05:30', outcome: 'SHIP', slug: 'writer-' + writer + '-' + i,
      summary: 'Writer ' + writer + ' line ' + i + ' ' + 'x'.repeat(240) });
  }
  process.exit(0);
});
process.stdout.write('ready\\n');
`,
  );
  const outfile = join(dir, 'writer.mjs');
  buildSync({ entryPoints: [entryFile], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'silent' });
  return outfile;
}

test('50 concurrent appends from 10 separate processes give 50 whole lines', async () => {
  const root = tempRoot();
  const writer = bundleWriter(root);
  const WRITERS = 10;
  const EACH = 5;
  const children = Array.from({ length: WRITERS }, (_, n) => {
    const child = spawn(process.execPath, [writer, root, String(n), String(EACH)], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b) => {
      stderr += b;
    });
    const ready = new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    const exited = new Promise<void>((resolve, reject) =>
      child.on('close', (code) =>
        code === 0 ? resolve() : reject(new Error(`writer ${n} exited ${code}: ${stderr}`)),
      ),
    );
    return { child, ready, exited };
  });
  await Promise.all(children.map((c) => c.ready));
  for (const { child } of children) child.stdin.write('g');
  await Promise.all(children.map((c) => c.exited));

  const text = readFileSync(join(root, LEDGER_FILE), 'utf8');
  assert.ok(text.endsWith('\n'));
  const lines = text.slice(0, -1).split('\n');
  assert.equal(lines.length, WRITERS * EACH);
  const parsed = parseLedger(text);
  assert.deepEqual(
    parsed.filter((l) => l.kind !== 'entry'),
    [],
    'no line was torn or glued to another',
  );
  const slugs = new Set(parsed.map((l) => (l.kind === 'entry' ? l.slug : '')));
  assert.equal(slugs.size, WRITERS * EACH);
  for (let n = 0; n < WRITERS; n++)
    for (let i = 0; i < EACH; i++) assert.ok(slugs.has(`writer-${n}-${i}`), `writer-${n}-${i} is missing`);
});

test('a held lock is waited for without blocking: other work runs, the line follows the release', async () => {
  const root = tempRoot();
  mkdirSync(join(root, 'tmp', 'sessions'), { recursive: true });
  const lock = join(root, `${LEDGER_FILE}.lock`);
  writeFileSync(lock, '');
  let ticks = 0;
  const ticker = setInterval(() => ticks++, 10);
  const appended = appendLedger(root, entry('tools-docstrings'));
  await new Promise((r) => setTimeout(r, 200));
  clearInterval(ticker);
  assert.ok(ticks >= 5, `the event loop kept running while the lock was held (${ticks} ticks)`);
  assert.equal(existsSync(join(root, LEDGER_FILE)), false, 'nothing is written while another holds the lock');
  rmSync(lock);
  assert.equal(await appended, LINE);
  assert.equal(readFileSync(join(root, LEDGER_FILE), 'utf8'), `${LINE}\n`);
  assert.equal(existsSync(lock), false, 'the lock is released after the append');
});

test('a lock held past the wait is reported; an abandoned one is taken over', async () => {
  const root = tempRoot();
  mkdirSync(join(root, 'tmp', 'sessions'), { recursive: true });
  const lock = join(root, `${LEDGER_FILE}.lock`);
  writeFileSync(lock, '');
  await assert.rejects(
    appendLedger(root, entry('tools-docstrings'), { waitMs: 100, staleMs: 60_000, retryMs: 5 }),
    /The ledger is locked .*_ledger\.md\.lock\); if no close is running, delete that file\./,
  );
  assert.equal(existsSync(join(root, LEDGER_FILE)), false);
  const old = new Date(Date.now() - 120_000);
  utimesSync(lock, old, old);
  assert.equal(await appendLedger(root, entry('tools-docstrings'), { waitMs: 100, staleMs: 60_000, retryMs: 5 }), LINE);
  assert.equal(existsSync(lock), false);
});
