/**
 * Waiting on a tmux `wait-for` channel without ever losing a signal.
 *
 * tmux keeps a waiting client registered on its channel even after the client process is
 * killed, and the next `wait-for -S` is then spent on that dead client (seen with tmux 3.3a:
 * the signal is neither delivered nor latched). So a timed-out or cancelled wait never kills
 * its waiter. The waiter runs as a tiny detached shell; to abandon it we create a marker file,
 * and when the real signal later wakes it, it re-signals the channel (tmux then latches it) so
 * the next wait receives it. Waiting costs no multiplexer calls while nothing happens.
 *
 * A second `wait-for -S` on a channel that is already latched clears it again (tmux 3.3a's
 * cmd-wait-for.c takes the "with waiters" path and frees the channel), so when several
 * abandoned waiters wake together only the first to take a per-channel relay lock re-signals.
 * The lock is released by the wait that next consumes the signal.
 */
import { execa } from 'execa';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { shellJoin } from '../core/shell';
import type { MuxCallObserver, WaitOptions, WaitResult } from './types';

export interface TmuxWaitSpec {
  readonly binary: string;
  readonly serverArgs: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly observer?: MuxCallObserver;
}

export interface TmuxWaitOutcome {
  readonly result: WaitResult;
  /** Set when tmux itself failed (e.g. no server): exit code and stderr of the waiter. */
  readonly failure?: { readonly exitCode: number | undefined; readonly stderr: string };
}

const ABANDON_GRACE_MS = 150;

const waitsDir = () => join(tmpdir(), `cmux-director-waits-${process.getuid?.() ?? 'u'}`);
const relayLockOf = (name: string) => join(waitsDir(), `relay-${name.replace(/[^A-Za-z0-9._-]/g, '_')}`);

const waiterRunning = async (name: string) =>
  (await execa('pgrep', ['-f', `tmux-wait ${name} `], { reject: false })).exitCode === 0;

/**
 * Removes the relay locks of released channels (nobody waits on them any more), once the woken
 * waiters have exited: a waiter that wakes late could otherwise take a lock after it was removed.
 */
export async function releaseRelayLocks(names: readonly string[], waitMs = 3000): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (const name of names) {
    while (Date.now() < deadline && (await waiterRunning(name))) await new Promise((r) => setTimeout(r, 100));
    rmSync(relayLockOf(name), { recursive: true, force: true });
  }
}

export async function waitOnTmuxChannel(
  spec: TmuxWaitSpec,
  name: string,
  options: WaitOptions,
): Promise<TmuxWaitOutcome> {
  const dir = waitsDir();
  mkdirSync(dir, { recursive: true });
  const abandonMarker = join(dir, randomUUID());
  const relayLock = relayLockOf(name);
  const tmux = shellJoin([spec.binary, ...spec.serverArgs]);
  const script =
    `${tmux} wait-for "$1" 2>"$2.err" || { cat "$2.err" >&2; rm -f "$2.err"; exit 1; }; rm -f "$2.err"; ` +
    `if [ -e "$2" ]; then rm -f "$2"; if mkdir "$3" 2>/dev/null; then ${tmux} wait-for -S "$1"; fi; echo relayed; else echo consumed; fi`;
  const started = performance.now();
  const child = execa('sh', ['-c', script, 'tmux-wait', name, abandonMarker, relayLock], {
    env: spec.env,
    extendEnv: false,
    reject: false,
    detached: true,
    cleanup: false,
    stdin: 'ignore',
  });
  const report = (exitCode: number | undefined) =>
    spec.observer?.({
      argv: [spec.binary, ...spec.serverArgs, 'wait-for', name],
      ms: performance.now() - started,
      exitCode,
    });

  let abandon: ((why: WaitResult) => void) | undefined;
  const abandoned = new Promise<WaitResult>((resolve) => {
    abandon = resolve;
  });
  // setTimeout fires at once for delays above 2^31-1 ms (about 24.8 days); cap instead.
  const timer = setTimeout(() => abandon?.('timed-out'), Math.min(options.timeoutMs, 2 ** 31 - 1));
  const onAbort = () => abandon?.('cancelled');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) onAbort();

  try {
    const first = await Promise.race([child.then((r) => ({ done: r })), abandoned.then((why) => ({ why }))]);
    if ('done' in first) {
      report(first.done.exitCode);
      if (first.done.exitCode === 0) {
        rmSync(relayLock, { recursive: true, force: true });
        return { result: 'signalled' };
      }
      return {
        result: 'timed-out',
        failure: { exitCode: first.done.exitCode, stderr: String(first.done.stderr ?? '') },
      };
    }
    writeFileSync(abandonMarker, '');
    // The signal may have arrived just before the marker: give the waiter a moment to say so.
    const late = await Promise.race([
      child,
      new Promise<undefined>((r) => setTimeout(() => r(undefined), ABANDON_GRACE_MS)),
    ]);
    if (late && late.exitCode === 0 && String(late.stdout).includes('consumed')) {
      rmSync(relayLock, { recursive: true, force: true });
      report(0);
      return { result: 'signalled' };
    }
    if (!late) {
      child.unref();
      // Do not keep our stdout pipe attached to an orphan that may outlive us.
      child.stdout?.destroy();
      child.stderr?.destroy();
    } else rmSync(abandonMarker, { force: true });
    report(undefined);
    return { result: first.why };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}
