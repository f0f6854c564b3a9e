/**
 * Real parts for integration tests: git repositories in temporary folders, a tmux server on a
 * private socket per test, the real Claude Code (pinned devDependency) against the scripted
 * local Messages API, and the built CLI (dist/cli.js).
 */
import { execa, execaSync } from 'execa';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, afterEach, before, it as nodeIt, type TestContext, type TestOptions } from 'node:test';
import { createRequire } from 'node:module';
import { readActivity } from '../../src/claude/eventLog';

/** Temporary folders of this test process, removed when it exits: a test run leaves nothing behind. */
const temporary: string[] = [];
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}
process.on('exit', () => {
  // A pane's shell killed with its tmux server may still be writing its history file there.
  for (const dir of temporary) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
    } catch {
      /* left behind rather than failing a passed run */
    }
  }
});

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = join(ROOT, 'dist', 'cli.js');
export const FAKE_CMUX = join(ROOT, 'test', 'fixtures', 'fake-cmux', 'cmux');

interface OfflineClaude {
  startModel(options?: { log?: string }): Promise<{ port: number; url: string; stop(): Promise<void> }>;
  makeHome(projects: string[], dir?: string): string;
  agentCommand(home: string, modelUrl: string): string;
}
const require = createRequire(import.meta.url);
/** The real Claude Code, offline, against the scripted model (test/fixtures/scripted-model). */
export const offlineClaude = require('../fixtures/scripted-model/offline-claude.cjs') as OfflineClaude;

/** One scripted model per test file; each repository gets its own Claude Code HOME that trusts it. */
export class ScriptedModel {
  private model?: { url: string; stop(): Promise<void> };
  async start(): Promise<void> {
    this.model = await offlineClaude.startModel();
  }
  async stop(): Promise<void> {
    await this.model?.stop();
  }
  /** The agent command for sessions in `repo`: the real Claude Code with an isolated HOME. */
  agent(repo: string, userSettings?: Record<string, unknown>): string {
    if (!this.model) throw new Error('ScriptedModel.start() first');
    const home = offlineClaude.makeHome([repo], tempDir('director-claude-home-'));
    if (userSettings) {
      // The user's own ~/.claude/settings.json (e.g. a policy that turns hooks off).
      mkdirSync(join(home, '.claude'), { recursive: true });
      writeFileSync(join(home, '.claude', 'settings.json'), JSON.stringify(userSettings));
    }
    return offlineClaude.agentCommand(home, this.model.url);
  }
  /** The agent command with a HOME that has NOT trusted `repo`: Claude Code asks first. */
  untrustedAgent(): string {
    if (!this.model) throw new Error('ScriptedModel.start() first');
    return offlineClaude.agentCommand(offlineClaude.makeHome([], tempDir('director-claude-home-')), this.model.url);
  }
  /** A shell-script wrapper (not exec'ing) that starts the real Claude Code for `repo` with its arguments. */
  wrapper(repo: string, file: string): string {
    const command = this.agent(repo).replace(/ --permission-mode acceptEdits$/, '');
    writeFileSync(file, `#!/bin/bash\n# a user's own launcher around Claude Code\n${command} "$@"\n`, { mode: 0o755 });
    return file;
  }
}

/**
 * HOME for the shells in test panes (tmux and the fake cmux pass it on): an empty folder, so the
 * machine user's shell start-up files (a pyenv rehash waiting on a stale lock, a slow prompt)
 * cannot delay or swallow the agent command. Claude Code gets its own HOME from `agent()`.
 */
export const SHELL_HOME = tempDir('director-shell-home-');
// Every tmux server this test process starts (the CLI's and the in-process adapters') gets it too:
// a shell killed mid-`pyenv rehash` in the user's ~/.bashrc leaves a lock that stalls every later
// login shell for a minute.
process.env['HOME'] = SHELL_HOME;

let counter = 0;
export function uniqueName(prefix: string): string {
  counter++;
  return `${prefix}-${process.pid}-${counter}`;
}

/** A git repository with a couple of committed files. */
export function makeRepo(
  files: Record<string, string> = { 'src/a.ts': 'export const a = 1;\n', 'package.json': '{ "name": "demo" }\n' },
): string {
  const dir = tempDir('cmux-director-it-');
  const git = (...args: string[]) => execaSync('git', args, { cwd: dir });
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'test@example.invalid');
  git('config', 'user.name', 'Test');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  git('add', '-A');
  git('commit', '-qm', 'initial');
  return dir;
}

export function writeSettings(repo: string, settings: Record<string, unknown>, comment = true): void {
  mkdirSync(join(repo, '.vscode'), { recursive: true });
  const json = JSON.stringify(settings, null, 2).replace(/\n}$/, ',\n}');
  writeFileSync(
    join(repo, '.vscode', 'settings.json'),
    comment ? `// written by the test, JSONC like VS Code's own\n${json}\n` : `${json}\n`,
  );
}

export interface CliResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

export class TmuxWorld {
  readonly socket = uniqueName('cdtest');

  /** The CLI, started and not awaited: a test can stop it midway, as a closed window stops its spawn. */
  startCli(repo: string, ...args: string[]) {
    if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run "npm run build" first.');
    return execa(process.execPath, [CLI, ...args, '--cwd', repo, '--backend', 'tmux', '--tmux-socket', this.socket], {
      reject: false,
      env: { HOME: SHELL_HOME },
    });
  }

  async cli(repo: string, ...args: string[]): Promise<CliResult> {
    const result = await this.startCli(repo, ...args);
    return {
      stdout: String(result.stdout).trim(),
      stderr: String(result.stderr).trim(),
      exitCode: result.exitCode ?? -1,
    };
  }

  tmux(...args: string[]): string {
    return String(execaSync('tmux', ['-L', this.socket, ...args], { reject: false }).stdout);
  }

  screen(paneId: string): string {
    return this.tmux('capture-pane', '-p', '-t', paneId);
  }

  /** The pid of the agent the pane's shell started (the shell's child), if any. */
  agentPid(paneId: string): string | undefined {
    const shell = this.tmux('display-message', '-p', '-t', paneId, '#{pane_pid}').trim();
    const child = String(execaSync('pgrep', ['-P', shell], { reject: false }).stdout)
      .trim()
      .split('\n')[0];
    return child || undefined;
  }

  /** The argv the agent in the pane really runs with (from /proc). */
  agentArgv(paneId: string): string[] {
    const pid = this.agentPid(paneId);
    if (!pid) throw new Error(`no agent runs in ${paneId}`);
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      .split('\0')
      .filter((a) => a !== '');
  }

  /** Kills the agent the way a crash would (SIGKILL, no SessionEnd), leaving its shell behind. */
  killAgent(paneId: string): void {
    const shell = this.tmux('display-message', '-p', '-t', paneId, '#{pane_pid}').trim();
    execaSync('pkill', ['-KILL', '-P', shell], { reject: false });
  }

  kill(): void {
    execaSync('tmux', ['-L', this.socket, 'kill-server'], { reject: false });
  }
}

export const read = (repo: string, path: string) => readFileSync(join(repo, path), 'utf8');

/** The transcript Claude Code keeps for a session (named by its hook events), or '' before any event. */
export function transcriptOf(repo: string, slug: string): string {
  return readActivity(join(repo, 'tmp', 'sessions', `impl-${slug}.events.jsonl`))?.transcriptPath ?? '';
}

/** The hook events Claude Code reported for a session so far (names only, oldest first). */
export function hookEvents(repo: string, slug: string): string[] {
  let text = '';
  try {
    text = readFileSync(join(repo, 'tmp', 'sessions', `impl-${slug}.events.jsonl`), 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((l) => l && !l.startsWith('{"generation"'))
    .map((l) => {
      try {
        const d = JSON.parse(l) as { event?: { hook_event_name?: string }; answer?: string };
        return d.event?.hook_event_name ?? `answer:${d.answer}`;
      } catch {
        return '?';
      }
    });
}

/** Polls a condition (for states that settle asynchronously, e.g. a permission dialog appearing). */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 10000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function surfaceOf(spawnLine: string): string {
  const m = /surface=(\S+)/.exec(spawnLine);
  if (!m) throw new Error(`no surface in: ${spawnLine}`);
  return m[1]!;
}

/** Environment for the fake cmux: its own tmux server and state directory. */
export function fakeCmuxEnv(extra: Record<string, string> = {}): {
  env: NodeJS.ProcessEnv;
  socket: string;
  state: string;
} {
  const socket = uniqueName('contract-cmux');
  const state = tempDir('fake-cmux-state-');
  return {
    socket,
    state,
    env: { ...process.env, HOME: SHELL_HOME, FAKE_CMUX_TMUX_SOCKET: socket, FAKE_CMUX_STATE: state, ...extra },
  };
}

/**
 * The set-up of a test file that runs the real Claude Code: one scripted model for the file, and
 * tmux worlds killed after each test. Call once at the top of the file.
 */
export function realClaudeSuite(): { model: ScriptedModel; world(): TmuxWorld } {
  const model = new ScriptedModel();
  const worlds: TmuxWorld[] = [];
  before(() => model.start());
  afterEach(() => {
    for (const w of worlds.splice(0)) w.kill();
  });
  after(async () => {
    for (const w of worlds) w.kill();
    await model.stop();
  });
  return {
    model,
    world: () => {
      const w = new TmuxWorld();
      worlds.push(w);
      return w;
    },
  };
}

/**
 * How long one test may take, unless it says otherwise. Test files set no limit for a whole group
 * (`describe`): on a loaded 2-core machine a group of real-Claude tests needed 125-190 s against a
 * 120 s group limit with no test stuck, and a group limit cancels every test after it. 240 s is
 * several Claude Code starts under that load.
 */
export const TEST_TIMEOUT_MS = 240_000;

type TestFn = (t: TestContext) => void | Promise<void>;
/** node:test's `it`, with TEST_TIMEOUT_MS as its time limit unless `options` gives one. */
export function it(name: string, fn: TestFn): Promise<void>;
export function it(name: string, options: TestOptions, fn: TestFn): Promise<void>;
export function it(name: string, optionsOrFn: TestOptions | TestFn, maybeFn?: TestFn): Promise<void> {
  const [options, fn] = typeof optionsOrFn === 'function' ? [{}, optionsOrFn] : [optionsOrFn, maybeFn];
  return nodeIt(name, { timeout: TEST_TIMEOUT_MS, ...options }, fn);
}
