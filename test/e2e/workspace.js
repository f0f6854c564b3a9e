// Creates demo git workspaces for the real-VS-Code tests and for `npm run demo`.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const EXT_ROOT = path.resolve(__dirname, '..', '..');
const STUB = path.join(EXT_ROOT, 'test', 'fixtures', 'stub-agent', 'stub-claude');

const FILES = {
  'README.md': '# Demo project\n\nA tiny TypeScript project for trying cmux Director.\n',
  'package.json': '{\n  "name": "director-demo",\n  "version": "1.0.0",\n  "private": true\n}\n',
  'src/greet.ts': 'export function greet(name: string): string {\n  return `Hello, ${name}`;\n}\n',
  'src/math.ts': 'export const add = (a: number, b: number): number => a + b;\n',
};

/** A fresh git repository with a first commit, in `dir` (created) or a new temp dir. */
function createDemoWorkspace(dir) {
  const root = dir || fs.mkdtempSync(path.join(os.tmpdir(), 'director-demo-'));
  fs.mkdirSync(root, { recursive: true });
  for (const [file, content] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  }
  const git = (...args) => execFileSync('git', args, { cwd: root, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'demo@example.invalid');
  git('config', 'user.name', 'Director Demo');
  git('add', '-A');
  git('commit', '-qm', 'Demo project');
  return fs.realpathSync(root);
}

/** Settings that make the extension use tmux on a private socket and the stub agent. */
function stubSettings(socket, extra = {}) {
  return {
    'director.backend': 'tmux',
    'director.tmuxSocket': socket,
    'director.agentCommand': `STUB_THINK_MS=60 ${STUB}`,
    ...extra,
  };
}

function killTmux(socket) {
  try { execFileSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' }); } catch { /* not running */ }
}

module.exports = { createDemoWorkspace, stubSettings, killTmux, STUB };
