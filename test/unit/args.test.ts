import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCommandLine, UsageError, USAGE } from '../../src/cli/args';

/** parseArgs returns null-prototype objects; compare plain copies. */
const parse = (argv: string[]) => {
  const parsed = parseCommandLine(argv);
  return { ...parsed, values: { ...parsed.values } };
};

function usageError(argv: string[], message: string | RegExp): void {
  assert.throws(
    () => parseCommandLine(argv),
    (e: unknown) => {
      assert.ok(e instanceof UsageError, `expected UsageError for ${JSON.stringify(argv)}`);
      assert.equal(e.name, 'UsageError');
      if (typeof message === 'string') assert.equal(e.message, message);
      else assert.match(e.message, message);
      return true;
    },
  );
}

test('no arguments, help and --help/-h all ask for help', () => {
  for (const argv of [[], ['help'], ['--help'], ['-h'], ['status', '--help'], ['spawn', 'foo', '-h']]) {
    assert.equal(parseCommandLine(argv).op, 'help', JSON.stringify(argv));
  }
});

test('global flags work before or after the operation', () => {
  const before = parse([
    '--cwd',
    '/repo',
    '--backend',
    'tmux',
    '--tmux-socket',
    'dir',
    '--json',
    'wait',
    'auth',
    '--timeout',
    '30',
  ]);
  const after = parse([
    'wait',
    'auth',
    '--timeout',
    '30',
    '--cwd',
    '/repo',
    '--backend',
    'tmux',
    '--tmux-socket',
    'dir',
    '--json',
  ]);
  const mixed = parse([
    '--json',
    'wait',
    '--cwd=/repo',
    'auth',
    '--backend=tmux',
    '--timeout=30',
    '--tmux-socket',
    'dir',
  ]);
  const expected = {
    op: 'wait',
    slug: 'auth',
    values: { cwd: '/repo', backend: 'tmux', 'tmux-socket': 'dir', json: true, timeout: '30' },
  };
  assert.deepEqual(before, expected);
  assert.deepEqual(after, expected);
  assert.deepEqual(mixed, expected);
});

test('every operation parses with its own flags', () => {
  assert.deepEqual(parse(['draft', 'auth', '--goal', 'Add login']), {
    op: 'draft',
    slug: 'auth',
    values: { goal: 'Add login' },
  });
  assert.deepEqual(parse(['spawn', 'impl-auth', '--model', 'opus', '--agent', 'claude --x']), {
    op: 'spawn',
    slug: 'impl-auth',
    values: { model: 'opus', agent: 'claude --x' },
  });
  assert.deepEqual(parse(['wait', 'auth']), { op: 'wait', slug: 'auth', values: {} });
  assert.deepEqual(parse(['verify', 'auth']), { op: 'verify', slug: 'auth', values: {} });
  assert.deepEqual(parse(['redirect', 'auth', '--file', 'notes.txt']), {
    op: 'redirect',
    slug: 'auth',
    values: { file: 'notes.txt' },
  });
  assert.deepEqual(parse(['approve', 'auth', '--no']), { op: 'approve', slug: 'auth', values: { no: true } });
  assert.deepEqual(parse(['status']), { op: 'status', slug: undefined, values: {} });
  assert.deepEqual(parse(['close', 'auth', '--outcome', 'SHIP', '--summary', 'Added login']), {
    op: 'close',
    slug: 'auth',
    values: { outcome: 'SHIP', summary: 'Added login' },
  });
});

test('--scope can be repeated and keeps its order', () => {
  const parsed = parseCommandLine([
    'draft',
    'auth',
    '--scope',
    'src/auth/**',
    '--goal',
    'g',
    '--scope',
    'test/auth/**',
    '--scope',
    '*.md',
  ]);
  assert.deepEqual(parsed.values.scope, ['src/auth/**', 'test/auth/**', '*.md']);
});

test('an operation refuses flags that belong to another operation', () => {
  usageError(['spawn', 'auth', '--goal', 'x'], 'spawn does not take --goal.');
  usageError(['status', '--timeout', '5'], 'status does not take --timeout.');
  usageError(['verify', 'auth', '--yes'], 'verify does not take --yes.');
  usageError(['close', 'auth', '--outcome', 'SHIP', '--summary', 's', '--scope', 'x'], 'close does not take --scope.');
  usageError(['draft', 'auth', '--goal', 'g', '--model', 'opus'], 'draft does not take --model.');
});

test('required flags are named in the error', () => {
  usageError(['draft', 'auth'], 'draft needs --goal <text>.');
  usageError(['draft', 'auth', '--scope', 'src/**'], 'draft needs --goal <text>.');
  usageError(['redirect', 'auth'], 'redirect needs exactly one of --message <text> or --file <path>.');
  usageError(
    ['redirect', 'auth', '--message', 'm', '--file', 'f'],
    'redirect needs exactly one of --message <text> or --file <path>.',
  );
  usageError(['approve', 'auth'], 'approve needs exactly one of --yes or --no.');
  usageError(['approve', 'auth', '--yes', '--no'], 'approve needs exactly one of --yes or --no.');
  usageError(
    ['close', 'auth', '--outcome', 'SHIP'],
    'close needs --outcome <SHIP|NO-SHIP|ABANDON> and --summary <text>.',
  );
  usageError(
    ['close', 'auth', '--summary', 'done'],
    'close needs --outcome <SHIP|NO-SHIP|ABANDON> and --summary <text>.',
  );
});

test('--timeout must be a positive number of seconds', () => {
  for (const bad of ['0', '-5', 'abc', ''])
    usageError(['wait', 'auth', `--timeout=${bad}`], '--timeout must be a positive number of seconds.');
  assert.equal(parseCommandLine(['wait', 'auth', '--timeout', '1.5']).values.timeout, '1.5');
});

test('--backend must be auto, cmux or tmux', () => {
  usageError(['status', '--backend', 'screen'], '--backend must be auto, cmux or tmux.');
  for (const backend of ['auto', 'cmux', 'tmux'])
    assert.equal(parseCommandLine(['status', '--backend', backend]).values.backend, backend);
});

test('slug count is checked', () => {
  usageError(['verify'], 'verify takes exactly one slug.');
  usageError(['verify', 'a', 'b'], 'verify takes exactly one slug.');
  usageError(['status', 'auth'], 'status takes no arguments.');
});

test('unknown operations and options are usage errors with a clean message', () => {
  usageError(
    ['frobnicate', 'x'],
    'Unknown operation "frobnicate"; expected one of draft, spawn, wait, verify, redirect, approve, status, close, review, init, mcp.',
  );
  usageError(['status', '--bogus'], "Unknown option '--bogus'");
  usageError(['draft', 'auth', '--goal'], /--goal/);
  usageError(['status', '--json=yes'], /--json/);
});

test('the usage text lists every operation', () => {
  for (const op of ['draft', 'spawn', 'wait', 'verify', 'redirect', 'approve', 'status', 'close', 'review'])
    assert.match(USAGE, new RegExp(`\\n  ${op}\\b`));
});

test('--isolation is shared or worktree, on draft and spawn only', () => {
  assert.deepEqual(parse(['spawn', 'auth', '--isolation', 'worktree']), {
    op: 'spawn',
    slug: 'auth',
    values: { isolation: 'worktree' },
  });
  assert.equal(parse(['draft', 'auth', '--goal', 'g', '--isolation', 'shared']).values.isolation, 'shared');
  usageError(['spawn', 'auth', '--isolation', 'branch'], '--isolation must be shared or worktree.');
  usageError(['verify', 'auth', '--isolation', 'worktree'], 'verify does not take --isolation.');
});

test('review takes a slug and its own flags', () => {
  const parsed = parseCommandLine([
    'review',
    'x',
    '--wait',
    '--timeout',
    '60',
    '--focus',
    'locking',
    '--model',
    'opus',
  ]);
  assert.equal(parsed.op, 'review');
  assert.equal(parsed.slug, 'x');
  assert.deepEqual([parsed.values.wait, parsed.values.timeout, parsed.values.focus], [true, '60', 'locking']);
  usageError(['review', 'x', '--timeout', '0'], /--timeout/);
  usageError(['review'], /exactly one slug/);
});
