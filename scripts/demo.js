#!/usr/bin/env node
// `npm run demo`: builds the extension, installs it into a real VS Code (code-server 4.100.3,
// pinned from npm), creates a demo git repository with drafted tasks, and serves VS Code on
// http://127.0.0.1:<port>. Sessions run in tmux. The agent is your own `claude` when it is on PATH
// and logged in (or ANTHROPIC_API_KEY is set); otherwise it is the real Claude Code from
// node_modules (the pinned devDependency) run offline against the scripted model
// (test/fixtures/scripted-model), which acts on the @directives in the drafted tasks, so the whole
// loop works with no account and no network. DIRECTOR_DEMO_AGENT=offline|claude forces a choice.
//
// It prints one line per set-up step (scripts/demo-progress.js); what the steps print goes to
// demo/.work/demo.log. All of its state is in demo/.work. Everything it starts (code-server and
// its extension host, the scripted model, the tmux server on its own socket, and the agents in its
// panes) is stopped on Ctrl-C / SIGTERM. test/e2e/demo.test.js checks all of this.
'use strict';
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const net = require('net');
const path = require('path');
const { userClaude, offlineClaude, tasks } = require('./demo-agent');
const { createProgress, StepFailed } = require('./demo-progress');

const ROOT = path.resolve(__dirname, '..');
const WORK = path.join(ROOT, 'demo', '.work');
const PORT = Number(process.env.PORT || 8080);
const HOST = process.env.HOST || '127.0.0.1';
const SOCKET = process.env.DIRECTOR_DEMO_SOCKET || 'cmux-director-demo';
const CODE_SERVER = path.join(ROOT, 'test/vscode-server/node_modules/code-server/out/node/entry.js');
const CODE_SERVER_INSTALLED = path.join(ROOT, 'test/vscode-server/.installed-4.100.3');
const SYSTEM_PACKAGES = ['tmux', 'git', 'ripgrep', 'libkrb5-dev', 'python3', 'make', 'g++'];
const progress = createProgress({ total: 6, logFile: path.join(WORK, 'demo.log'), root: ROOT });
const q = (s) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

// ---------------------------------------------------------------- cleanup
// Registered before anything is started, run once, synchronously (it also runs on 'exit').
const cleanups = [];
let cleanedUp = false;
function cleanup() {
  if (cleanedUp) return;
  cleanedUp = true;
  for (const fn of cleanups.reverse()) {
    try {
      fn();
    } catch {
      /* best effort */
    }
  }
}
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    progress.stop(); // a set-up step's child (npm, vsce, code-server --install-extension)
    console.log(`\ndemo: stopping (${sig})…`);
    cleanup();
    process.exit(0);
  });
}
/** The pids under `roots` (included), from `ps` (Linux and macOS). */
function processTree(roots) {
  const children = new Map();
  const ps = spawnSync('ps', ['-A', '-o', 'pid=', '-o', 'ppid='], { encoding: 'utf8' }).stdout || '';
  for (const [pid, ppid] of ps.split('\n').map((l) => l.trim().split(/\s+/)))
    if (ppid) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const all = [];
  for (const queue = [...roots]; queue.length > 0;) {
    const pid = queue.shift();
    all.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return all;
}
/**
 * Stops the tmux server on the demo socket and what runs in its panes. The agents end on the
 * hang-up in their own time (Claude Code takes seconds, after the server is gone), so the demo
 * waits for them: 3 s, then SIGTERM, 2 s, then SIGKILL.
 */
function killTmux() {
  const panes = spawnSync('tmux', ['-L', SOCKET, 'list-panes', '-a', '-F', '#{pane_pid}'], { encoding: 'utf8' });
  const tree = processTree((panes.stdout || '').split('\n').filter(Boolean));
  spawnSync('tmux', ['-L', SOCKET, 'kill-server'], { stdio: 'ignore' });
  if (tree.length === 0) return;
  const pids = tree.join(' ');
  const anyAlive = `{ ${tree.map((p) => `kill -0 ${p} 2>/dev/null`).join(' || ')}; }`;
  const waitTenths = (n) => `for i in $(seq ${n}); do ${anyAlive} || exit 0; sleep 0.1; done`;
  spawnSync(
    'sh',
    ['-c', `${waitTenths(30)}; kill -TERM ${pids} 2>/dev/null; ${waitTenths(20)}; kill -KILL ${pids} 2>/dev/null`],
    { stdio: 'ignore' },
  );
}
const killGroup = (pid) => {
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return;
  }
  // Give it a moment to end its children, then make sure.
  spawnSync(
    'sh',
    [
      '-c',
      `for i in $(seq 30); do kill -0 -${pid} 2>/dev/null || exit 0; sleep 0.1; done; kill -KILL -${pid} 2>/dev/null`,
    ],
    { stdio: 'ignore' },
  );
};

// ---------------------------------------------------------------- VS Code (code-server)
// All of its state lives under demo/.work: config file, user data, extensions, and through
// XDG_DATA_HOME and XDG_CACHE_HOME what it would put in ~/.local/share (its own logs) and ~/.cache
// (VS Code's device id). The demo's E2E test runs it with an empty HOME and checks it stays empty.
const CS = {
  config: path.join(WORK, 'code-server.yaml'),
  userData: path.join(WORK, 'user-data'),
  extensions: path.join(WORK, 'extensions'),
  data: path.join(WORK, 'code-server-data'),
  cache: path.join(WORK, 'code-server-cache'),
};
const csDirs = ['--config', CS.config, '--user-data-dir', CS.userData, '--extensions-dir', CS.extensions];

/** The environment of code-server, its extension host, the tmux server it starts and its panes. */
function serverEnv() {
  const env = { ...process.env, XDG_DATA_HOME: CS.data, XDG_CACHE_HOME: CS.cache };
  for (const k of Object.keys(env)) if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE') delete env[k];
  delete env.NODE_TEST_CONTEXT;
  return env;
}

function writeSettings(agentCommand) {
  fs.writeFileSync(CS.config, 'auth: none\n');
  fs.mkdirSync(path.join(CS.userData, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(CS.userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'extensions.autoCheckUpdates': false,
        'security.workspace.trust.enabled': false,
        'director.backend': 'tmux',
        'director.tmuxSocket': SOCKET,
        'director.agentCommand': agentCommand,
        'director.readyTimeoutSeconds': 90, // a first start of Claude Code can be slow (cold disk, small machine)
      },
      null,
      2,
    ),
  );
}

/** Rejects when HOST:PORT is taken, with what to do about it. */
function portFree() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`${HOST}:${PORT} is in use (another demo?): stop it, or choose a port: PORT=8081 npm run demo`)
          : error,
      ),
    );
    probe.listen(PORT, HOST, () => probe.close(resolve));
  });
}

/** Starts code-server in its own process group; resolves once it listens. */
function startServer(workspace) {
  const server = spawn(
    process.execPath,
    [
      ...[CODE_SERVER, ...csDirs, '--auth', 'none', '--bind-addr', `${HOST}:${PORT}`],
      ...['--disable-telemetry', '--disable-update-check', '--disable-getting-started-override'],
      ...['--disable-workspace-trust', '--ignore-last-opened', workspace],
    ],
    // Its own process group, so that stopping the demo stops the server, the extension host and
    // everything they started, and nothing else.
    { stdio: ['ignore', 'pipe', 'pipe'], env: serverEnv(), detached: true },
  );
  cleanups.push(() => killGroup(server.pid));
  progress.log(`$ code-server (pid ${server.pid}) on ${HOST}:${PORT}`);
  return new Promise((resolve, reject) => {
    let listening = false;
    const timer = setTimeout(() => reject(new Error('code-server did not listen within 120 s')), 120000);
    server.stdout.on('data', (d) => {
      progress.log(String(d));
      if (!listening && /HTTP server listening/.test(String(d))) {
        listening = true;
        clearTimeout(timer);
        resolve(server);
      }
    });
    server.stderr.on('data', (d) => progress.log(String(d)));
    server.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (!listening) reject(new Error(`code-server exited (${signal ?? code}) before it listened`));
      else if (!cleanedUp) {
        console.error(`demo: VS Code (code-server) exited (${signal ?? code}); the log is ${progress.logFile}.`);
        process.exit(1);
      }
    });
  });
}

// ---------------------------------------------------------------- main
async function main() {
  try {
    await portFree(); // before minutes of set-up
  } catch (error) {
    throw new StepFailed(error.message);
  }
  await progress.step(`system packages (${SYSTEM_PACKAGES.join(', ')})`, async () => {
    await progress.run('bash', [path.join(ROOT, 'scripts', 'system-deps.sh'), ...SYSTEM_PACKAGES]);
  });

  const installed = fs.existsSync(CODE_SERVER_INSTALLED);
  await progress.step(
    installed ? 'VS Code 1.100.3 (code-server)' : 'VS Code 1.100.3 (code-server): first-run install, a few minutes',
    async () => {
      if (installed) return 'installed';
      await progress.run('bash', [path.join(ROOT, 'test', 'vscode-server', 'install.sh')]);
    },
  );

  const vsix = path.join(WORK, 'cmux-director.vsix');
  await progress.step('building and packaging the extension', () =>
    // Packaging runs vscode:prepublish (through npm, whose cache and logs stay here), the
    // production build of dist/, the CLI used below included.
    progress.run(
      process.execPath,
      [
        ...[require.resolve('@vscode/vsce/vsce'), 'package', '--no-dependencies', '--skip-license', '-o', vsix],
        // The README's relative links (docs/…) stay as they are: vsce can only rewrite them for a
        // GitHub or GitLab repository, and fails the package otherwise.
        '--no-rewrite-relative-links',
      ],
      {
        cwd: ROOT,
        env: { ...process.env, npm_config_cache: path.join(WORK, 'npm-cache'), npm_config_update_notifier: 'false' },
      },
    ),
  );

  await progress.step('installing the extension into VS Code', async () => {
    fs.rmSync(CS.extensions, { recursive: true, force: true });
    fs.mkdirSync(CS.extensions, { recursive: true });
    fs.writeFileSync(CS.config, 'auth: none\n');
    await progress.run(process.execPath, [CODE_SERVER, ...csDirs, '--install-extension', vsix, '--force'], {
      env: serverEnv(),
    });
  });

  let workspace, agentLine, offline;
  await progress.step('creating the demo repository with three drafted tasks', async () => {
    killTmux(); // sessions left by an earlier demo that did not stop cleanly
    cleanups.push(killTmux);
    const { createDemoWorkspace } = require('../test/e2e/workspace');
    fs.rmSync(path.join(WORK, 'director-demo'), { recursive: true, force: true });
    workspace = createDemoWorkspace(path.join(WORK, 'director-demo'));
    const mine = userClaude();
    if (!mine.version) {
      offline = await offlineClaude(workspace, WORK);
      cleanups.push(() => process.kill(offline.pid, 'SIGTERM'));
    }
    // The panes get code-server's environment: the user's own claude gets the user's XDG
    // directories back (its native install lives in XDG_DATA_HOME).
    // (`env` takes its -u options before the assignments.)
    const own = ['XDG_DATA_HOME', 'XDG_CACHE_HOME']
      .map((k) => (process.env[k] ? `${k}=${q(process.env[k])}` : `-u ${k}`))
      .sort((x, y) => Number(!x.startsWith('-')) - Number(!y.startsWith('-')));
    const agentCommand = offline ? offline.command : `env ${own.join(' ')} claude --permission-mode acceptEdits`;
    agentLine = offline
      ? `Claude Code ${offline.version} (from node_modules) with the scripted offline model — no API key needed\n            (${mine.why})`
      : `your own Claude Code ${mine.version} (claude on PATH, ${mine.auth}): sessions use your account`;
    writeSettings(agentCommand);
    const cli = path.join(ROOT, 'dist', 'cli.js');
    for (const [slug, goal] of tasks(Boolean(offline)))
      await progress.run(process.execPath, [
        ...[cli, 'draft', slug, '--goal', goal, '--scope', 'src/**'],
        ...['--cwd', workspace, '--backend', 'tmux', '--tmux-socket', SOCKET],
      ]);
  });

  await progress.step(`starting VS Code on http://${HOST}:${PORT}`, () => startServer(workspace));

  console.log(`
cmux Director demo is running.

  Open:     http://${HOST}:${PORT}/?folder=${encodeURIComponent(workspace)}
  Agent:    ${agentLine}${offline ? `\n  Model:    ${offline.url} (test/fixtures/scripted-model/server.mjs)` : ''}
  Panes:    tmux -L ${SOCKET} attach -t cmux-director
  Log:      ${progress.logFile} (VS Code's own output too; the demo's state is all in demo/.work)

In VS Code: click the Director icon in the activity bar, then "Spawn Session" and pick a drafted
task (farewell, risky-script, half-done). Watch it run, answer the permission prompt from its
notification, Review Changes, and Close as SHIP; the Ledger view shows the line. half-done leaves
a syntax error: verify says NO-SHIP and SHIP is blocked. Ctrl-C stops the demo.
`);
}

main().catch((error) => {
  console.error(`\ndemo: ${error instanceof StepFailed ? error.message : error.stack || error.message}`);
  process.exit(1);
});
