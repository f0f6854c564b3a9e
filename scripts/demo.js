#!/usr/bin/env node
// `npm run demo`: builds the extension, installs it into a real VS Code (code-server 4.100.3,
// pinned from npm), creates a demo git repository with drafted tasks, and serves VS Code on
// http://127.0.0.1:<port>. Sessions run in tmux. The agent is your own `claude` when it is on PATH
// and logged in (or ANTHROPIC_API_KEY is set); otherwise it is the real Claude Code from
// node_modules (the pinned devDependency) run offline against the scripted model
// (test/fixtures/scripted-model), which acts on the @directives in the drafted tasks, so the whole
// loop works with no account and no network. DIRECTOR_DEMO_AGENT=offline|claude forces a choice.
//
// Everything the demo starts (code-server and its extension host, the scripted model, the tmux
// server on its own socket, and the agents in its panes) is stopped on Ctrl-C / SIGTERM.
'use strict';
const { execFileSync, spawn, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const WORK = path.join(ROOT, 'demo', '.work');
const PORT = Number(process.env.PORT || 8080);
const HOST = process.env.HOST || '127.0.0.1';
const SOCKET = process.env.DIRECTOR_DEMO_SOCKET || 'cmux-director-demo';
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { cwd: ROOT, stdio: 'inherit', ...opts });

/** Installs the system packages the demo needs when they are missing (scripts/system-deps.sh). */
function preflight() {
  const result = spawnSync(
    'bash',
    [path.join(ROOT, 'scripts', 'system-deps.sh'), 'tmux', 'git', 'ripgrep', 'libkrb5-dev', 'python3', 'make', 'g++'],
    { stdio: 'inherit' },
  );
  if (result.status !== 0) process.exit(1);
}

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
    console.log(`\ndemo: stopping (${sig})…`);
    cleanup();
    process.exit(0);
  });
}
const killTmux = () => spawnSync('tmux', ['-L', SOCKET, 'kill-server'], { stdio: 'ignore' });

// ---------------------------------------------------------------- the agent
/** The user's own Claude Code, when it is installed and can talk to the API; else why not. */
function userClaude() {
  if (process.env.DIRECTOR_DEMO_AGENT === 'offline') return { why: 'DIRECTOR_DEMO_AGENT=offline' };
  if (!has('claude')) return { why: 'claude is not on PATH' };
  const version =
    spawnSync('claude', ['--version'], { encoding: 'utf8', timeout: 20000 }).stdout?.trim().split(/\s/)[0] ||
    'unknown version';
  if (process.env.DIRECTOR_DEMO_AGENT === 'claude') return { version, auth: 'chosen with DIRECTOR_DEMO_AGENT=claude' };
  if (process.env.ANTHROPIC_API_KEY) return { version, auth: 'ANTHROPIC_API_KEY is set' };
  // `claude auth status` prints JSON and exits 0 when logged in (no network needed).
  const status = spawnSync('claude', ['auth', 'status'], { encoding: 'utf8', timeout: 20000 });
  try {
    const parsed = JSON.parse(status.stdout);
    if (parsed.loggedIn) return { version, auth: `logged in${parsed.authMethod ? ` with ${parsed.authMethod}` : ''}` };
  } catch {
    /* an older claude without `auth status`: look for stored credentials */
    const home = process.env.HOME || '';
    if (fs.existsSync(path.join(home, '.claude', '.credentials.json')))
      return { version, auth: 'stored credentials found' };
  }
  return { why: 'claude is on PATH but not logged in: run claude and /login, or set ANTHROPIC_API_KEY, to use it' };
}

/** The real Claude Code from node_modules against the scripted model, a child of this process. */
async function offlineClaude(workspace) {
  const offline = require('../test/fixtures/scripted-model/offline-claude.cjs');
  const version = JSON.parse(
    fs.readFileSync(path.join(ROOT, 'node_modules', '@anthropic-ai', 'claude-code', 'package.json'), 'utf8'),
  ).version;
  const model = await offline.startModel({ log: path.join(WORK, 'scripted-model.log') });
  cleanups.push(() => {
    try {
      process.kill(model.pid, 'SIGTERM');
    } catch {
      /* gone */
    }
  });
  const homeDir = path.join(WORK, 'claude-home');
  fs.rmSync(homeDir, { recursive: true, force: true });
  const home = offline.makeHome([workspace], homeDir);
  return { version, url: model.url, command: offline.agentCommand(home, model.url) };
}

// ---------------------------------------------------------------- the demo repository
/**
 * The three drafted tasks. Their prose is what a real Claude reads; with the scripted model the
 * @directive lines (one per line, see test/fixtures/scripted-model/server.mjs) make it do what the
 * README describes.
 */
function tasks(scripted) {
  const goal = (prose, ...directives) => [prose, ...(scripted ? directives : [])].join('\n');
  return [
    [
      'farewell',
      goal(
        'Add a farewell(name) function in src/farewell.ts, next to greet() in src/greet.ts.',
        '@sleep 3000',
        '@write src/farewell.ts export const farewell = (name: string): string => `Bye, ${name}`;',
      ),
    ],
    [
      'risky-script',
      goal(
        'Add a build step in src/build.ts, and tag the commit the build starts from with `git tag build-start` (a shell command: it asks for your permission).',
        '@permission git tag build-start',
        '@write src/build.ts export const built = (): boolean => true;',
      ),
    ],
    [
      'half-done',
      goal(
        scripted
          ? 'Start a parser for the greeting format in src/parser.ts (the scripted model stops half-way, leaving a syntax error: verify says NO-SHIP).'
          : 'Start a parser for the greeting format in src/parser.ts.',
        '@write src/parser.ts export function parse(input: string): string[] {\\n  return input.split(',
      ),
    ],
  ];
}

function demoWorkspace() {
  const { createDemoWorkspace } = require('../test/e2e/workspace');
  const dir = path.join(WORK, 'director-demo');
  fs.rmSync(dir, { recursive: true, force: true });
  return createDemoWorkspace(dir);
}

function draftTasks(workspace, scripted) {
  const cli = (...args) =>
    run(
      process.execPath,
      [path.join(ROOT, 'dist', 'cli.js'), ...args, '--cwd', workspace, '--backend', 'tmux', '--tmux-socket', SOCKET],
      { stdio: 'pipe' },
    );
  for (const [slug, goal] of tasks(scripted)) cli('draft', slug, '--goal', goal, '--scope', 'src/**');
}

// ---------------------------------------------------------------- main
async function main() {
  preflight();
  run('npm', ['run', '--silent', 'install:vscode-server']);
  console.log('demo: building and packaging the extension…');
  fs.mkdirSync(WORK, { recursive: true });
  const vsix = path.join(WORK, 'cmux-director.vsix');
  // Packaging runs vscode:prepublish, the production build of dist/ (the CLI used below included).
  run('npx', ['--no-install', 'vsce', 'package', '--no-dependencies', '--skip-license', '-o', vsix], { stdio: 'pipe' });

  killTmux(); // sessions left by an earlier demo that did not stop cleanly
  cleanups.push(killTmux);
  const workspace = demoWorkspace();
  const mine = userClaude();
  const offline = mine.version ? undefined : await offlineClaude(workspace);
  const agentCommand = offline ? offline.command : 'claude --permission-mode acceptEdits';
  const agentLine = offline
    ? `Claude Code ${offline.version} (from node_modules) with the scripted offline model — no API key needed\n            (${mine.why})`
    : `your own Claude Code ${mine.version} (claude on PATH, ${mine.auth}): sessions use your account`;
  draftTasks(workspace, Boolean(offline));

  // code-server keeps its config, user data, extensions and (offline) logs under demo/.work.
  const entry = path.join(ROOT, 'test/vscode-server/node_modules/code-server/out/node/entry.js');
  const config = path.join(WORK, 'code-server.yaml');
  const userData = path.join(WORK, 'user-data');
  const extensions = path.join(WORK, 'extensions');
  fs.writeFileSync(config, 'auth: none\n');
  fs.rmSync(extensions, { recursive: true, force: true });
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(extensions, { recursive: true });
  fs.writeFileSync(
    path.join(userData, 'User', 'settings.json'),
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
        'director.readyTimeoutSeconds': 60, // a first start of Claude Code can be slow (cold disk, small machine)
      },
      null,
      2,
    ),
  );
  // The environment reaches the extension host, the tmux server and its panes: with the user's own
  // claude it stays untouched (XDG_DATA_HOME is where a native claude install lives).
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE') delete env[k];
  if (offline) env.XDG_DATA_HOME = path.join(WORK, 'code-server-data');
  run(
    process.execPath,
    [
      entry,
      '--config',
      config,
      '--user-data-dir',
      userData,
      '--extensions-dir',
      extensions,
      '--install-extension',
      vsix,
      '--force',
    ],
    { stdio: 'pipe', env },
  );

  // Its own process group, so that stopping the demo stops the server, the extension host and
  // everything they started, and nothing else.
  const server = spawn(
    process.execPath,
    [
      entry,
      '--config',
      config,
      '--auth',
      'none',
      '--bind-addr',
      `${HOST}:${PORT}`,
      '--user-data-dir',
      userData,
      '--extensions-dir',
      extensions,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-getting-started-override',
      '--disable-workspace-trust',
      '--ignore-last-opened',
      workspace,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env, detached: true },
  );
  cleanups.push(() => {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      return;
    }
    // Give it a moment to end its children, then make sure.
    spawnSync(
      'sh',
      [
        '-c',
        `for i in $(seq 30); do kill -0 -${server.pid} 2>/dev/null || exit 0; sleep 0.1; done; kill -KILL -${server.pid} 2>/dev/null`,
      ],
      { stdio: 'ignore' },
    );
  });
  let announced = false;
  const announce = () => {
    if (announced) return;
    announced = true;
    console.log(`
cmux Director demo is running.

  Open:     http://${HOST}:${PORT}/?folder=${encodeURIComponent(workspace)}
  Agent:    ${agentLine}${offline ? `\n  Model:    ${offline.url} (test/fixtures/scripted-model/server.mjs)` : ''}
  Panes:    tmux -L ${SOCKET} attach -t cmux-director

In VS Code: click the Director icon in the activity bar, then "Spawn Session" and pick a drafted
task (farewell, risky-script, half-done). Watch it run, answer the permission prompt from its
notification, Review Changes, and Close as SHIP; the Ledger view shows the line. half-done leaves
a syntax error: verify says NO-SHIP and SHIP is blocked. Ctrl-C stops the demo.
`);
  };
  server.stdout.on('data', (d) => {
    if (/HTTP server listening/.test(String(d))) announce();
  });
  server.stderr.on('data', (d) => process.stderr.write(d));
  server.on('exit', (code) => {
    if (!cleanedUp) {
      console.error(`code-server exited (${code}).`);
      process.exit(code || 1);
    }
  });
}

main().catch((error) => {
  console.error(`demo: ${error.message}`);
  process.exit(1);
});
