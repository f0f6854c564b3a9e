/**
 * cmux output parsers. fixtures/cmux/*.json|txt were recorded from test/fixtures/fake-cmux/cmux
 * (which reproduces the documented macOS formats); the inline ones follow shared reference
 * cmux-cli.md §7.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  CmuxParseError,
  parseIdentify,
  parseOkLine,
  parseReadScreen,
  parseSplitResult,
  parseTree,
} from '../../src/mux/cmuxSchemas';

const recorded = (name: string) =>
  readFileSync(fileURLToPath(new URL(`./fixtures/cmux/${name}`, import.meta.url)), 'utf8');

const WS = '8F849076-67B2-4CA4-9BD3-942F2CC0F5AD';
const S1 = '3F7B78E0-9EE5-4F00-B46C-137C9581CDAA';
const S2 = '07412F9D-4889-4383-B39C-5146DE5195BC';
const UUID_A = 'A1B2C3D4-0000-4000-8000-000000000001';
const UUID_B = 'a1b2c3d4-0000-4000-8000-000000000002';

function parseError(fn: () => unknown, message: RegExp): void {
  assert.throws(
    fn,
    (e: unknown) => e instanceof CmuxParseError && e.name === 'CmuxParseError' && message.test(e.message),
  );
}

test('recorded tree: every terminal surface with its pane and workspace', () => {
  assert.deepEqual(parseTree(recorded('tree-all-both.json')), [
    { id: S1, ref: 'surface:1', title: '~', paneId: '1F098329-1775-4666-83FB-934911300E23', workspaceId: WS },
    { id: S2, ref: 'surface:2', title: '/tmp', paneId: '87CE87D4-B913-45C4-A2D5-3B793F946E58', workspaceId: WS },
  ]);
});

test('tree: browser surfaces are left out; untyped surfaces, null titles and unknown keys are fine', () => {
  const tree = {
    active: null,
    caller: null,
    future_key: { nested: true },
    windows: [
      {
        id: 'W1',
        ref: 'window:1',
        index: 0,
        visible: true,
        workspaces: [
          {
            id: 'WS1',
            ref: 'workspace:1',
            title: 'main',
            pinned: false,
            panes: [
              {
                id: 'P1',
                ref: 'pane:1',
                surfaces: [
                  { id: 'SA', ref: 'surface:1', type: 'terminal', title: 'impl-auth', tty: 'ttys012', dock_scope: 'x' },
                  { id: 'SB', ref: 'surface:2', type: 'browser', title: 'Docs', url: 'https://example.com' },
                ],
              },
              { id: 'P2', ref: 'pane:2', surfaces: [{ id: 'SC', ref: 'surface:3', title: null }] },
              { id: 'P3', ref: 'pane:3' },
            ],
          },
          { id: 'WS2', ref: 'workspace:2', title: null },
        ],
      },
      {
        id: 'W2',
        ref: 'window:2',
        workspaces: [
          {
            id: 'WS3',
            ref: 'workspace:3',
            panes: [{ id: 'P4', ref: 'pane:4', surfaces: [{ id: 'SD', ref: 'surface:9', type: 'terminal' }] }],
          },
        ],
      },
    ],
  };
  assert.deepEqual(parseTree(JSON.stringify(tree)), [
    { id: 'SA', ref: 'surface:1', title: 'impl-auth', paneId: 'P1', workspaceId: 'WS1' },
    { id: 'SC', ref: 'surface:3', title: '', paneId: 'P2', workspaceId: 'WS1' },
    { id: 'SD', ref: 'surface:9', title: '', paneId: 'P4', workspaceId: 'WS3' },
  ]);
});

test('tree with no windows has no surfaces', () => {
  assert.deepEqual(parseTree('{"active":null,"caller":null,"windows":[]}'), []);
});

test('tree: malformed JSON, plain text or the wrong shape is a CmuxParseError naming the command', () => {
  parseError(() => parseTree('{"windows": ['), /^cmux tree did not print JSON: \{"windows": \[$/);
  parseError(() => parseTree('window window:1 [current] ◀ active'), /^cmux tree did not print JSON: window window:1/);
  parseError(() => parseTree('{"active": null}'), /^cmux tree printed unexpected JSON: /);
  // `--id-format refs` (the default) drops the UUIDs the director relies on:
  parseError(
    () => parseTree('{"windows":[{"ref":"window:1","workspaces":[]}]}'),
    /^cmux tree printed unexpected JSON: /,
  );
  parseError(() => parseTree(''), /did not print JSON/);
});

test('a long non-JSON answer is quoted only up to 120 characters', () => {
  const noise = 'x'.repeat(500);
  assert.throws(
    () => parseTree(noise),
    (e: unknown) => e instanceof CmuxParseError && e.message === `cmux tree did not print JSON: ${'x'.repeat(120)}`,
  );
});

test('recorded surface.split result', () => {
  const split = parseSplitResult(recorded('rpc-surface-split.json'));
  assert.equal(split.surface_id, S2);
  assert.equal(split.surface_ref, 'surface:2');
  assert.equal(split.pane_ref, 'pane:2');
  assert.equal(split.workspace_id, WS);
});

test('split result without pane handles (not printed by every build) still parses', () => {
  const split = parseSplitResult(
    JSON.stringify({ surface_id: UUID_A, surface_ref: 'surface:7', workspace_id: UUID_B, type: 'terminal', extra: 1 }),
  );
  assert.equal(split.surface_id, UUID_A);
  assert.equal(split.pane_id, undefined);
  parseError(
    () => parseSplitResult(JSON.stringify({ surface_ref: 'surface:7', workspace_id: UUID_B })),
    /^cmux surface\.split printed unexpected JSON: /,
  );
  parseError(
    () => parseSplitResult('Error: not_found: Surface not found'),
    /^cmux surface\.split did not print JSON: Error: not_found/,
  );
});

test('recorded read-screen returns the screen text', () => {
  assert.equal(parseReadScreen(recorded('read-screen.json')), '# echo hello-from-fixture\nhello-from-fixture\n#');
  assert.equal(parseReadScreen('{"text":"","base64":""}'), '');
  parseError(() => parseReadScreen('{"base64":"aGk="}'), /^cmux read-screen printed unexpected JSON: /);
  parseError(() => parseReadScreen('hello\n'), /^cmux read-screen did not print JSON: hello/);
});

test('recorded identify: socket path, CLI path and bundle id', () => {
  const id = parseIdentify(recorded('identify.json'));
  assert.match(id.socket_path ?? '', /cmux\.sock$/);
  assert.equal(id.bundle_identifier, 'com.cmuxterm.app');
  assert.match(id.app_cli_path ?? '', /fake-cmux\/cmux$/);
});

test('identify tolerates null and missing fields (no window, older builds)', () => {
  assert.deepEqual(parseIdentify('{"socket_path":null,"focused":null,"caller":null}'), {
    socket_path: null,
    focused: null,
    caller: null,
  });
  assert.equal(parseIdentify('{"version":"0.70.0","methods":["system.ping"]}').socket_path, undefined);
  parseError(() => parseIdentify('{"socket_path": 42}'), /^cmux identify printed unexpected JSON: /);
});

test('OK line with --id-format both gives refs and UUIDs', () => {
  assert.deepEqual(parseOkLine(`OK surface:7 (${UUID_A}) workspace:2 (${UUID_B})`), {
    surface: { ref: 'surface:7', id: UUID_A },
    workspace: { ref: 'workspace:2', id: UUID_B },
  });
  for (const name of ['send-key-ok-both.txt', 'close-surface-ok-both.txt']) {
    assert.deepEqual(
      parseOkLine(recorded(name)),
      { surface: { ref: 'surface:2', id: S2 }, workspace: { ref: 'workspace:1', id: WS } },
      name,
    );
  }
});

test('OK lines with refs only, extra handles or trailing words', () => {
  assert.deepEqual(parseOkLine(recorded('send-ok-refs.txt')), {
    surface: { ref: 'surface:2' },
    workspace: { ref: 'workspace:1' },
  });
  assert.deepEqual(parseOkLine('OK surface:3 pane:4 workspace:2\n'), {
    surface: { ref: 'surface:3' },
    pane: { ref: 'pane:4' },
    workspace: { ref: 'workspace:2' },
  });
  assert.deepEqual(
    parseOkLine('OK surface:5 workspace:2 queued (terminal starting; input will be sent when its PTY is ready)'),
    { surface: { ref: 'surface:5' }, workspace: { ref: 'workspace:2' } },
  );
  assert.deepEqual(
    parseOkLine('OK accepted workspace:9 (routed to remote tmux; the new pane arrives asynchronously)'),
    { workspace: { ref: 'workspace:9' } },
  );
  assert.deepEqual(parseOkLine(recorded('rename-tab-ok.txt')), {
    tab: { ref: 'tab:2' },
    workspace: { ref: 'workspace:1' },
  });
  assert.deepEqual(parseOkLine('OK'), {});
});

test('anything but OK is a CmuxParseError quoting the answer', () => {
  parseError(
    () => parseOkLine('Error: not_found: Surface not found'),
    /^cmux did not answer OK: Error: not_found: Surface not found$/,
  );
  parseError(() => parseOkLine(''), /^cmux did not answer OK: $/);
  parseError(() => parseOkLine(recorded('ping.txt')), /^cmux did not answer OK: PONG$/);
});
