/**
 * tmux backend. Pane ids (`%N`) are the stable ids; impl panes live in their own windows of a
 * `cmux-director` session (attach with `tmux attach -t cmux-director`) unless a split direction
 * is asked for. Signals use tmux's own `wait-for`, which latches an early signal like cmux does.
 */
import { shellJoin } from '../core/shell';
import { assertOneLine, MuxError, type MuxErrorKind } from './errors';
import { runBinary, scrubEnv, type RunResult } from './run';
import { releaseRelayLocks, waitOnTmuxChannel } from './tmuxWait';
import type {
  CreatePaneOptions,
  KeyName,
  Multiplexer,
  MuxCallObserver,
  MuxIdentity,
  PaneInfo,
  WaitOptions,
  WaitResult,
} from './types';

export interface TmuxOptions {
  /** Binary name or path; default `tmux`. */
  readonly binary?: string;
  /** Server socket name (`tmux -L NAME`); undefined = the user's default server. */
  readonly socket?: string;
  /** Session that holds impl panes. */
  readonly session?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly observer?: MuxCallObserver;
}

/** What tmux says when its server is not running (a server without sessions exits). */
const NO_SERVER = /no server running|error connecting to|no sessions/i;

const KEYS: Record<KeyName, string> = {
  Enter: 'Enter',
  Escape: 'Escape',
  Tab: 'Tab',
  BackTab: 'BTab',
  Up: 'Up',
  Down: 'Down',
  Backspace: 'BSpace',
  'ctrl-c': 'C-c',
  '0': '0',
  '1': '1',
  '2': '2',
  '3': '3',
  '4': '4',
  '5': '5',
  '6': '6',
  '7': '7',
  '8': '8',
  '9': '9',
};

export class TmuxBackend implements Multiplexer {
  readonly kind = 'tmux' as const;
  private readonly binary: string;
  private readonly session: string;
  private readonly env: NodeJS.ProcessEnv;

  constructor(private readonly options: TmuxOptions = {}) {
    this.binary = options.binary ?? 'tmux';
    this.session = options.session ?? 'cmux-director';
    // Inside a tmux pane, $TMUX points tmux at that pane's server; an explicit socket must win.
    this.env = scrubEnv(options.env ?? process.env, options.socket ? ['TMUX', 'TMUX_PANE'] : []);
  }

  private get serverArgs(): string[] {
    return this.options.socket ? ['-L', this.options.socket] : [];
  }

  private describeServer(): string {
    return this.options.socket
      ? `tmux server "${this.options.socket}" (tmux -L ${this.options.socket})`
      : 'your default tmux server';
  }

  private async run(
    op: string,
    args: string[],
    extra: { signal?: AbortSignal; timeoutMs?: number } = {},
  ): Promise<RunResult> {
    const argv = [...this.serverArgs, ...args];
    const result = await runBinary(this.binary, argv, { env: this.env, observer: this.options.observer, ...extra });
    if (result.spawnError) {
      throw new MuxError({
        kind: 'not-installed',
        op,
        argv: [this.binary, ...argv],
        stderr: result.spawnError,
        hint: `tmux was not found as "${this.binary}": install it (Debian/Ubuntu: sudo apt install tmux; macOS: brew install tmux) or set director.tmuxPath.`,
      });
    }
    return result;
  }

  private fail(op: string, args: string[], result: RunResult, paneId?: string): never {
    const stderr = result.stderr.trim();
    let kind: MuxErrorKind = 'failed';
    let hint = 'See the tmux message above.';
    if (/no server running|error connecting to|server exited unexpectedly|no sessions/i.test(stderr)) {
      kind = 'server-not-running';
      hint = `The ${this.describeServer()} is not running: spawn a session to start it, or check director.tmuxSocket.`;
    } else if (/can't find (pane|window|session)/i.test(stderr)) {
      kind = 'unknown-pane';
      hint =
        `Pane ${paneId ?? ''} no longer exists on the ${this.describeServer()}: it was closed or its program exited.`.replace(
          '  ',
          ' ',
        );
    }
    throw new MuxError({
      kind,
      op,
      argv: [this.binary, ...this.serverArgs, ...args],
      exitCode: result.exitCode,
      stderr,
      hint,
    });
  }

  private async must(op: string, args: string[], paneId?: string): Promise<string> {
    const result = await this.run(op, args);
    if (result.exitCode !== 0) this.fail(op, args, result, paneId);
    return result.stdout;
  }

  async ping(): Promise<MuxIdentity> {
    const version = (await this.must('tmux version', ['-V'])).trim();
    return { backend: 'tmux', version, binary: this.binary, server: this.describeServer() };
  }

  async listPanes(): Promise<PaneInfo[]> {
    const args = ['list-panes', '-a', '-F', '#{pane_id}\t#{@director_session}\t#{pane_current_command}\t#{pane_title}'];
    const result = await this.run('list panes', args);
    if (result.exitCode !== 0) {
      // A server that is not running simply has no panes.
      if (NO_SERVER.test(result.stderr)) return [];
      this.fail('list panes', args, result);
    }
    return parseTmuxPaneList(result.stdout);
  }

  async serverRunning(): Promise<boolean> {
    const args = ['list-sessions', '-F', '#{session_id}'];
    const result = await this.run('check server', args);
    if (result.exitCode === 0) return true;
    if (NO_SERVER.test(result.stderr)) return false;
    this.fail('check server', args, result);
  }

  async createPane(options: CreatePaneOptions): Promise<PaneInfo> {
    const format = ['-P', '-F', '#{pane_id}'];
    const hasSession = await this.run('find director session', ['has-session', '-t', `=${this.session}`]);
    let id: string;
    if (hasSession.exitCode !== 0) {
      const args = ['new-session', '-d', '-s', this.session, '-x', '200', '-y', '50', '-c', options.cwd, ...format];
      const created = await this.run('create session', args);
      if (created.exitCode === 0) id = created.stdout.trim();
      // Another spawn created the session between our check and our create: join it.
      else if (/duplicate session/i.test(created.stderr)) id = await this.newWindow(options.cwd, format);
      else this.fail('create session', args, created);
    } else if (options.direction) {
      const flag = options.direction === 'left' || options.direction === 'right' ? '-h' : '-v';
      const before = options.direction === 'left' || options.direction === 'up' ? ['-b'] : [];
      const args = ['split-window', '-d', flag, ...before, '-t', `=${this.session}:`, '-c', options.cwd, ...format];
      const split = await this.run('split pane', args);
      if (split.exitCode === 0) id = split.stdout.trim();
      else if (/no space|too small/i.test(split.stderr)) id = await this.newWindow(options.cwd, format);
      else this.fail('split pane', args, split);
    } else id = await this.newWindow(options.cwd, format);
    // Pane options need tmux 3.0+; without them the pane id alone identifies the session.
    const tagged =
      options.tag !== undefined &&
      (await this.run('tag pane', ['set-option', '-p', '-t', id, '@director_session', options.tag])).exitCode === 0;
    if (options.title) await this.setTitle(id, options.title);
    return { id, ref: id, title: options.title ?? '', ...(tagged ? { tag: options.tag } : {}) };
  }

  private async newWindow(cwd: string, format: string[]): Promise<string> {
    return (
      await this.must('create window', ['new-window', '-d', '-t', `=${this.session}:`, '-c', cwd, ...format])
    ).trim();
  }

  async sendText(paneId: string, text: string): Promise<void> {
    assertOneLine('send text', text);
    await this.must('send text', ['send-keys', '-t', paneId, '-l', '--', text], paneId);
  }

  async sendKey(paneId: string, key: KeyName): Promise<void> {
    await this.must('send key', ['send-keys', '-t', paneId, KEYS[key]], paneId);
  }

  async readScreen(paneId: string, lines: number): Promise<string> {
    const out = await this.must(
      'read screen',
      ['capture-pane', '-p', '-t', paneId, '-S', `-${Math.max(1, lines)}`],
      paneId,
    );
    return lastLines(out, lines);
  }

  async waitForSignal(name: string, options: WaitOptions): Promise<WaitResult> {
    const outcome = await waitOnTmuxChannel(
      { binary: this.binary, serverArgs: this.serverArgs, env: this.env, observer: this.options.observer },
      name,
      options,
    );
    if (outcome.failure) {
      this.fail('wait for signal', ['wait-for', name], {
        stdout: '',
        stderr: outcome.failure.stderr,
        exitCode: outcome.failure.exitCode,
        cancelled: false,
        timedOut: false,
      });
    }
    return outcome.result;
  }

  async signal(name: string): Promise<void> {
    await this.must('send signal', ['wait-for', '-S', name]);
  }

  async release(names: readonly string[]): Promise<void> {
    // Waiters abandoned after a timeout or cancel are still parked on these channels (see
    // tmuxWait.ts): one signal each wakes them, they exit, and their relay locks go.
    await Promise.all(names.map((name) => this.run('release signal', ['wait-for', '-S', name]).catch(() => undefined)));
    await releaseRelayLocks(names);
  }

  signalCommand(name: string): string {
    return shellJoin([this.binary, ...this.serverArgs, 'wait-for', '-S', name]);
  }

  async setTitle(paneId: string, title: string): Promise<void> {
    assertOneLine('set title', title);
    await this.must('set title', ['select-pane', '-t', paneId, '-T', title], paneId);
  }

  async focusPane(paneId: string): Promise<void> {
    await this.must('focus pane', ['select-window', '-t', paneId], paneId);
    await this.must('focus pane', ['select-pane', '-t', paneId], paneId);
  }

  async closePane(paneId: string): Promise<void> {
    await this.must('close pane', ['kill-pane', '-t', paneId], paneId);
  }

  async notify(title: string, body: string): Promise<void> {
    // Shown on attached clients only; there is nothing to do when nobody is attached.
    await this.run('notify', ['display-message', `${title}: ${body}`.replace(/[\r\n]+/g, ' ')]).catch(() => undefined);
  }
}

export function parseTmuxPaneList(stdout: string): PaneInfo[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('%'))
    .map((line) => {
      const [id = '', tag = '', command = '', ...title] = line.split('\t');
      return { id, ref: id, title: title.join('\t'), ...(tag ? { tag } : {}), ...(command ? { command } : {}) };
    });
}

/** The last `count` lines of captured text, ignoring blank lines at the bottom. */
export function lastLines(text: string, count: number): string {
  const lines = text.replace(/\n$/, '').split('\n');
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  return lines.slice(-count).join('\n');
}
