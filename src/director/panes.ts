/**
 * Is a session's pane still its own? tmux numbers panes %0, %1… again after a server restart,
 * so a recorded id can point at someone else's pane: the session tag set at spawn must match.
 * (cmux surface UUIDs are not reused; there the id alone decides.)
 */
import type { PaneInfo } from '../mux/types';
import type { SessionRecord } from './record';

export function ownsPane(record: Pick<SessionRecord, 'paneId' | 'paneTag'>, pane: PaneInfo): boolean {
  return pane.id === record.paneId && (record.paneTag === undefined || pane.tag === record.paneTag);
}

const SHELLS = /^-?(?:ba|z|da|fi|k|tc|c)?sh$/;

export const isShell = (program: string | undefined) => program !== undefined && SHELLS.test(program);

/**
 * The agent has exited when only the pane's shell is left in the foreground. An agent started
 * through a shell-script wrapper shows as a shell itself: then this cannot be told, and is not.
 */
export function agentExited(pane: PaneInfo | undefined, agentProgram: string | undefined): boolean {
  return agentProgram !== undefined && !isShell(agentProgram) && isShell(pane?.command);
}

export function findOwnPane(
  record: Pick<SessionRecord, 'paneId' | 'paneTag'>,
  panes: readonly PaneInfo[],
): PaneInfo | undefined {
  if (!record.paneId) return undefined;
  return panes.find((pane) => ownsPane(record, pane));
}
