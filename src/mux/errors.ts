/**
 * Typed multiplexer errors. Each names the operation, the command, its exit code and stderr,
 * and carries a `kind` so fronts can show the right fix (install, start, switch socket mode).
 */

export type MuxErrorKind =
  | 'not-installed'
  | 'server-not-running'
  | 'unknown-pane'
  | 'access-denied'
  | 'auth-failed'
  | 'invalid-input'
  | 'failed';

export interface MuxErrorDetails {
  readonly kind: MuxErrorKind;
  readonly op: string;
  readonly argv?: readonly string[];
  readonly exitCode?: number;
  readonly stderr?: string;
  /** What the user should do, in one sentence. */
  readonly hint: string;
}

export class MuxError extends Error {
  override name = 'MuxError';
  readonly kind: MuxErrorKind;
  readonly op: string;
  readonly argv: readonly string[];
  readonly exitCode: number | undefined;
  readonly stderr: string;
  readonly hint: string;

  constructor(details: MuxErrorDetails) {
    const command = details.argv
      ? ` (${details.argv.join(' ')}` + (details.exitCode !== undefined ? `, exit ${details.exitCode}` : '') + ')'
      : '';
    const said = details.stderr ? `: ${details.stderr.trim().split('\n')[0]}` : '';
    super(`${details.op} failed${command}${said}. ${details.hint}`);
    this.kind = details.kind;
    this.op = details.op;
    this.argv = details.argv ?? [];
    this.exitCode = details.exitCode;
    this.stderr = details.stderr ?? '';
    this.hint = details.hint;
  }
}

export const CMUX_ACCESS_HINT =
  'cmux only accepts processes started inside cmux: open cmux Settings > Automation > Socket Control Mode and choose "Automation mode" (or "Password mode" and set director.cmuxPassword / CMUX_SOCKET_PASSWORD).';

/** Refuses text that cannot be typed as one literal line. */
export function assertOneLine(op: string, text: string): void {
  if (/[\u0000-\u001f\u007f-\u009f]/.test(text)) {
    // C0, DEL and C1 (U+009B is a CSI on some terminals)
    throw new MuxError({
      kind: 'invalid-input',
      op,
      hint: 'Text sent to a pane must be one line without control characters; write longer text to a file and send a one-line pointer to it.',
    });
  }
}
