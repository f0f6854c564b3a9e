/**
 * Every error that leaves the director, as a code and a structured remedy. Mux, git, record and
 * config errors are classified here, at the director's boundary, so the fronts never test error
 * classes of the layers below: the CLI prints the remedy's command line, VS Code offers a button.
 */
import { LedgerError } from '../core/ledger';
import { SlugError } from '../core/slug';
import { TaskInputError } from '../core/taskTemplate';
import { GitError } from '../git/repo';
import { MuxError } from '../mux/errors';
import { ShipBlockedError } from './close';
import { ConfigError } from './config';
import { RecordError } from './record';
import { ShipConflictError } from './isolation';
import { DirectorError, type Remedy } from './context';

export type { Remedy, RemedyOperation } from './context';

export type ErrorCode =
  | 'bad-input'
  | 'no-multiplexer'
  | 'multiplexer-refused'
  | 'multiplexer-not-running'
  | 'pane-gone'
  | 'multiplexer-failed'
  | 'not-git'
  | 'git-failed'
  | 'bad-record'
  | 'bad-settings'
  | 'ship-blocked'
  | 'needs-review'
  | 'ship-conflict'
  | 'failed';

export interface ErrorInfo {
  readonly code: ErrorCode;
  readonly message: string;
  readonly remedy?: Remedy;
}

export function errorInfo(error: unknown): ErrorInfo {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof SlugError || error instanceof LedgerError || error instanceof TaskInputError)
    return { code: 'bad-input', message };
  if (error instanceof ShipBlockedError) {
    return error.verdict === 'NO-SHIP'
      ? { code: 'ship-blocked', message, remedy: { operation: 'close-no-ship', slug: error.slug } }
      : { code: 'needs-review', message, remedy: { operation: 'accept-review', slug: error.slug } };
  }
  if (error instanceof ShipConflictError) return { code: 'ship-conflict', message };
  if (error instanceof MuxError) {
    switch (error.kind) {
      case 'not-installed':
        return {
          code: 'no-multiplexer',
          message,
          remedy: { operation: 'open-settings', setting: 'director.tmuxPath' },
        };
      case 'access-denied':
      case 'auth-failed':
        return { code: 'multiplexer-refused', message, remedy: { operation: 'retry-backend' } };
      case 'server-not-running':
        return { code: 'multiplexer-not-running', message, remedy: { operation: 'retry-backend' } };
      case 'unknown-pane':
        return { code: 'pane-gone', message, remedy: { operation: 'close-abandon' } };
      case 'invalid-input':
        return { code: 'bad-input', message };
      default:
        return { code: 'multiplexer-failed', message };
    }
  }
  if (error instanceof GitError) {
    return /not inside a git repository/.test(message)
      ? { code: 'not-git', message, remedy: { operation: 'set-up-workspace' } }
      : { code: 'git-failed', message };
  }
  if (error instanceof RecordError)
    return { code: 'bad-record', message, ...(error.remedy ? { remedy: error.remedy } : {}) };
  if (error instanceof ConfigError) return { code: 'bad-settings', message, remedy: { operation: 'open-settings' } };
  if (error instanceof DirectorError)
    return { code: 'failed', message, ...(error.remedy ? { remedy: error.remedy } : {}) };
  return { code: 'failed', message };
}
