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

export function findOwnPane(record: Pick<SessionRecord, 'paneId' | 'paneTag'>, panes: readonly PaneInfo[]): PaneInfo | undefined {
  if (!record.paneId) return undefined;
  return panes.find((pane) => ownsPane(record, pane));
}
