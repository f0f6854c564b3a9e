/**
 * Answers a permission request parked in the multiplexer's own feed (cmux's Feed, for sessions
 * run through cmux's `claude` wrapper, whose hook waits there beside the director's own). Matched
 * to the session by folder, and by tool and command when the session's events name them; more
 * than one candidate is never guessed at.
 */
import { realpathSync } from 'node:fs';
import { permissionLine, toolDetail, type PermissionAsk } from '../claude/events';
import type { DirectorContext } from './context';

const real = (path: string) => {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
};

export type FeedAnswer = { readonly prompt: string } | undefined;

/**
 * Replies `once` or `deny` to this session's pending Feed request; undefined when there is no
 * feed, no matching request, or more than one. Never throws: the caller has other ways to answer.
 */
export async function answerInFeed(
  ctx: Pick<DirectorContext, 'mux' | 'root'>,
  folder: string,
  ask: Pick<PermissionAsk, 'tool' | 'detail'> | undefined,
  allow: boolean,
  expect?: string,
): Promise<FeedAnswer> {
  const feed = ctx.mux.feed;
  if (!feed) return undefined;
  try {
    const here = real(folder);
    const pending = (await feed.pendingPermissions()).filter(
      (p) => real(p.cwd) === here && (!ask || (p.tool === ask.tool && toolDetail(p.input) === ask.detail)),
    );
    if (pending.length !== 1) return undefined;
    const [request] = pending as [(typeof pending)[number]];
    const prompt = permissionLine({ tool: request.tool, detail: toolDetail(request.input) });
    if (expect !== undefined && expect !== prompt) return undefined;
    await feed.replyPermission(request.requestId, allow);
    return { prompt };
  } catch {
    return undefined;
  }
}
