import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deriveState, nextPhase, PHASES, type Phase, type PhaseEvent } from '../../src/core/sessionState';
import type { ScreenState } from '../../src/core/screen';

const EVENTS: PhaseEvent[] = [
  'spawned',
  'delivered',
  'not-delivered',
  'signal-done',
  'signal-question',
  'wait-timeout',
  'redirected',
  'closed',
];

// Expected next phase for every (phase, event); rows follow PHASES, columns follow EVENTS.
const TABLE: Record<Phase, Phase[]> = {
  //               spawned    delivered  not-delivered    done    question    wait-timeout  redirected  closed
  drafted: ['spawned', 'running', 'not-delivered', 'done', 'question', 'timed-out', 'running', 'closed'],
  spawned: ['spawned', 'running', 'not-delivered', 'done', 'question', 'timed-out', 'running', 'closed'],
  'not-delivered': ['spawned', 'running', 'not-delivered', 'done', 'question', 'not-delivered', 'running', 'closed'],
  running: ['spawned', 'running', 'not-delivered', 'done', 'question', 'timed-out', 'running', 'closed'],
  question: ['spawned', 'running', 'not-delivered', 'done', 'question', 'question', 'running', 'closed'],
  done: ['spawned', 'running', 'not-delivered', 'done', 'question', 'done', 'running', 'closed'],
  'timed-out': ['spawned', 'running', 'not-delivered', 'done', 'question', 'timed-out', 'running', 'closed'],
  closed: ['closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed'],
};

test('nextPhase follows the transition table for every phase and event', () => {
  assert.deepEqual(Object.keys(TABLE).sort(), [...PHASES].sort());
  for (const phase of PHASES) {
    EVENTS.forEach((event, i) => {
      assert.equal(nextPhase(phase, event), TABLE[phase][i], `${phase} + ${event}`);
    });
  }
});

test('a late done signal after a timeout still marks the session done', () => {
  assert.equal(nextPhase(nextPhase('running', 'wait-timeout'), 'signal-done'), 'done');
});

test('a wait that times out after the done signal does not hide the done', () => {
  assert.equal(nextPhase('done', 'wait-timeout'), 'done');
  assert.equal(nextPhase('question', 'wait-timeout'), 'question');
});

test('a closed session stays closed whatever arrives', () => {
  assert.equal(
    EVENTS.reduce<Phase>((phase, event) => nextPhase(phase, event), 'closed'),
    'closed',
  );
});

const idle: ScreenState = { kind: 'idle', input: '' };
const busy: ScreenState = { kind: 'busy' };
const trust: ScreenState = { kind: 'trust' };
const unknown: ScreenState = { kind: 'unknown' };
const dialog: ScreenState = {
  kind: 'permission',
  title: 'Bash command',
  command: 'npm test',
  question: 'Do you want to proceed?',
  options: [
    { number: 1, label: 'Yes', focused: true },
    { number: 2, label: 'No', focused: false },
  ],
};

test('a missing pane is gone, whatever the phase or screen', () => {
  for (const phase of PHASES) assert.equal(deriveState({ phase, paneExists: false, screen: dialog }), 'gone', phase);
});

test('a permission or trust dialog wins over every signalled phase', () => {
  for (const phase of ['question', 'done', 'timed-out', 'running'] as Phase[]) {
    assert.equal(deriveState({ phase, paneExists: true, screen: dialog }), 'needs-permission', phase);
    assert.equal(deriveState({ phase, paneExists: true, screen: trust }), 'needs-permission', phase);
  }
});

test('question beats done beats timed-out, and they hold whatever the screen shows', () => {
  for (const screen of [idle, busy, unknown, undefined]) {
    assert.equal(deriveState({ phase: 'question', paneExists: true, screen }), 'question');
    assert.equal(deriveState({ phase: 'done', paneExists: true, screen }), 'done');
    assert.equal(deriveState({ phase: 'timed-out', paneExists: true, screen }), 'timed-out');
  }
});

test('otherwise the screen decides: busy is running, idle is idle', () => {
  assert.equal(deriveState({ phase: 'running', paneExists: true, screen: busy }), 'running');
  assert.equal(deriveState({ phase: 'running', paneExists: true, screen: idle }), 'idle');
  assert.equal(
    deriveState({ phase: 'spawned', paneExists: true, screen: { kind: 'idle', input: 'half typed' } }),
    'idle',
  );
});

test('an unreadable or unrecognised screen counts as running', () => {
  assert.equal(deriveState({ phase: 'running', paneExists: true, screen: undefined }), 'running');
  assert.equal(deriveState({ phase: 'running', paneExists: true, screen: unknown }), 'running');
});

test('a session still being spawned reads running, not idle, before its task arrives (no idle flash)', () => {
  // Claude Code's SessionStart comes before the task prompt is submitted: the agent is idle then.
  assert.equal(deriveState({ phase: 'spawned', paneExists: true, screen: undefined, agent: 'idle' }), 'running');
  assert.equal(deriveState({ phase: 'running', paneExists: true, screen: undefined, agent: 'idle' }), 'idle');
});
