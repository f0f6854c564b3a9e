import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  formatLedgerLine,
  LedgerError,
  MAX_SUMMARY_LENGTH,
  parseLedger,
  validateSummary,
  type LedgerEntry,
} from '../../src/core/ledger';

const run = promisify(execFile);
const LEDGER_SRC = pathToFileURL(fileURLToPath(new URL('../../src/core/ledger.ts', import.meta.url))).href;

// 2026-05-15T15:58:26Z (summer) and 2026-01-15T00:00:00Z (winter).
const EPOCHS = [1778860706, 1768435200];

async function formattedIn(tz: string): Promise<string[]> {
  const code = `import(${JSON.stringify(LEDGER_SRC)}).then((m) => console.log(JSON.stringify(${JSON.stringify(EPOCHS)}.map((s) => m.formatLocalTimestamp(new Date(s * 1000))))))`;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '-e', code], { env: { ...process.env, TZ: tz } });
  return JSON.parse(stdout) as string[];
}

function dateIseconds(tz: string, epoch: number): string | undefined {
  try {
    return execFileSync('date', ['-d', `@${epoch}`, '-Iseconds'], {
      env: { ...process.env, TZ: tz },
      encoding: 'utf8',
    }).trim();
  } catch {
    return undefined; // not GNU date: the literal expectations below still apply
  }
}

const ZONES: Array<[string, string[]]> = [
  ['Asia/Kolkata', ['2026-05-15T21:28:26+05:30', '2026-01-15T05:30:00+05:30']],
  ['America/New_York', ['2026-05-15T11:58:26-04:00', '2026-01-14T19:00:00-05:00']],
  ['UTC', ['2026-05-15T15:58:26+00:00', '2026-01-15T00:00:00+00:00']],
  ['America/St_Johns', ['2026-05-15T13:28:26-02:30', '2026-01-14T20:30:00-03:30']],
  ['Asia/Kathmandu', ['2026-05-15T21:43:26+05:45', '2026-01-15T05:45:00+05:45']],
];

test('formatLocalTimestamp prints what `date -Iseconds` prints, in several time zones', async () => {
  const results = await Promise.all(ZONES.map(([tz]) => formattedIn(tz)));
  ZONES.forEach(([tz, expected], i) => {
    assert.deepEqual(results[i], expected, tz);
    EPOCHS.forEach((epoch, j) => {
      const fromDate = dateIseconds(tz, epoch);
      if (fromDate !== undefined) assert.equal(results[i]![j], fromDate, `${tz} vs date -Iseconds`);
    });
  });
});

const entry = (over: Partial<LedgerEntry> = {}): LedgerEntry => ({
  timestamp: '2026-05-15T21:28:26+05:30',
  outcome: 'SHIP',
  slug: 'tools-docstrings',
  summary: 'Expanded module docstrings across 10 tool modules',
  ...over,
});

test('formatLedgerLine writes the four fields separated by " | "', () => {
  assert.equal(
    formatLedgerLine(entry()),
    '2026-05-15T21:28:26+05:30 | SHIP | tools-docstrings | Expanded module docstrings across 10 tool modules',
  );
  assert.equal(
    formatLedgerLine(entry({ outcome: 'NO-SHIP', timestamp: '2026-01-14T19:00:00-05:00' })),
    '2026-01-14T19:00:00-05:00 | NO-SHIP | tools-docstrings | Expanded module docstrings across 10 tool modules',
  );
});

test('formatLedgerLine trims the summary', () => {
  assert.equal(
    formatLedgerLine(entry({ outcome: 'ABANDON', summary: '  Superseded by impl-auth  ' })),
    '2026-05-15T21:28:26+05:30 | ABANDON | tools-docstrings | Superseded by impl-auth',
  );
});

test('formatLedgerLine refuses a bad timestamp, outcome or slug', () => {
  assert.throws(
    () => formatLedgerLine(entry({ timestamp: '2026-05-15 21:28:26' })),
    /Bad timestamp "2026-05-15 21:28:26"/,
  );
  assert.throws(() => formatLedgerLine(entry({ timestamp: '2026-05-15T15:58:26Z' })), LedgerError);
  assert.throws(
    () => formatLedgerLine(entry({ outcome: 'MAYBE' as never })),
    /Outcome must be one of SHIP, NO-SHIP, ABANDON/,
  );
  assert.throws(() => formatLedgerLine(entry({ slug: 'Tools' })), /Bad ledger slug "Tools"/);
});

const refusals: Array<[string, string, RegExp]> = [
  ['empty', '', /^The summary is empty: say in one line what the session did\.$/],
  ['only spaces', '   ', /^The summary is empty/],
  ['newline', 'first line\nsecond line', /^The summary must be one line: remove the line breaks\.$/],
  ['carriage return', 'first\rsecond', /must be one line/],
  [
    'pipe',
    'added a | b',
    /^The summary must not contain "\|" \(it separates ledger fields\): use "\/" or "," instead\.$/,
  ],
  ['tab', 'col1\tcol2', /^The summary contains control characters: remove them\.$/],
  ['escape', 'red \u001b[31mtext', /control characters/],
  ['DEL', 'abc\u007f', /control characters/],
  ['too long', 'x'.repeat(MAX_SUMMARY_LENGTH + 1), /^The summary is 301 characters; keep it to 300\.$/],
];

for (const [what, summary, message] of refusals) {
  test(`summary refused (${what}) with an actionable message`, () => {
    assert.throws(
      () => validateSummary(summary),
      (e: unknown) => e instanceof LedgerError && message.test((e as Error).message),
    );
    assert.throws(() => formatLedgerLine(entry({ summary })), LedgerError);
  });
}

test('a 300-character summary is accepted', () => {
  assert.equal(validateSummary('y'.repeat(300)).length, 300);
});

test('parseLedger skips blank and # lines and keeps malformed lines with their line number and reason', () => {
  const text = [
    '# Ledger',
    '',
    '2026-05-15T21:28:26+05:30 | SHIP | tools-docstrings | Expanded module docstrings across 10 tool modules',
    'just some note',
    '2026-05-15 21:30 | SHIP | auth | Added login',
    '2026-05-15T21:31:00+05:30 | MERGED | auth | Added login',
    '2026-05-15T21:32:00+05:30 | SHIP | Auth_Flow | Added login',
    '2026-05-15T21:33:00+05:30 | NO-SHIP | auth |  ',
    '   ',
    '2026-05-15T21:34:00+05:30 | ABANDON | auth | Superseded\r',
    '',
  ].join('\n');
  const parsed = parseLedger(text);
  assert.deepEqual(
    parsed.map((p) => [p.lineNumber, p.kind]),
    [
      [3, 'entry'],
      [4, 'malformed'],
      [5, 'malformed'],
      [6, 'malformed'],
      [7, 'malformed'],
      [8, 'malformed'],
      [10, 'entry'],
    ],
  );
  const problems = parsed.filter((p) => p.kind === 'malformed').map((p) => (p.kind === 'malformed' ? p.problem : ''));
  assert.deepEqual(problems, [
    'expected 4 fields separated by " | ", found 1',
    'timestamp is not ISO-8601 with offset (like 2026-05-15T21:28:26+05:30)',
    'outcome "MERGED" is not SHIP, NO-SHIP or ABANDON',
    'slug "Auth_Flow" breaks the slug rule',
    'summary is empty',
  ]);
  assert.equal(parsed[1]!.raw, 'just some note', 'the malformed line is kept verbatim');
  const last = parsed[6]!;
  assert.equal(last.kind === 'entry' && last.summary, 'Superseded', 'a CRLF line ending is not part of the summary');
});

test('formatted lines parse back to the same entries', () => {
  const entries: LedgerEntry[] = [
    entry(),
    entry({ outcome: 'NO-SHIP', slug: 'a', summary: 'Parse error in src/a.ts; left as is' }),
    entry({
      outcome: 'ABANDON',
      slug: '2fa-login',
      timestamp: '2026-01-14T20:30:00-03:30',
      summary: 'Goal conflicted with the API: asked, no answer',
    }),
  ];
  const text = `# Ledger\n\n${entries.map(formatLedgerLine).join('\n')}\n`;
  const parsed = parseLedger(text);
  assert.deepEqual(
    parsed.map((p) =>
      p.kind === 'entry' ? { timestamp: p.timestamp, outcome: p.outcome, slug: p.slug, summary: p.summary } : p,
    ),
    entries,
  );
  assert.deepEqual(
    parsed.map((p) => p.lineNumber),
    [3, 4, 5],
  );
});
