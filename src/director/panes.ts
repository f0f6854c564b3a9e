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

/** The agent has exited when only the pane's shell is left in the foreground. */
export function agentExited(pane: PaneInfo | undefined): boolean {
  return pane?.command !== undefined && SHELLS.test(pane.command);
}

export function findOwnPane(record: Pick<SessionRecord, 'paneId' | 'paneTag'>, panes: readonly PaneInfo[]): PaneInfo | undefined {
  if (!record.paneId) return undefined;
  return panes.find((pane) => ownsPane(record, pane));
}
