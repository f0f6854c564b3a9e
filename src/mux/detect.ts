/**
 * Finds the binaries and picks the backend: `auto` = cmux when its CLI answers, else tmux when
 * installed, else an error naming what to install. The choice and the reason are returned so
 * fronts can log and show them.
 */
import { accessSync, constants } from 'node:fs';
import type { BackendSetting } from '../core/backend';
import { delimiter, join } from 'node:path';
import { CmuxBackend } from './cmux';
import { MuxError } from './errors';
import { runBinary } from './run';
import { TmuxBackend } from './tmux';
import type { Multiplexer, MuxCallObserver } from './types';

export const CMUX_APP_CLI = '/Applications/cmux.app/Contents/Resources/bin/cmux';

export type { BackendSetting };

export interface BackendConfig {
  readonly backend: BackendSetting;
  readonly cmuxPath?: string;
  readonly cmuxPassword?: string;
  readonly tmuxPath?: string;
  readonly tmuxSocket?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly observer?: MuxCallObserver;
}

export interface BackendChoice {
  readonly mux: Multiplexer;
  /** One line for the log: what was chosen and why. */
  readonly reason: string;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findOnPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** setting → PATH → the CLI shim inside the app bundle (never the GUI binary). */
export function findCmuxCli(setting: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  if (setting) return setting;
  return findOnPath('cmux', env) ?? (isExecutable(CMUX_APP_CLI) ? CMUX_APP_CLI : undefined);
}

export async function chooseBackend(config: BackendConfig): Promise<BackendChoice> {
  const env = config.env ?? process.env;
  const makeTmux = () =>
    new TmuxBackend({ binary: config.tmuxPath, socket: config.tmuxSocket, env, observer: config.observer });
  const cmuxPath = findCmuxCli(config.cmuxPath, env);
  const makeCmux = (binary: string) =>
    new CmuxBackend({ binary, password: config.cmuxPassword, env, observer: config.observer });

  if (config.backend === 'tmux') {
    await makeTmux().ping();
    return { mux: makeTmux(), reason: 'tmux (director.backend = tmux)' };
  }
  if (config.backend === 'cmux') {
    const cmux = makeCmux(cmuxPath ?? 'cmux');
    await cmux.ping();
    return { mux: cmux, reason: `cmux at ${cmuxPath ?? 'cmux'} (director.backend = cmux)` };
  }
  let cmuxProblem = 'cmux CLI not found';
  if (cmuxPath) {
    const cmux = makeCmux(cmuxPath);
    try {
      await cmux.ping();
      return { mux: cmux, reason: `cmux at ${cmuxPath} answered ping` };
    } catch (error) {
      // cmux is installed and running but refuses us: falling back to tmux would hide the fix.
      if (error instanceof MuxError && (error.kind === 'access-denied' || error.kind === 'auth-failed')) throw error;
      cmuxProblem = `cmux at ${cmuxPath} did not answer (${error instanceof Error ? error.message : String(error)})`;
    }
  }
  const tmuxBinary = config.tmuxPath ?? 'tmux';
  const probe = await runBinary(tmuxBinary, ['-V'], { env });
  if (probe.exitCode === 0) return { mux: makeTmux(), reason: `tmux (${probe.stdout.trim()}); ${cmuxProblem}` };
  throw new MuxError({
    kind: 'not-installed',
    op: 'find a multiplexer',
    hint: `No terminal multiplexer found: ${cmuxProblem}, and tmux is not installed. Install cmux on macOS (https://cmux.dev) or tmux (Debian/Ubuntu: sudo apt install tmux; macOS: brew install tmux).`,
  });
}
