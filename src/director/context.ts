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

export class DirectorError extends Error {
  override name = 'DirectorError';
}

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => { clearTimeout(timer); signal?.removeEventListener('abort', done); resolve(); };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
