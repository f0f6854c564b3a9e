/**
 * status: every open session with its state, from one pane listing, one screen read per live
 * pane, and the phase the signals recorded.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { classifyScreen, type ScreenState } from '../core/screen';
import { deriveState, type SessionState } from '../core/sessionState';
import { parseSlug } from '../core/slug';
import type { DirectorContext } from './context';
import { sessionFiles } from './paths';
import { agentExited, findOwnPane } from './panes';
import { listRecords, type SessionRecord } from './record';
import { SCREEN_LINES } from './screenWatch';

export interface SessionStatus {
  readonly slug: string;
  readonly state: SessionState;
  readonly record: SessionRecord;
  readonly screen?: ScreenState;
  readonly questionPending: boolean;
}

export async function status(ctx: DirectorContext): Promise<{ sessions: SessionStatus[]; problems: string[] }> {
  const { records, problems } = listRecords(ctx.root);
  const open = records.filter((r) => r.phase !== 'closed' && r.phase !== 'drafted' && r.paneId);
  if (open.length === 0) return { sessions: [], problems };
  const panes = await ctx.mux.listPanes();
  const sessions = await Promise.all(open.map(async (record): Promise<SessionStatus> => {
    const pane = findOwnPane(record, panes);
    // An agent that exited (crashed, /exit) leaves its shell behind: the session is gone too.
    const paneExists = pane !== undefined && !(record.phase !== 'spawned' && agentExited(pane, record.agentProgram));
    let screen: ScreenState | undefined;
    if (paneExists) {
      try {
        screen = classifyScreen(await ctx.mux.readScreen(record.paneId!, SCREEN_LINES), ctx.patterns);
      } catch {
        screen = undefined; // closed between the listing and the read: reported as gone below
      }
    }
    const questionPending = existsSync(join(ctx.root, sessionFiles(parseSlug(record.slug)).question));
    return {
      slug: record.slug, record, screen, questionPending,
      state: deriveState({ phase: record.phase, paneExists: paneExists && screen !== undefined, screen }),
    };
  }));
  return { sessions, problems };
}
