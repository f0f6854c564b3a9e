/**
 * The Claude Code layer: the launch line, the session settings, the sh hook program (run for
 * real with `sh`, as Claude Code runs it, with no node on PATH) and what the events say.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deriveActivity, parseEventLog, permissionLine, unfinishedTurn } from '../../src/claude/events';
import { readActivity, startEventLog } from '../../src/claude/eventLog';
import { HOOK_PROGRAM } from '../../src/claude/hookProgram';
import { launchLine } from '../../src/claude/launch';
import { sessionSettings } from '../../src/claude/settings';
import { usageFromTranscript } from '../../src/claude/transcript';

const base = { session_id: 's1', transcript_path: '/t/s1.jsonl', cwd: '/w' };
const line = (pid: number, event: Record<string, unknown>) => JSON.stringify({ pid, event: { ...base, ...event } });

test('the launch line names the session, keeps the model explicit and puts the prompt after --', () => {
  assert.equal(
    launchLine({
      agent: 'claude --permission-mode acceptEdits',
      name: 'impl-x',
      model: 'sonnet',
      settingsFile: '/w/tmp/sessions/impl-x.settings.json',
      prompt: "Read it; don't stop",
    }),
    `claude --permission-mode acceptEdits -n impl-x --model sonnet --settings /w/tmp/sessions/impl-x.settings.json -- 'Read it; don'\\''t stop'`,
  );
  assert.match(
    launchLine({ agent: 'claude --model opus', name: 'impl-x', model: 'sonnet', settingsFile: '/s', prompt: 'p' }),
    /^claude --model opus -n impl-x --permission-mode acceptEdits --settings \/s -- p$/,
  );
});

test("a reviewer's launch line replaces the agent command's permission mode with dontAsk", () => {
  const input = { name: 'impl-x-review', model: 'opus', settingsFile: '/s', prompt: 'p', permissionMode: 'dontAsk' };
  assert.equal(
    launchLine({ ...input, agent: 'claude --permission-mode acceptEdits --verbose' }),
    'claude --verbose -n impl-x-review --model opus --permission-mode dontAsk --settings /s -- p',
  );
  assert.equal(
    launchLine({ ...input, agent: 'claude --permission-mode=plan' }),
    'claude -n impl-x-review --model opus --permission-mode dontAsk --settings /s -- p',
  );
});

test('a read-only session may read and search, and write exactly its findings file', () => {
  const settings = sessionSettings({
    hookProgram: '/w/h.sh',
    eventLog: '/w/e.jsonl',
    generation: 'ab12cd34',
    answerPrefix: '/w/a-',
    holdSeconds: 60,
    signalPrefix: 'x-',
    signalCommands: ['done'],
    readOnly: { writable: ['/w/tmp/sessions/impl-x-review.md'] },
  }) as { permissions: { allow: string[] } };
  assert.deepEqual(settings.permissions.allow, [
    'Bash(done)',
    'Read',
    'Grep',
    'Glob',
    'Write(//w/tmp/sessions/impl-x-review.md)',
    'Edit(//w/tmp/sessions/impl-x-review.md)',
  ]);
});

test('session settings allow exactly the signal commands and hold only permission requests', () => {
  const input = {
    hookProgram: '/w/h.sh',
    eventLog: '/w/e.jsonl',
    generation: 'ab12cd34',
    answerPrefix: '/w/a-',
    holdSeconds: 60,
    signalPrefix: 'tmux -L s wait-for -S impl-x-',
    signalCommands: ['tmux -L s wait-for -S impl-x-0123abcd-done'],
  };
  const settings = sessionSettings(input) as {
    permissions: { allow: string[] };
    hooks: Record<string, Array<{ hooks: Array<{ command: string; timeout?: number; async?: boolean }> }>>;
  };
  assert.deepEqual(settings.permissions.allow, ['Bash(tmux -L s wait-for -S impl-x-0123abcd-done)']);
  const permission = settings.hooks['PermissionRequest']![0]!.hooks[0]!;
  assert.equal(
    permission.command,
    `DIRECTOR_GENERATION=ab12cd34 sh /w/h.sh PermissionRequest /w/e.jsonl /w/a- 60 'tmux -L s wait-for -S impl-x-'`,
  );
  assert.throws(() => sessionSettings({ ...input, generation: 'x; rm -rf ~' }), /bad hook generation/);
  assert.equal(permission.timeout, 90, 'the hold ends before Claude Code gives up on the hook');
  assert.equal(settings.hooks['PostToolUse']![0]!.hooks[0]!.async, true, 'recording hooks never slow the agent');
  assert.equal(settings.hooks['Stop']![0]!.hooks[0]!.async, undefined);
});

function runHook(dir: string, args: string[], input: string, generation = 'ab12cd34'): Promise<string> {
  return new Promise((resolve) => {
    // PATH without node: the hook must not need it.
    const child = spawn('sh', [join(dir, 'hook.sh'), ...args], {
      env: { PATH: '/usr/bin:/bin', DIRECTOR_GENERATION: generation },
    });
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
    });
    child.on('close', () => resolve(out));
    child.stdin.end(input);
  });
}

test('the hook program logs events, holds a permission request until answered, allows own signals', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hook-'));
  writeFileSync(join(dir, 'hook.sh'), HOOK_PROGRAM);
  const log = join(dir, 'events.jsonl');
  assert.equal(
    await runHook(dir, ['Stop', log], JSON.stringify({ ...base, hook_event_name: 'Stop' }) + '\n'),
    '',
    'recording hooks print nothing',
  );
  const ask = {
    ...base,
    hook_event_name: 'PermissionRequest',
    tool_name: 'Bash',
    tool_input: { command: 'npm test', description: 'Run tests' },
  };
  const held = runHook(
    dir,
    ['PermissionRequest', log, join(dir, 'answer-'), '30', 'tmux -L s wait-for -S impl-x-'],
    JSON.stringify(ask, null, 2),
  );
  let pid = '';
  for (let i = 0; i < 50 && !pid; i++) {
    await new Promise((r) => setTimeout(r, 50));
    pid =
      /"pid":(\d+),"gen":"ab12cd34","agent":\d+,"event":\{[^\n]*PermissionRequest/.exec(
        existsSync(log) ? readFileSync(log, 'utf8') : '',
      )?.[1] ?? '';
  }
  assert.ok(pid, 'the request is logged before it is held');
  writeFileSync(join(dir, `answer-${pid}`), 'deny');
  const out = JSON.parse(await held) as { hookSpecificOutput: { decision: { behavior: string } } };
  assert.equal(out.hookSpecificOutput.decision.behavior, 'deny');
  const own = { ...ask, tool_input: { command: 'tmux -L s wait-for -S impl-x-89abcdef-done' } };
  assert.match(
    await runHook(
      dir,
      ['PermissionRequest', log, join(dir, 'answer-'), '30', 'tmux -L s wait-for -S impl-x-'],
      JSON.stringify(own),
    ),
    /"behavior":"allow"/,
  );
  const sneaky = { ...ask, tool_input: { command: 'tmux -L s wait-for -S impl-x-; rm -rf ~;-done' } };
  assert.equal(
    await runHook(
      dir,
      ['PermissionRequest', log, join(dir, 'answer-'), '0', 'tmux -L s wait-for -S impl-x-'],
      JSON.stringify(sneaky),
    ),
    '',
    'only exact signal commands are allowed',
  );
  const entries = parseEventLog(readFileSync(log, 'utf8'));
  assert.deepEqual(
    entries.map((e) => ('answer' in e ? e.answer : e.event.hook_event_name)),
    ['Stop', 'PermissionRequest', 'deny', 'PermissionRequest', 'allow', 'PermissionRequest', 'expired'],
  );
  assert.doesNotThrow(() => execFileSync('sh', ['-n', join(dir, 'hook.sh')]));
});

test("the hook program leaves the project's files alone when it answers", () => {
  const dir = mkdtempSync(join(tmpdir(), 'hook-'));
  writeFileSync(join(dir, 'hook.sh'), HOOK_PROGRAM);
  const project = mkdtempSync(join(tmpdir(), 'hook-project-'));
  const own = {
    ...base,
    hook_event_name: 'PermissionRequest',
    tool_name: 'Bash',
    tool_input: { command: 'tmux -L s wait-for -S impl-x-89abcdef-done' },
  };
  // The hook runs in the project folder, as Claude Code runs it; `exec` keeps the pid, so the
  // project holds a file named like the hook's pid (an answer file's suffix).
  const out = execFileSync(
    'sh',
    [
      '-c',
      'echo keep > "$$"; echo "$$" > "$1"; shift; exec sh "$@"',
      'sh',
      join(dir, 'pid'),
      join(dir, 'hook.sh'),
      'PermissionRequest',
      join(dir, 'events.jsonl'),
      join(dir, 'answer-'),
      '5',
      'tmux -L s wait-for -S impl-x-',
    ],
    { cwd: project, input: JSON.stringify(own), env: { PATH: '/usr/bin:/bin' }, encoding: 'utf8' },
  );
  assert.match(out, /"behavior":"allow"/);
  const pid = readFileSync(join(dir, 'pid'), 'utf8').trim();
  assert.equal(readFileSync(join(project, pid), 'utf8'), 'keep\n');
});

test('activity follows the events: running, needs-permission, answered, idle, ended', () => {
  const ask = { hook_event_name: 'PermissionRequest', tool_name: 'Bash', tool_input: { command: 'npm test' } };
  const lines = [
    line(1, { hook_event_name: 'SessionStart' }),
    line(2, { hook_event_name: 'UserPromptSubmit', prompt: 'Read tmp/sessions/impl-x-task.txt' }),
    line(3, {
      hook_event_name: 'PostToolUse',
      tool_name: 'Write',
      tool_input: { file_path: '/w/src/a.ts', content: 'x' },
    }),
    line(4, ask),
  ];
  const asking = deriveActivity(parseEventLog(lines.join('\n')));
  assert.equal(asking.kind, 'needs-permission');
  assert.deepEqual(asking.permission, { requestId: '4', tool: 'Bash', detail: 'npm test', held: true });
  assert.equal(permissionLine(asking.permission!), 'Bash: npm test');
  assert.equal(
    deriveActivity(parseEventLog([...lines, '{"pid":4,"answer":"expired"}'].join('\n'))).permission?.held,
    false,
  );
  const answered = [
    ...lines,
    '{"pid":4,"answer":"allow"}',
    line(5, { hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_input: { command: 'npm test' } }),
  ];
  assert.equal(deriveActivity(parseEventLog(answered.join('\n'))).kind, 'running');
  const stopped = deriveActivity(
    parseEventLog([...answered, line(6, { hook_event_name: 'Stop' }), 'torn {"pid"'].join('\n')),
  );
  assert.equal(stopped.kind, 'idle');
  assert.deepEqual(stopped.written, ['/w/src/a.ts']);
  assert.deepEqual(stopped.commands, ['npm test']);
  assert.equal(stopped.transcriptPath, '/t/s1.jsonl');
  const failed = deriveActivity(
    parseEventLog([...answered, line(7, { hook_event_name: 'StopFailure', error: 'rate_limit' })].join('\n')),
  );
  assert.deepEqual([failed.kind, failed.turnError], ['idle', 'rate_limit']);
  assert.equal(
    deriveActivity(parseEventLog([...answered, line(8, { hook_event_name: 'SessionEnd', reason: 'other' })].join('\n')))
      .kind,
    'ended',
  );
});

test("a closed agent's late hook lines (its SessionEnd after the next spawn started the log) are not the new agent's", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hook-'));
  writeFileSync(join(dir, 'hook.sh'), HOOK_PROGRAM);
  const log = join(dir, 'events.jsonl');
  const event = (session: string, name: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ ...base, session_id: session, hook_event_name: name, ...extra }) + '\n';
  const closed = startEventLog(log);
  await runHook(dir, ['SessionStart', log], event('old', 'SessionStart'), closed);
  await runHook(dir, ['UserPromptSubmit', log], event('old', 'UserPromptSubmit', { prompt: 'old task' }), closed);
  assert.deepEqual(readActivity(log)?.prompts, ['old task']);
  // The next spawn starts the log again; the closed agent's hooks still append to it.
  const current = startEventLog(log);
  assert.notEqual(current, closed);
  assert.equal(readActivity(log), undefined, 'nothing of the new agent yet');
  await runHook(dir, ['SessionEnd', log], event('old', 'SessionEnd', { reason: 'other' }), closed);
  assert.equal(readActivity(log), undefined, "the closed agent's SessionEnd is not the new agent's");
  await runHook(dir, ['SessionStart', log], event('new', 'SessionStart'), current);
  await runHook(dir, ['UserPromptSubmit', log], event('new', 'UserPromptSubmit', { prompt: 'new task' }), current);
  const write = { tool_name: 'Write', tool_input: { file_path: '/w/b.ts' } };
  await runHook(dir, ['PostToolUse', log], event('old', 'PostToolUse', write), closed);
  await runHook(dir, ['SessionEnd', log], event('old', 'SessionEnd', { reason: 'other' }), closed);
  const activity = readActivity(log);
  assert.equal(activity?.kind, 'running');
  assert.deepEqual(activity?.prompts, ['new task']);
  assert.deepEqual(activity?.written, []);
  assert.equal(activity?.sessionId, 'new');
  // A log an older version wrote (no header, no generations) is read whole.
  assert.equal(deriveActivity(parseEventLog(line(1, { hook_event_name: 'SessionStart' }))).kind, 'idle');
});

test('token usage counts each API message once and estimates its cost', () => {
  const assistant = (id: string, output: number, model = 'claude-sonnet-4-6') =>
    JSON.stringify({
      type: 'assistant',
      message: {
        id,
        model,
        usage: {
          input_tokens: 1000,
          output_tokens: output,
          cache_read_input_tokens: 2000,
          cache_creation_input_tokens: 0,
        },
      },
    });
  const usage = usageFromTranscript(
    [
      assistant('m1', 10),
      assistant('m1', 50),
      assistant('m2', 100, 'claude-opus-4-7'),
      '{"type":"user"}',
      'not json',
    ].join('\n'),
  );
  assert.deepEqual(
    { ...usage, costUsd: undefined },
    { input: 2000, output: 150, cacheRead: 4000, cacheWrite: 0, costUsd: undefined },
  );
  const expected = (1000 * 3 + 50 * 15 + 2000 * 0.3 + 1000 * 15 + 100 * 75 + 2000 * 1.5) / 1e6;
  assert.equal(usage.costUsd, Math.round(expected * 10000) / 10000);
});

test('a turn counts as finished only with a real final message and nothing left running', () => {
  assert.equal(unfinishedTurn({ ended: 'stop', message: 'Done: added src/a.ts.', background: 0 }), undefined);
  assert.equal(
    unfinishedTurn({ ended: 'failure', message: 'API Error: 529', error: 'overloaded', background: 0 }),
    'api-error(overloaded)',
  );
  assert.equal(
    unfinishedTurn({ ended: 'stop', message: 'Claude AI usage limit reached|1767225600', background: 0 }),
    'failure-message',
  );
  assert.equal(
    unfinishedTurn({ ended: 'stop', message: '[Request interrupted by user]', background: 0 }),
    'failure-message',
  );
  assert.equal(unfinishedTurn({ ended: 'stop', message: '  ', background: 0 }), 'empty-final-message');
  assert.equal(unfinishedTurn({ ended: 'stop', message: 'Done.', background: 2 }), 'background-tasks(2)');
  assert.equal(
    unfinishedTurn({
      ended: 'stop',
      message: "Done: the client now honours the server's rate limit (src/client.ts).",
      background: 0,
    }),
    undefined,
    'a message about rate limits is not a rate-limit banner',
  );
  assert.equal(
    deriveActivity(
      parseEventLog(
        [
          line(0, { hook_event_name: 'SessionStart' }),
          line(1, { hook_event_name: 'UserPromptSubmit', prompt: 'go' }),
          line(2, { hook_event_name: 'SessionEnd', reason: 'clear' }),
        ].join('\n'),
      ),
    ).kind,
    'running',
    '/clear does not end the agent',
  );
  const stopped = deriveActivity(
    parseEventLog(
      [
        line(0, { hook_event_name: 'SessionStart' }),
        line(1, { hook_event_name: 'UserPromptSubmit', prompt: 'go' }),
        line(2, { hook_event_name: 'Stop', last_assistant_message: 'Done.', background_tasks: [{ id: 'b1' }] }),
      ].join('\n'),
    ),
  );
  assert.deepEqual(stopped.lastTurn, { ended: 'stop', message: 'Done.', background: 1 });
});
