/**
 * Runs a multiplexer binary with execa: argv arrays only, never a shell, with an explicit
 * environment, and reports every call to an observer with its duration.
 */
import { execa } from 'execa';
import type { MuxCallObserver } from './types';

export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number | undefined;
  /** The binary could not be started at all (ENOENT, EACCES). */
  readonly spawnError?: string;
  readonly cancelled: boolean;
  readonly timedOut: boolean;
}

export interface RunOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly observer?: MuxCallObserver;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

export async function runBinary(binary: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  const started = performance.now();
  const result = await execa(binary, args, {
    env: options.env,
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
    cancelSignal: options.signal,
    timeout: options.timeoutMs,
    forceKillAfterDelay: 1000,
    stripFinalNewline: false,
  });
  const exitCode = typeof result.exitCode === 'number' ? result.exitCode : undefined;
  options.observer?.({ argv: [binary, ...args], ms: performance.now() - started, exitCode });
  const code = (result as { code?: string }).code;
  const spawnError =
    exitCode === undefined && !result.isCanceled && !result.timedOut && (code === 'ENOENT' || code === 'EACCES')
      ? code
      : undefined;
  return {
    stdout: typeof result.stdout === 'string' ? result.stdout : '',
    stderr: typeof result.stderr === 'string' ? result.stderr : '',
    exitCode,
    spawnError,
    cancelled: result.isCanceled === true,
    timedOut: result.timedOut === true,
  };
}

/** A copy of the environment without the given variables. */
export function scrubEnv(
  env: NodeJS.ProcessEnv,
  drop: readonly string[],
  add: Record<string, string | undefined> = {},
): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) if (!drop.includes(k) && v !== undefined) out[k] = v;
  for (const [k, v] of Object.entries(add)) if (v !== undefined) out[k] = v;
  return out;
}
