/**
 * What every director operation needs: the workspace root, the resolved configuration, the one
 * multiplexer adapter and a clock. Built once per CLI call or once per VS Code window.
 */
import type { ScreenPatterns } from '../core/screen';
import type { Multiplexer } from '../mux/types';
import type { DirectorConfig } from './config';

export interface DirectorContext {
  /** Workspace root: task files, records and the ledger live under <root>/tmp/sessions. */
  readonly root: string;
  readonly config: DirectorConfig;
  readonly mux: Multiplexer;
  readonly patterns: ScreenPatterns;
  readonly now: () => Date;
  /** Progress for long operations (spawn delivery, exports); optional. */
  readonly progress?: (message: string) => void;
}

/** A director operation that fixes a problem; each front phrases it (a command line, a button). */
export type RemedyOperation =
  | 'close-abandon'
  | 'close-no-ship'
  | 'accept-review'
  | 'approve'
  | 'wait'
  | 'spawn'
  | 'draft'
  | 'status'
  | 'set-up-workspace'
  | 'retry-backend'
  | 'open-settings';

export interface Remedy {
  readonly operation?: RemedyOperation;
  /** The session the operation applies to (full slug). */
  readonly slug?: string;
  /** The setting to change, if that is the fix. */
  readonly setting?: string;
}

/** An operation's refusal: the message says what is wrong in words any front can show. */
export class DirectorError extends Error {
  override name = 'DirectorError';
  constructor(
    message: string,
    readonly remedy?: Remedy,
  ) {
    super(message);
  }
}

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
