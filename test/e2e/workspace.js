// Creates demo git workspaces for the real-VS-Code tests and for `npm run demo`, and the settings
// that make the extension run the real Claude Code (the pinned devDependency) offline against the
// scripted model (test/fixtures/scripted-model) in tmux on a private socket.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const offlineClaude = require('../fixtures/scripted-model/offline-claude.cjs');

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

/**
 * Starts the scripted model (call in `before`; `stop()` in `after`). `settings(socket, workspace)`
 * gives the settings for a server opening `workspace`: tmux on `socket`, and the real Claude Code
 * with an isolated HOME that trusts the workspace and skips its first-run dialogs.
 */
async function startOfflineClaude() {
  const model = await offlineClaude.startModel();
  const homes = [];
  return {
    url: model.url,
    async stop() {
      await model.stop();
      // Claude Code may still be writing there for a moment after its pane was killed.
      for (const home of homes.splice(0)) {
        try {
          fs.rmSync(home, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
        } catch {
          /* left in the temp dir */
        }
      }
    },
    agent(workspace) {
      const home = offlineClaude.makeHome([workspace]);
      homes.push(home);
      return offlineClaude.agentCommand(home, model.url);
    },
    settings(socket, workspace, extra = {}) {
      return {
        'director.backend': 'tmux',
        'director.tmuxSocket': socket,
        'director.agentCommand': this.agent(workspace),
        // Claude Code takes 5-15 s to start on the 2-core CI machine, more when other jobs load it.
        'director.readyTimeoutSeconds': 90,
        ...extra,
      };
    },
  };
}

/**
 * Environment for the code-server that the tests start: the tmux server the extension starts
 * inherits it, and its panes run `$SHELL -l`. A POSIX login shell keeps the panes independent of
 * the machine's ~/.bashrc (on the CI machine it runs `pyenv rehash`, which waits up to 60 s on a
 * lock that a killed shell can leave behind; spawn gives up after 30 s).
 */
const PANE_SHELL_ENV = { SHELL: '/bin/sh' };

function killTmux(socket) {
  try {
    execFileSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' });
  } catch {
    /* not running */
  }
}

module.exports = { createDemoWorkspace, startOfflineClaude, killTmux, offlineClaude, PANE_SHELL_ENV };
