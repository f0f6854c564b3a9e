/**
 * Session state. The director keeps a small "phase" in each session's record (what the signals
 * and operations said) and combines it with what the pane shows now (the screen classifier) to
 * report one user-facing state.
 */
import type { ScreenState } from './screen';

export const SESSION_STATES = ['running', 'needs-permission', 'question', 'idle', 'done', 'timed-out', 'gone'] as const;
export type SessionState = (typeof SESSION_STATES)[number];

/** What the director's own operations and the received signals established. */
export const PHASES = [
  'drafted',
  'spawned',
  'not-delivered',
  'running',
  'question',
  'done',
  'timed-out',
  'closed',
] as const;
export type Phase = (typeof PHASES)[number];

export type PhaseEvent =
  | 'spawned'
  | 'delivered'
  | 'not-delivered'
  | 'signal-done'
  | 'signal-question'
  | 'wait-timeout'
  | 'redirected'
  | 'closed';

/** Phase transitions. Unknown combinations keep the phase (signals can arrive late or twice). */
export function nextPhase(phase: Phase, event: PhaseEvent): Phase {
  if (phase === 'closed') return 'closed';
  switch (event) {
    case 'spawned':
      return 'spawned';
    case 'delivered':
      return 'running';
    case 'not-delivered':
      return 'not-delivered';
    case 'signal-done':
      return 'done';
    case 'signal-question':
      return 'question';
    // A session that was never delivered stays so: a wait cannot make it "timed out".
    case 'wait-timeout':
      return phase === 'done' || phase === 'question' || phase === 'not-delivered' ? phase : 'timed-out';
    case 'redirected':
      return 'running';
    case 'closed':
      return 'closed';
  }
}

/** What the agent's own hook events say (a Claude Code session launched with the director's hooks). */
export type AgentActivityKind = 'starting' | 'running' | 'needs-permission' | 'idle' | 'ended';

export interface StateInputs {
  readonly phase: Phase;
  readonly paneExists: boolean;
  /** Undefined when the screen could not be read (or was not read: the events said enough). */
  readonly screen: ScreenState | undefined;
  /** From the session's hook events; when present it is the source of truth, the screen a fallback. */
  readonly agent?: AgentActivityKind;
}

/**
 * A permission dialog always wins (someone has to act on it); otherwise a signalled
 * question/done or an expired wait stands until the director acts (a redirect, a later
 * signal); otherwise the screen decides.
 */
export function deriveState({ phase, paneExists, screen, agent }: StateInputs): SessionState {
  if (!paneExists || agent === 'ended') return 'gone';
  if (agent === 'needs-permission' || screen?.kind === 'permission' || screen?.kind === 'trust')
    return 'needs-permission';
  if (phase === 'question') return 'question';
  if (phase === 'done') return 'done';
  if (phase === 'timed-out') return 'timed-out';
  // Idle between SessionStart and the task's submission is the start, not a finished turn.
  if (agent === 'idle') return phase === 'spawned' ? 'running' : 'idle';
  if (agent === 'running' || agent === 'starting') return 'running';
  if (screen?.kind === 'busy') return 'running';
  if (screen?.kind === 'idle') return 'idle';
  return 'running';
}
