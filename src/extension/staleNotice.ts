/**
 * A toast cannot be withdrawn, so its buttons check first that the session is still where the
 * notice found it: the same state, and the same spawn (a slug closed and spawned again since
 * has a later spawn time). Pure, so it is tested without VS Code.
 */
import type { SessionState } from '../core/sessionState';

export interface NoticeSubject {
  readonly state: SessionState;
  /** When the session was spawned: one per generation of a slug. */
  readonly spawnedAt: string | undefined;
}

/** Why a click on a notice about `shown` must do nothing now, or undefined when it may act. */
export function staleNotice(slug: string, shown: NoticeSubject, now: NoticeSubject | undefined): string | undefined {
  if (!now) return `${slug} is closed now, no longer ${shown.state}: nothing was done.`;
  if (now.spawnedAt !== shown.spawnedAt)
    return `${slug} was closed and spawned again since this notice: nothing was done.`;
  if (now.state !== shown.state) return `${slug} is ${now.state} now, no longer ${shown.state}: nothing was done.`;
  return undefined;
}
