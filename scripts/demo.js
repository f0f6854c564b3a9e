#!/usr/bin/env node
// `npm run demo`: builds the extension, installs it into a real VS Code (code-server 4.100.3,
// pinned from npm), creates a demo git repository with drafted tasks, and serves VS Code on
// http://127.0.0.1:<port>. Sessions run in tmux; when `claude` is not installed they run the
// scripted stub agent (test/fixtures/stub-agent), so the whole loop works offline.
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

function preflight() {
  const missing = ['tmux', 'git', 'rg'].filter((c) => !has(c));
  if (!fs.existsSync('/usr/include/krb5.h') && !fs.existsSync('/usr/include/gssapi/gssapi.h')) missing.push('libkrb5-dev');
  if (missing.length > 0) {
    const pkgs = missing.map((m) => (m === 'rg' ? 'ripgrep' : m)).join(' ');
    console.error(`demo: missing ${pkgs}. Install them first: sudo apt-get install -y ${pkgs}`);
    process.exit(1);
  }
}

function demoWorkspace(agentIsStub) {
  const { createDemoWorkspace } = require('../test/e2e/workspace');
  const dir = path.join(WORK, 'director-demo');
  fs.rmSync(dir, { recursive: true, force: true });
  createDemoWorkspace(dir);
  const cli = (...args) => run(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), ...args, '--cwd', dir, '--backend', 'tmux', '--tmux-socket', SOCKET], { stdio: 'pipe' });
  // With the stub agent, goals carry @directives (what the stub does); a real Claude reads the prose.
  const stub = (d) => (agentIsStub ? ` ${d}` : '');
  cli('draft', 'farewell', '--goal', `Add a farewell(name) function next to greet() in src/greet.ts's folder.${stub('@sleep 3000 @write src/farewell.ts export const farewell = (name: string): string => `Bye, ${name}`;')}`, '--scope', 'src/**');
  cli('draft', 'risky-script', '--goal', `Add a build script that needs to run a shell command.${stub('@permission touch build.ok @write src/build.ts export const built = true;')}`, '--scope', 'src/**');
  cli('draft', 'half-done', '--goal', `Start a parser (the stub leaves a syntax error so verify says NO-SHIP).${stub('@write src/parser.ts export const parse = (;')}`, '--scope', 'src/**');
  return dir;
}

async function main() {
  preflight();
  console.log('demo: building the extension…');
  run('npm', ['run', '--silent', 'build']);
  run('npm', ['run', '--silent', 'install:vscode-server']);
  fs.mkdirSync(WORK, { recursive: true });
  const vsix = path.join(WORK, 'cmux-director.vsix');
  run('npx', ['--no-install', 'vsce', 'package', '--no-dependencies', '--skip-license', '-o', vsix], { stdio: 'pipe' });

  const agentIsStub = !has('claude');
  const agent = agentIsStub ? `STUB_THINK_MS=400 ${path.join(ROOT, 'test/fixtures/stub-agent/stub-claude')}` : 'claude --permission-mode acceptEdits';
  const workspace = demoWorkspace(agentIsStub);

  const entry = path.join(ROOT, 'test/vscode-server/node_modules/code-server/out/node/entry.js');
  const userData = path.join(WORK, 'user-data');
  const extensions = path.join(WORK, 'extensions');
  fs.rmSync(extensions, { recursive: true, force: true });
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(extensions, { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'update.mode': 'none', 'extensions.autoCheckUpdates': false,
    'security.workspace.trust.enabled': false,
    'director.backend': 'tmux', 'director.tmuxSocket': SOCKET, 'director.agentCommand': agent,
  }, null, 2));
  run(process.execPath, [entry, '--user-data-dir', userData, '--extensions-dir', extensions, '--install-extension', vsix, '--force'], { stdio: 'pipe' });

  const server = spawn(process.execPath, [entry, '--auth', 'none', '--bind-addr', `${HOST}:${PORT}`, '--user-data-dir', userData,
    '--extensions-dir', extensions, '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override',
    '--config', path.join(WORK, 'code-server.yaml'), '--ignore-last-opened', workspace], { stdio: ['ignore', 'pipe', 'pipe'] });
  let announced = false;
  const announce = () => {
    if (announced) return;
    announced = true;
    console.log(`
cmux Director demo is running.

  Open:     http://${HOST}:${PORT}/?folder=${encodeURIComponent(workspace)}
  Agent:    ${agentIsStub ? 'stub agent (claude is not installed)' : 'claude'}
  Panes:    tmux -L ${SOCKET} attach -t cmux-director

In VS Code: click the Director icon in the activity bar, then "Spawn Session" and pick a drafted
task (farewell, risky-script, half-done). Watch it run, answer the permission prompt, Review
Changes, and Close as SHIP; the Ledger view shows the line. Ctrl-C stops the demo.
`);
  };
  server.stdout.on('data', (d) => { if (/HTTP server listening/.test(String(d))) announce(); });
  server.stderr.on('data', (d) => process.stderr.write(d));
  const stop = () => { server.kill('SIGTERM'); spawnSync('tmux', ['-L', SOCKET, 'kill-server'], { stdio: 'ignore' }); process.exit(0); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.on('exit', (code) => { console.error(`code-server exited (${code}).`); process.exit(code || 1); });
}

main().catch((error) => { console.error(`demo: ${error.message}`); process.exit(1); });
