/** What the extension's store hands the views: a session as the tree and notices show it. */
import type { SessionState } from '../core/sessionState';
import type { ChangedFile } from '../core/verdict';
import type { LedgerRow } from '../core/ledgerProtocol';
import type { ReviewFindings, SessionStatus } from '../director';

export type ClosedEntry = Extract<LedgerRow, { kind: 'entry' }>;
export interface SessionView extends SessionStatus {
  readonly changes: readonly ChangedFile[];
  /** The session's files, absolute (read once per refresh: tree nodes stay plain data). */
  readonly paths: { readonly task: string; readonly question: string };
  /** The first line of the pending question, if any. */
  readonly question?: string;
  /** Its changes touch hot paths or leave the scope: a code review is asked for (not a reviewer itself). */
  readonly needsReview?: boolean;
  /** The last concluded code review and its findings. */
  readonly review?: ReviewFindings;
}

export interface Transition {
  readonly session: SessionView;
  readonly from: SessionState | undefined;
  readonly to: SessionState;
  /** The window's first reading (after a reload, a reopen): the state was already there before it. */
  readonly initial: boolean;
}
