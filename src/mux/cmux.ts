/**
 * cmux backend: drives the cmux CLI (argv arrays, never a shell) with explicit targets, parsing
 * `--json --id-format both` output with zod. Surface UUIDs are the stable pane ids.
 */
import { shellJoin } from '../core/shell';
import {
  parseIdentify,
  parseOkLine,
  parseReadScreen,
  parseSplitResult,
  parseTree,
  type CmuxSurface,
} from './cmuxSchemas';
import { feedReplyMode, parseFeedPermissions, type PermissionFeed } from './cmuxFeed';
import { assertOneLine, CMUX_ACCESS_HINT, MuxError, type MuxErrorKind } from './errors';
import { runBinary, scrubEnv, type RunResult } from './run';
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

export interface CmuxOptions {
  /** Absolute path of the cmux CLI (see findCmuxCli). */
  readonly binary: string;
  readonly password?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly observer?: MuxCallObserver;
}

/** Inherited targets would silently redirect commands to the pane VS Code was started from. */
const SCRUBBED = ['CMUX_WORKSPACE_ID', 'CMUX_SURFACE_ID', 'CMUX_TAB_ID', 'CMUX_PANEL_ID'];

const KEYS: Partial<Record<KeyName, string>> = {
  Enter: 'enter',
  Escape: 'escape',
  Tab: 'tab',
  BackTab: 'shift+tab',
  Up: 'up',
  Down: 'down',
  Backspace: 'backspace',
  'ctrl-c': 'ctrl-c',
};

export class CmuxBackend implements Multiplexer {
  readonly kind = 'cmux' as const;
  private readonly env: NodeJS.ProcessEnv;

  constructor(private readonly options: CmuxOptions) {
    const password = options.password ?? (options.env ?? process.env).CMUX_SOCKET_PASSWORD;
    this.env = scrubEnv(options.env ?? process.env, SCRUBBED, {
      CMUX_SOCKET_PASSWORD: password || undefined,
      CMUX_QUIET: '1',
    });
  }

  private async run(op: string, args: string[], extra: { signal?: AbortSignal } = {}): Promise<RunResult> {
    const result = await runBinary(this.options.binary, args, {
      env: this.env,
      observer: this.options.observer,
      ...extra,
    });
    if (result.spawnError) {
      throw new MuxError({
        kind: 'not-installed',
        op,
        argv: [this.options.binary, ...args],
        stderr: result.spawnError,
        hint: 'The cmux CLI was not found: install cmux (https://cmux.dev), run "Shell Command: Install \'cmux\' in PATH" from cmux, or set director.cmuxPath.',
      });
    }
    return result;
  }

  private fail(op: string, args: string[], result: RunResult, paneId?: string): never {
    const stderr = result.stderr.trim();
    let kind: MuxErrorKind = 'failed';
    let hint = 'See the cmux message above.';
    if (/Access denied - only processes started inside cmux can connect/i.test(stderr)) {
      kind = 'access-denied';
      hint = CMUX_ACCESS_HINT;
    } else if (/Authentication required|auth_failed|Invalid password|Missing password/i.test(stderr)) {
      kind = 'auth-failed';
      hint =
        'cmux is in Password mode and the password is missing or wrong: set director.cmuxPassword (or CMUX_SOCKET_PASSWORD) to the password from cmux Settings > Automation.';
    } else if (/No live cmux socket found|Socket not found|is not a Unix socket/i.test(stderr)) {
      kind = 'server-not-running';
      hint = 'cmux is not running: open the cmux app, then try again.';
    } else if (/not_found: (Surface|Pane)|Surface ref not found/i.test(stderr)) {
      kind = 'unknown-pane';
      hint = `Surface ${paneId ?? ''} no longer exists in cmux: it was closed or its program exited.`.replace(
        '  ',
        ' ',
      );
    }
    throw new MuxError({ kind, op, argv: [this.options.binary, ...args], exitCode: result.exitCode, stderr, hint });
  }

  private async must(op: string, args: string[], paneId?: string): Promise<string> {
    const result = await this.run(op, args);
    if (result.exitCode !== 0) this.fail(op, args, result, paneId);
    return result.stdout;
  }

  readonly feed: PermissionFeed = {
    pendingPermissions: async () =>
      parseFeedPermissions(await this.must('list the Feed', ['rpc', 'feed.list', JSON.stringify({ limit: 200 })])),
    replyPermission: async (requestId, allow) => {
      const params = JSON.stringify({ request_id: requestId, mode: feedReplyMode(allow) });
      await this.must('answer a Feed permission request', ['rpc', 'feed.permission.reply', params]);
    },
  };

  async ping(): Promise<MuxIdentity> {
    const pong = (await this.must('ping cmux', ['ping'])).trim();
    if (pong !== 'PONG')
      throw new MuxError({
        kind: 'failed',
        op: 'ping cmux',
        argv: [this.options.binary, 'ping'],
        stderr: pong,
        hint: 'cmux answered ping unexpectedly; is director.cmuxPath the cmux CLI?',
      });
    const version = (await this.must('cmux version', ['version'])).trim();
    const identity = parseIdentify(await this.must('identify cmux', ['identify', '--json', '--id-format', 'both']));
    return { backend: 'cmux', version, binary: this.options.binary, server: identity.socket_path ?? 'cmux socket' };
  }

  private async surfaces(): Promise<CmuxSurface[]> {
    return parseTree(await this.must('list panes', ['tree', '--all', '--json', '--id-format', 'both']));
  }

  private async surface(op: string, paneId: string): Promise<CmuxSurface> {
    const found = (await this.surfaces()).find((s) => s.id === paneId || s.ref === paneId);
    if (!found)
      throw new MuxError({
        kind: 'unknown-pane',
        op,
        hint: `Surface ${paneId} no longer exists in cmux: it was closed or its program exited.`,
      });
    return found;
  }

  async listPanes(): Promise<PaneInfo[]> {
    return (await this.surfaces()).map((s) => ({ id: s.id, ref: s.ref, title: s.title }));
  }

  async serverRunning(): Promise<boolean> {
    try {
      await this.surfaces();
      return true;
    } catch (error) {
      if (error instanceof MuxError && error.kind === 'server-not-running') return false;
      throw error;
    }
  }

  async createPane(options: CreatePaneOptions): Promise<PaneInfo> {
    const params = JSON.stringify({
      direction: options.direction ?? 'right',
      working_directory: options.cwd,
      focus: false,
    });
    const split = parseSplitResult(await this.must('create pane', ['rpc', 'surface.split', params]));
    if (options.title) await this.setTitle(split.surface_id, options.title);
    return { id: split.surface_id, ref: split.surface_ref, title: options.title ?? '' };
  }

  async sendText(paneId: string, text: string): Promise<void> {
    assertOneLine('send text', text);
    if (/\\[nrt]/.test(text)) {
      throw new MuxError({
        kind: 'invalid-input',
        op: 'send text',
        hint: 'cmux turns the two-character sequences \\n, \\r and \\t into key presses, so this text cannot be typed literally: write it to a file and send a pointer to it.',
      });
    }
    parseOkLine(await this.must('send text', ['send', '--surface', paneId, '--', text], paneId));
  }

  async sendKey(paneId: string, key: KeyName): Promise<void> {
    const name = KEYS[key];
    // cmux's send-key knows no digits; a digit typed as text is the same key press.
    if (name === undefined) parseOkLine(await this.must('send key', ['send', '--surface', paneId, '--', key], paneId));
    else parseOkLine(await this.must('send key', ['send-key', '--surface', paneId, '--', name], paneId));
  }

  async readScreen(paneId: string, lines: number): Promise<string> {
    const args = ['read-screen', '--surface', paneId, '--lines', String(Math.max(1, lines)), '--json'];
    const result = await this.run('read screen', args);
    // A surface that never received output cannot be read yet; that is an empty screen.
    if (result.exitCode !== 0 && /Failed to read terminal text/.test(result.stderr)) return '';
    if (result.exitCode !== 0) this.fail('read screen', args, result, paneId);
    return parseReadScreen(result.stdout).replace(/\n+$/, '');
  }

  async waitForSignal(name: string, options: WaitOptions): Promise<WaitResult> {
    // Name first: cmux takes the first argument without a leading dash as the channel name.
    const args = ['wait-for', name, '--timeout', String(Math.max(0, options.timeoutMs) / 1000)];
    const result = await this.run('wait for signal', args, { signal: options.signal });
    if (result.cancelled || options.signal?.aborted) return 'cancelled';
    if (result.exitCode === 0) {
      // cmux hands a signal to one waiter: pass it on so another waiter (the other front) wakes
      // too. The channel is released when its session closes or its token is retired.
      await this.run('pass signal on', ['wait-for', '-S', name]).catch(() => undefined);
      return 'signalled';
    }
    if (/wait-for timed out/.test(result.stderr)) return 'timed-out';
    this.fail('wait for signal', args, result);
  }

  async release(names: readonly string[]): Promise<void> {
    // Wake a wait still blocked on a retired channel (it then moves to the new token or sees
    // the close), then consume what is left latched, so nothing stays behind.
    await Promise.all(names.map((name) => this.run('release signal', ['wait-for', '-S', name]).catch(() => undefined)));
    await new Promise((r) => setTimeout(r, 200));
    await Promise.all(
      names.map((name) => this.run('release signal', ['wait-for', name, '--timeout', '0.05']).catch(() => undefined)),
    );
  }

  async signal(name: string): Promise<void> {
    await this.must('send signal', ['wait-for', '-S', name]);
  }

  signalCommand(name: string): string {
    return shellJoin([this.options.binary, 'wait-for', '-S', name]);
  }

  async setTitle(paneId: string, title: string): Promise<void> {
    assertOneLine('set title', title);
    parseOkLine(await this.must('set title', ['rename-tab', '--surface', paneId, '--title', title], paneId));
  }

  async focusPane(paneId: string): Promise<void> {
    const surface = await this.surface('focus pane', paneId);
    parseOkLine(
      await this.must(
        'focus pane',
        ['focus-pane', '--pane', surface.paneId, '--workspace', surface.workspaceId],
        paneId,
      ),
    );
  }

  async closePane(paneId: string): Promise<void> {
    const surface = await this.surface('close pane', paneId);
    parseOkLine(
      await this.must(
        'close pane',
        ['close-surface', '--surface', surface.id, '--workspace', surface.workspaceId],
        paneId,
      ),
    );
  }

  async notify(title: string, body: string): Promise<void> {
    await this.run('notify', ['notify', '--title', title, '--body', body]).catch(() => undefined);
  }
}
