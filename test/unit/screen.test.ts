/**
 * Screen classifier on recorded screens: stub-*.txt were captured with `tmux capture-pane -p`
 * from the former stub agent (100x30, kept as regression screens); cc-*.txt are Claude Code screens built
 * from the wordings in shared reference claude-code.md §5 and the ccmanager fixtures quoted there;
 * cc328-*-{100,200}.txt were captured with `tmux capture-pane -p` from the real Claude Code 2.1.328
 * (`claude -n impl-x`, panes 100x50 and 200x50) driven by test/fixtures/scripted-model. The
 * 200-column ones carry the diff side panel right of a `│` column.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  chooseOption,
  classifyScreen,
  DEFAULT_SCREEN_PATTERNS,
  mergeScreenPatterns,
  type PermissionOption,
  type ScreenState,
} from '../../src/core/screen';

const screen = (name: string) =>
  readFileSync(fileURLToPath(new URL(`./fixtures/screens/${name}`, import.meta.url)), 'utf8');
const kind = (name: string) => classifyScreen(screen(name)).kind;
const squash = (s: string) => s.replace(/\s+/g, '');

function permission(name: string): Extract<ScreenState, { kind: 'permission' }> {
  const state = classifyScreen(screen(name));
  assert.equal(state.kind, 'permission', `${name} should be a permission dialog, got ${JSON.stringify(state)}`);
  return state as Extract<ScreenState, { kind: 'permission' }>;
}

const labels = (options: readonly PermissionOption[]) => options.map((o) => `${o.number}. ${o.label}`);

test('idle prompt box with an empty input line', () => {
  for (const name of ['stub-idle-empty.txt', 'stub-idle-after-turn.txt', 'cc-idle.txt']) {
    assert.deepEqual(classifyScreen(screen(name)), { kind: 'idle', input: '' }, name);
  }
});

test('idle with typed text reports the text in the box', () => {
  assert.deepEqual(classifyScreen(screen('stub-idle-typed.txt')), {
    kind: 'idle',
    input: 'Read tmp/sessions/impl-demo-task.txt and do it',
  });
});

test('typed text wrapped over two lines is joined', () => {
  assert.deepEqual(classifyScreen(screen('cc-idle-typed-wrapped.txt')), {
    kind: 'idle',
    input:
      'Now expand the module docstrings across all ten tool modules, keep the public signatures unchanged, and run the tests again',
  });
  // The stub hard-wraps mid-word; the director compares typed text without whitespace.
  const stub = classifyScreen(screen('stub-idle-typed-wrapped.txt'));
  assert.equal(stub.kind, 'idle');
  assert.equal(
    squash(stub.kind === 'idle' ? stub.input : ''),
    squash(
      'Please expand the module docstrings across all ten tool modules and keep every public signature unchanged while you do it',
    ),
  );
});

test('busy: spinner line above the box', () => {
  assert.equal(kind('cc-busy-spinner.txt'), 'busy');
  assert.equal(kind('stub-busy.txt'), 'busy');
});

test('busy: "esc to interrupt" footer under the box, no spinner', () => {
  assert.equal(kind('cc-busy-footer.txt'), 'busy');
});

test('Bash permission dialog: title, command, question and three options', () => {
  const state = permission('cc-permission-bash.txt');
  assert.equal(state.title, 'Bash command');
  assert.equal(state.command, 'npm test');
  assert.equal(state.question, 'Do you want to proceed?');
  assert.deepEqual(labels(state.options), ['1. Yes', "2. Yes, and don't ask again for npm commands in /repo", '3. No']);
  assert.deepEqual(
    state.options.map((o) => o.focused),
    [true, false, false],
  );
});

test('Bash permission dialog recorded from the stub agent', () => {
  const state = permission('stub-permission-bash.txt');
  assert.equal(state.title, 'Bash command');
  assert.equal(state.command, 'npm test');
  assert.equal(state.question, 'Do you want to proceed?');
  assert.equal(state.options.length, 3);
  assert.match(state.options[1]!.label, /^Yes, and don't ask again for npm commands in \/tmp\//);
});

test('Edit dialog (ccmanager wording) with "No, and tell Claude what to do differently (esc)"', () => {
  const state = permission('cc-permission-edit.txt');
  assert.equal(state.title, 'Edit file');
  assert.equal(state.command, 'test.txt');
  assert.equal(state.question, 'Do you want to make this edit to test.txt?');
  assert.deepEqual(labels(state.options), [
    '1. Yes',
    '2. Yes, allow all edits during this session (shift+tab)',
    '3. No, and tell Claude what to do differently (esc)',
  ]);
  const stub = permission('stub-permission-edit.txt');
  assert.equal(stub.title, 'Edit file');
  assert.equal(stub.command, 'notes/test.txt');
  assert.equal(stub.question, 'Do you want to make this edit to test.txt?');
});

test('a dialog with only two options', () => {
  const state = permission('cc-permission-two-options.txt');
  assert.equal(state.command, 'rm -rf build/');
  assert.deepEqual(labels(state.options), ['1. Yes', '2. No']);
});

test('Write (create file) dialog', () => {
  const state = permission('cc-permission-write.txt');
  assert.equal(state.title, 'Create file');
  assert.equal(state.command, 'src/hello.py');
  assert.equal(state.question, 'Do you want to create hello.py?');
  assert.equal(state.options.length, 3);
});

test('Fetch dialog', () => {
  const state = permission('cc-permission-fetch.txt');
  assert.equal(state.title, 'Fetch');
  assert.equal(state.command, 'https://example.com/docs/api');
  assert.equal(state.question, 'Do you want to allow Claude to fetch this content?');
  assert.equal(state.options[2]!.label, 'No, and tell Claude what to do differently (esc)');
});

test('folder trust dialog', () => {
  assert.deepEqual(classifyScreen(screen('cc-trust.txt')), { kind: 'trust' });
  assert.deepEqual(classifyScreen('Do you trust the files in this folder?\n\n❯ 1. Yes, proceed\n  2. No, exit\n'), {
    kind: 'trust',
  });
});

test('"Interrupted · What should Claude do instead?" above an idle box is idle', () => {
  for (const name of ['cc-interrupted.txt', 'stub-interrupted-idle.txt', 'stub-after-edit-rejected.txt']) {
    assert.deepEqual(classifyScreen(screen(name)), { kind: 'idle', input: '' }, name);
  }
});

test('an old dialog quoted in the transcript above the current idle box is not a live dialog', () => {
  assert.deepEqual(classifyScreen(screen('cc-quoted-old-dialog.txt')), { kind: 'idle', input: '' });
  // The same quoted text without a prompt box below it would be read as a dialog:
  const quoted = screen('cc-quoted-old-dialog.txt').split('\n').slice(0, 7).join('\n');
  assert.equal(classifyScreen(quoted).kind, 'permission');
});

test('a shell prompt and an empty screen are unknown', () => {
  assert.deepEqual(classifyScreen(screen('shell-prompt.txt')), { kind: 'unknown' });
  assert.deepEqual(classifyScreen(''), { kind: 'unknown' });
  assert.deepEqual(classifyScreen('\n\n    \n'), { kind: 'unknown' });
});

test('CRLF line endings and trailing blank rows do not change the result', () => {
  const crlf = screen('cc-permission-bash.txt').replace(/\n/g, '\r\n') + '\r\n\r\n\r\n';
  assert.equal(classifyScreen(crlf).kind, 'permission');
  assert.deepEqual(classifyScreen(screen('stub-idle-typed.txt') + '\n'.repeat(20)), {
    kind: 'idle',
    input: 'Read tmp/sessions/impl-demo-task.txt and do it',
  });
});

test('chooseOption yes picks the plain one-time Yes, never "don\'t ask again"', () => {
  const bash = permission('cc-permission-bash.txt').options;
  assert.deepEqual(chooseOption(bash, 'yes'), { number: 1, label: 'Yes', focused: true });
  const reordered: PermissionOption[] = [
    { number: 1, label: "Yes, and don't ask again for npm commands in /repo", focused: true },
    { number: 2, label: 'Yes', focused: false },
    { number: 3, label: 'No', focused: false },
  ];
  assert.equal(chooseOption(reordered, 'yes')?.number, 2);
  const curly: PermissionOption[] = [
    { number: 1, label: 'Yes, and don’t ask again for: npm', focused: true },
    { number: 2, label: 'Yes, and switch to auto mode', focused: false },
    { number: 3, label: 'Yes', focused: false },
    { number: 4, label: 'No', focused: false },
  ];
  assert.equal(chooseOption(curly, 'yes')?.number, 3, 'curly apostrophe and auto mode variants are skipped');
});

test('chooseOption no picks the No option wherever it is', () => {
  assert.equal(chooseOption(permission('cc-permission-bash.txt').options, 'no')?.number, 3);
  assert.equal(
    chooseOption(permission('cc-permission-edit.txt').options, 'no')?.label,
    'No, and tell Claude what to do differently (esc)',
  );
  assert.equal(chooseOption(permission('cc-permission-two-options.txt').options, 'no')?.number, 2);
});

test('chooseOption is undefined when the screen has no such option', () => {
  const plan: PermissionOption[] = [
    { number: 1, label: 'Apply all', focused: true },
    { number: 2, label: 'Review first', focused: false },
  ];
  assert.equal(chooseOption(plan, 'yes'), undefined);
  assert.equal(chooseOption(plan, 'no'), undefined);
  assert.equal(
    chooseOption([{ number: 1, label: 'Nothing to see', focused: true }], 'no'),
    undefined,
    '"No" must be a word',
  );
});

test('mergeScreenPatterns: a custom busy pattern is used, other defaults stay', () => {
  const custom = mergeScreenPatterns({ busy: ['^Crunching numbers'] });
  assert.deepEqual(custom.promptMarkers, DEFAULT_SCREEN_PATTERNS.promptMarkers);
  assert.deepEqual(custom.busyFooter, DEFAULT_SCREEN_PATTERNS.busyFooter);
  const rule = '─'.repeat(60);
  const text = ['> go', '', 'Crunching numbers (12s)', rule, '❯ ', rule, '  ? for shortcuts'].join('\n');
  assert.deepEqual(classifyScreen(text), { kind: 'idle', input: '' }, 'the default patterns do not know this line');
  assert.deepEqual(classifyScreen(text, custom), { kind: 'busy' });
  assert.equal(classifyScreen(screen('cc-permission-bash.txt'), custom).kind, 'permission');
  assert.equal(classifyScreen(screen('cc-busy-footer.txt'), custom).kind, 'busy');
});

test('mergeScreenPatterns: a custom permission question is recognised', () => {
  const custom = mergeScreenPatterns({ permissionQuestion: ['^Allow this action\\?$'] });
  const text = ['─'.repeat(40), ' Tool call', '   deploy --prod', ' Allow this action?', ' ❯ 1. Yes', '   2. No'].join(
    '\n',
  );
  assert.equal(classifyScreen(text).kind, 'unknown');
  const state = classifyScreen(text, custom);
  assert.equal(state.kind, 'permission');
  assert.equal(state.kind === 'permission' && state.command, 'deploy --prod');
  assert.deepEqual(mergeScreenPatterns(undefined), DEFAULT_SCREEN_PATTERNS);
});

test('a question wrapped by a narrow pane is still a permission prompt', () => {
  const screen = [
    '─'.repeat(40),
    ' Edit file',
    '   src/github.ts',
    '',
    ' Do you want to make this edit to',
    ' github.ts?',
    ' ❯ 1. Yes',
    '   2. Yes, allow all edits during',
    '      this session (shift+tab)',
    '   3. No',
  ].join('\n');
  const state = classifyScreen(screen);
  assert.equal(state.kind, 'permission');
  assert.ok(state.kind === 'permission');
  assert.equal(state.question, 'Do you want to make this edit to github.ts?');
  assert.deepEqual(
    state.options.map((o) => o.number),
    [1, 2, 3],
  );
});

test('a bullet line ending in an ellipsis above the prompt is not a spinner', () => {
  const screen = ['⏺ Summary:', '* Added tests…', '─'.repeat(40), '❯ ', '─'.repeat(40), '  ? for shortcuts'].join('\n');
  assert.deepEqual(classifyScreen(screen), { kind: 'idle', input: '' });
});

test('a spinner above a todo list still means busy', () => {
  const screen = [
    '✻ Refactoring… (12s · ↓ 1.2k tokens)',
    '  ⎿  ☒ Read the code',
    '     ☐ Write tests',
    '     ☐ Update docs',
    '     ☐ Run the suite',
    '',
    '─'.repeat(40),
    '❯ ',
    '─'.repeat(40),
    '  ⏵⏵ accept edits on',
  ].join('\n');
  assert.equal(classifyScreen(screen).kind, 'busy');
});

test('plan approval "yes" picks the manual option, not auto-accept', () => {
  const options = [
    { number: 1, label: 'Yes, and auto-accept edits', focused: true },
    { number: 2, label: 'Yes, manually approve edits', focused: false },
    { number: 3, label: 'No, keep planning', focused: false },
  ];
  assert.equal(chooseOption(options, 'yes')?.number, 2);
  assert.equal(chooseOption(options, 'no')?.number, 3);
});

test('a spinner from an older frame above an earlier prompt box does not make an idle screen busy', () => {
  const rule = '─'.repeat(40);
  const screen = [
    '✻ Working… (0s · ↓ 120 tokens)',
    rule,
    '❯ ',
    rule,
    '  esc to interrupt',
    '> /rename impl-x',
    '  ⎿  Session renamed to: impl-x',
    rule,
    '❯ ',
    rule,
    '  ⏵⏵ accept edits on (shift+tab to cycle)',
  ].join('\n');
  assert.deepEqual(classifyScreen(screen), { kind: 'idle', input: '' });
});

// ---- Claude Code 2.1.328, real captures ----

const widths = (stem: string) => [`${stem}-100.txt`, `${stem}-200.txt`];

test('2.1.328: idle prompt box under a rule that ends in the session name', () => {
  for (const name of [
    'cc328-idle-named-100.txt',
    'cc328-idle-named-200.txt',
    'cc328-idle-renamed-100.txt',
    'cc328-idle-name-collision-100.txt',
  ]) {
    assert.deepEqual(classifyScreen(screen(name)), { kind: 'idle', input: '' }, name);
  }
  const rule = '─'.repeat(60);
  assert.deepEqual(
    classifyScreen(
      [`${rule} impl-x ─`, '❯', rule, '  ⏵⏵ accept edits on (shift+tab to cycle) · ← for agents'].join('\n'),
    ),
    { kind: 'idle', input: '' },
  );
});

test('2.1.328: idle after a turn ("✻ Baked for 10s · done …" is not a spinner), also with the side panel', () => {
  for (const name of widths('cc328-idle-after-turn'))
    assert.deepEqual(classifyScreen(screen(name)), { kind: 'idle', input: '' }, name);
  assert.match(screen('cc328-idle-after-turn-200.txt'), /done 8:20 AM {20,}│/, 'the fixture has the side panel');
});

test('2.1.328: typed text in the box, beside the side panel and wrapped in a narrow pane', () => {
  assert.deepEqual(classifyScreen(screen('cc328-idle-typed-200.txt')), {
    kind: 'idle',
    input: 'Read tmp/sessions/impl-x-task.txt and follow it',
  });
  assert.deepEqual(classifyScreen(screen('cc328-idle-typed-wrapped-100.txt')), {
    kind: 'idle',
    input:
      'Please expand the module docstrings across all ten tool modules and keep every public signature unchanged while you do it',
  });
});

test('2.1.328: busy (spinner "* Mulling… (5s · ↓ 200 tokens)" and "esc to interrupt" in the footer)', () => {
  for (const name of widths('cc328-busy')) assert.deepEqual(classifyScreen(screen(name)), { kind: 'busy' }, name);
  // Either signal alone is enough.
  const spinnerOnly = screen('cc328-busy-100.txt').replace(' · esc to interrupt', '');
  assert.deepEqual(classifyScreen(spinnerOnly), { kind: 'busy' });
  const footerOnly = screen('cc328-busy-200.txt').replace(
    '* Mulling… (5s · ↓ 200 tokens)',
    '● Running a command      ',
  );
  assert.deepEqual(classifyScreen(footerOnly), { kind: 'busy' });
});

test('2.1.328: Bash dialog, command between the ╌ rules (never the Tip line), four options', () => {
  for (const name of widths('cc328-permission-bash')) {
    const state = permission(name);
    assert.equal(state.title, 'Bash command', name);
    assert.equal(state.command, 'echo hello > /tmp/scr-helper/exp/hello.txt', name);
    assert.equal(state.question, 'Do you want to proceed?', name);
    assert.deepEqual(
      labels(state.options),
      [
        '1. Yes',
        '2. Yes, and always allow access to /tmp/scr-helper/exp from this project',
        '3. Yes, and switch to auto mode · auto mode handles these prompts for you',
        '4. No',
      ],
      name,
    );
    assert.deepEqual(
      state.options.map((o) => o.focused),
      [true, false, false, false],
      name,
    );
    assert.deepEqual(chooseOption(state.options, 'yes'), { number: 1, label: 'Yes', focused: true }, name);
    assert.equal(chooseOption(state.options, 'no')?.number, 4, name);
  }
});

test('2.1.328: "This command requires approval" under the rules; a wrapped option label is joined', () => {
  for (const name of widths('cc328-permission-bash-approval')) {
    const state = permission(name);
    assert.equal(state.command, 'tmux -L nothing-here list-sessions; echo hello > /tmp/scr-helper/exp/hello.txt', name);
    assert.equal(state.options.length, 4, name);
    assert.equal(
      state.options[1]!.label,
      "Yes, and don't ask again for tmux -L nothing-here list-sessions and echo hello commands in /tmp/scr-helper/repo",
      name,
    );
    assert.equal(chooseOption(state.options, 'yes')?.number, 1, name);
  }
});

test('2.1.328: a command wrapped over two lines with a │ gutter is joined without the gutter', () => {
  for (const name of widths('cc328-permission-bash-wrapped')) {
    const state = permission(name);
    assert.equal(
      state.command,
      `printf '%s\\n' "a fairly long line of output text that goes on" "and another fairly long line of output text here" > /tmp/scr-helper/exp/long-output-file.txt`,
      name,
    );
    assert.equal(state.title, 'Bash command', name);
  }
});

test('2.1.328: Read file dialog outside the working directory', () => {
  for (const name of widths('cc328-permission-read')) {
    const state = permission(name);
    assert.equal(state.title, 'Read file', name);
    assert.equal(state.command, 'Read(/etc/hostname)', name);
    assert.deepEqual(
      labels(state.options),
      ['1. Yes', '2. Yes, allow reading from /etc during this session', '3. No'],
      name,
    );
    assert.equal(chooseOption(state.options, 'yes')?.number, 1, name);
  }
});

test('2.1.328: Create file dialog: the path under the title, not the content between the rules', () => {
  for (const name of widths('cc328-permission-create')) {
    const state = permission(name);
    assert.equal(state.title, 'Create file', name);
    assert.equal(state.command, '../exp/outside.ts', name);
    assert.equal(state.question, 'Do you want to create outside.ts?', name);
    assert.equal(state.options.length, 3, name);
  }
});

test('2.1.328: folder trust dialog (options without numbers, "No, exit" first)', () => {
  for (const name of widths('cc328-trust')) assert.deepEqual(classifyScreen(screen(name)), { kind: 'trust' }, name);
});

test('2.1.328: the dialog wording from the brief (curly apostrophe, tmux * grant)', () => {
  const rule = '─'.repeat(47);
  const dashes = '╌'.repeat(47);
  const text = [
    rule,
    ' Bash command',
    ' Tip: auto mode handles these prompts for you — choose "switch to auto mode" below',
    ' Run a command from the task',
    dashes,
    ' echo hello > /tmp/exp/hello.txt',
    dashes,
    ' This command requires approval',
    '',
    ' Do you want to proceed?',
    ' ❯ 1. Yes',
    '   2. Yes, and don’t ask again for: tmux *',
    '   3. Yes, and switch to auto mode · auto mode handles these prompts for you',
    '   4. No',
    '',
    ' Esc to cancel · Tab to amend',
    `${'─'.repeat(36)} impl-t3 ─`,
  ].join('\n');
  const state = classifyScreen(text);
  assert.equal(state.kind, 'permission');
  assert.ok(state.kind === 'permission');
  assert.equal(state.title, 'Bash command');
  assert.equal(state.command, 'echo hello > /tmp/exp/hello.txt');
  assert.equal(chooseOption(state.options, 'yes')?.label, 'Yes');
});

test('2.1.328: a dialog near the top of a tall pane is still found (blank rows above the bottom rule)', () => {
  const lines = screen('cc328-permission-bash-200.txt').split('\n');
  const at = lines.findIndex((l) => /^─+ impl-x ─│$/.test(l));
  const tall = classifyScreen(
    [...lines.slice(0, at), ...Array<string>(40).fill(lines[at - 1]!), ...lines.slice(at)].join('\n'),
  );
  assert.equal(tall.kind, 'permission');
  assert.equal(tall.kind === 'permission' && tall.command, 'echo hello > /tmp/scr-helper/exp/hello.txt');
});

test('side panel: only a │ column shared by most lines is cut, wide characters count two cells', () => {
  // Wide characters left of the panel: the separator is at the same cell, not the same index.
  const lines = screen('cc328-permission-bash-200.txt').split('\n');
  const title = lines.findIndex((l) => l.startsWith(' Bash command '));
  const bar = lines[title]!.indexOf('│');
  lines[title] = ` Bash 命令${' '.repeat(bar - 10)}│`;
  const state = classifyScreen(lines.join('\n'));
  assert.equal(state.kind === 'permission' && state.title, 'Bash 命令');
  // A few lines with a │ in the same column (a quoted hook reason) are content, not a panel.
  const rule = '─'.repeat(40);
  const quoted = [
    '⏺ Bash(make deploy)',
    '  ⎿  Blocked by hook',
    `${' '.repeat(25)}│ Reason: production is frozen`,
    `${' '.repeat(25)}│ Reason: ask the release owner`,
    rule,
    '❯ retry',
    rule,
  ].join('\n');
  assert.deepEqual(classifyScreen(quoted), { kind: 'idle', input: 'retry' });
  const dialog = [
    rule,
    ' Bash command',
    '   make deploy',
    `${' '.repeat(25)}│ Reason: production is frozen`,
    ' Do you want to proceed?',
    ' ❯ 1. Yes',
    '   2. No',
  ].join('\n');
  const state2 = classifyScreen(dialog);
  assert.equal(state2.kind === 'permission' && state2.command, 'make deploy');
});
