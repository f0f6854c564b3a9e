import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, DEFAULT_CONFIG, readWorkspaceSettings, resolveConfig } from '../../src/director/config';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function workspace(settings?: string): string {
  const root = mkdtempSync(join(tmpdir(), 'cd-unit-config-'));
  dirs.push(root);
  if (settings !== undefined) {
    mkdirSync(join(root, '.vscode'));
    writeFileSync(join(root, '.vscode', 'settings.json'), settings);
  }
  return root;
}

test('JSONC settings with comments and trailing commas; only director.* keys, without the prefix', () => {
  const root = workspace(`// Workspace settings
{
  /* editor stuff */
  "editor.tabSize": 2,
  "director.backend": "tmux", // line comment after a value
  "director.tmuxSocket": "work",
  "director.hotPaths": [
    "package.json",
    "src/auth/**", // trailing comma in an array
  ],
  "directory.other": true,
  "files.exclude": { "director.backend": "cmux" },
}
`);
  assert.deepEqual(readWorkspaceSettings(root), {
    backend: 'tmux',
    tmuxSocket: 'work',
    hotPaths: ['package.json', 'src/auth/**'],
  });
});

test('no .vscode/settings.json means no settings', () => {
  assert.deepEqual(readWorkspaceSettings(workspace()), {});
});

test('a nested "director" object is not a setting (VS Code uses dotted keys)', () => {
  assert.deepEqual(readWorkspaceSettings(workspace('{ "director": { "backend": "tmux" } }')), {});
});

test('invalid JSONC is a ConfigError naming the file, the problem and the fix', () => {
  const text = '{\n  "director.backend": "tmux"\n  "director.tmuxSocket": "x"\n}\n';
  const root = workspace(text);
  const offset = text.indexOf('"director.tmuxSocket"'); // where the missing comma is noticed
  const file = join(root, '.vscode', 'settings.json');
  assert.throws(
    () => readWorkspaceSettings(root),
    (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.equal(e.name, 'ConfigError');
      assert.equal(
        e.message,
        `${file} is not valid JSON with comments (CommaExpected at offset ${offset}): fix it or remove it.`,
      );
      return true;
    },
  );
  assert.throws(() => readWorkspaceSettings(workspace('{ "director.backend": "tmux" ')), /CloseBraceExpected/);
});

test('an empty or comment-only settings.json counts as no settings, as in VS Code', () => {
  assert.deepEqual(readWorkspaceSettings(workspace('')), {});
  assert.deepEqual(readWorkspaceSettings(workspace('// nothing here yet\n')), {});
});

test('resolveConfig fills in the defaults', () => {
  const config = resolveConfig();
  assert.deepEqual(config, DEFAULT_CONFIG);
  assert.equal(config.backend, 'auto');
  assert.equal(config.tmuxPath, 'tmux');
  assert.equal(config.implementerModel, 'sonnet');
  assert.equal(config.agentCommand, 'claude --permission-mode acceptEdits');
  assert.equal(config.waitTimeoutSeconds, 1200);
  assert.equal(config.readyTimeoutSeconds, 30);
  assert.equal(config.permissionHoldSeconds, 300);
  assert.deepEqual(config.hotPaths, []);
  assert.equal(config.splitDirection, 'auto');
  assert.deepEqual(config.screenPatterns, {});
});

test('later layers win, undefined values do not erase earlier ones', () => {
  const settings = { backend: 'tmux', tmuxSocket: 'from-settings', implementerModel: 'opus' };
  const flags = { backend: 'cmux', tmuxSocket: undefined };
  const config = resolveConfig(settings, flags);
  assert.equal(config.backend, 'cmux');
  assert.equal(config.tmuxSocket, 'from-settings');
  assert.equal(config.implementerModel, 'opus');
});

test('settings read from disk go through the same validation', () => {
  const root = workspace('{ "director.waitTimeoutSeconds": 30, "director.screenPatterns": { "busy": ["^Working"] } }');
  const config = resolveConfig(readWorkspaceSettings(root));
  assert.equal(config.waitTimeoutSeconds, 30);
  assert.deepEqual(config.screenPatterns, { busy: ['^Working'] });
});

const invalid: Array<[Record<string, unknown>, string]> = [
  [{ waitTimeoutSeconds: -1 }, 'Setting director.waitTimeoutSeconds is invalid: Too small: expected number to be >0.'],
  [
    { waitTimeoutSeconds: '10' },
    'Setting director.waitTimeoutSeconds is invalid: Invalid input: expected number, received string.',
  ],
  [{ backend: 'screen' }, 'Setting director.backend is invalid: Invalid option: expected one of "auto"|"cmux"|"tmux".'],
  [{ hotPaths: 'src/**' }, 'Setting director.hotPaths is invalid: Invalid input: expected array, received string.'],
  [
    { screenPatterns: { busy: '^x' } },
    'Setting director.screenPatterns.busy is invalid: Invalid input: expected array, received string.',
  ],
];

for (const [layer, message] of invalid) {
  test(`invalid ${Object.keys(layer)[0]} names the setting and the problem`, () => {
    assert.throws(
      () => resolveConfig(layer),
      (e: unknown) => e instanceof ConfigError && e.message === message,
    );
  });
}
