/**
 * A multiplexer server that stopped takes every pane with it. tmux then lists no panes (cmux
 * fails), which alone would read as each session's pane closed one by one: status says it once,
 * naming the server and the fix, and the fronts report that one fact instead of a gone per session.
 */
import { MuxError } from '../mux/errors';
import type { PaneInfo } from '../mux/types';
import type { DirectorContext, Remedy } from './context';
import { findOwnPane } from './panes';
import { describeBackend } from './queries';
import type { SessionRecord } from './record';

export interface MultiplexerDown {
  readonly code: 'multiplexer-not-running';
  readonly message: string;
  readonly remedy: Remedy;
}

function down(ctx: DirectorContext, open: number): MultiplexerDown {
  const sessions = open === 1 ? 'the open session is' : `${open} open sessions are`;
  const server = ctx.mux.kind === 'tmux' ? `The tmux server (${describeBackend(ctx)})` : 'cmux';
  const restart =
    ctx.mux.kind === 'tmux' ? 'the next spawn starts the server again' : 'open the cmux app to spawn again';
  return {
    code: 'multiplexer-not-running',
    message: `${server} is not running: ${sessions} gone with it. Close each as ABANDON to record how it ended; ${restart}.`,
    remedy: { operation: 'close-abandon' },
  };
}

/** The last pane listing (and whether the server was down), when it was taken, for which sessions. */
export class PaneListingMemo {
  listing: PaneListing | undefined;
  takenAt = 0;
  sessions = new Set<string>();
}

/**
 * A listing to reuse, if younger than `maxAgeMs`. Listing panes starts a multiplexer process (tens
 * of milliseconds, more on a loaded machine), and a front re-reads on every hook event: a listing
 * taken moments ago answers as well, for the sessions it was taken for (a session spawned since is
 * listed afresh, never taken for gone). A pane that closes since is not missed: its agent exits,
 * which ends the session's wait, and that re-read lists afresh (a front also lists afresh once the
 * listing it reused has aged out).
 */
export interface ListingReuse {
  readonly memo: PaneListingMemo;
  readonly maxAgeMs: number;
}

export interface PaneListing {
  readonly panes: PaneInfo[];
  readonly down?: MultiplexerDown;
}

const sessionKey = (record: SessionRecord) => `${record.slug} ${record.paneId ?? ''} ${record.paneTag ?? ''}`;

/** The panes, and whether the server is down, for these open sessions (at least one). */
export async function listPanesOf(
  ctx: DirectorContext,
  open: readonly SessionRecord[],
  reuse?: ListingReuse,
): Promise<PaneListing> {
  const memo = reuse?.memo;
  if (
    memo?.listing &&
    performance.now() - memo.takenAt < (reuse?.maxAgeMs ?? 0) &&
    open.every((record) => memo.sessions.has(sessionKey(record)))
  )
    return memo.listing;
  const takenAt = performance.now(); // its age counts from the question, not the answer
  const listing = await listAfresh(ctx, open);
  if (memo) {
    memo.listing = listing;
    memo.takenAt = takenAt;
    memo.sessions = new Set(open.map(sessionKey));
  }
  return listing;
}

async function listAfresh(ctx: DirectorContext, open: readonly SessionRecord[]): Promise<PaneListing> {
  let panes: PaneInfo[];
  try {
    panes = await ctx.mux.listPanes();
  } catch (error) {
    if (error instanceof MuxError && error.kind === 'server-not-running')
      return { panes: [], down: down(ctx, open.length) };
    throw error;
  }
  // The server is asked only when no open session's pane is listed: one more call, and only then.
  if (open.some((record) => findOwnPane(record, panes))) return { panes };
  return (await ctx.mux.serverRunning()) ? { panes } : { panes, down: down(ctx, open.length) };
}
