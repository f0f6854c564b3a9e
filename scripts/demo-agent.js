// The agent `npm run demo` runs in its panes, and the tasks it drafts for it.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

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

/**
 * The real Claude Code from node_modules against the scripted model (a child of this process,
 * logging to <work>/scripted-model.log), with its HOME in <work>/claude-home.
 */
async function offlineClaude(workspace, work) {
  const offline = require('../test/fixtures/scripted-model/offline-claude.cjs');
  const version = JSON.parse(
    fs.readFileSync(path.join(ROOT, 'node_modules', '@anthropic-ai', 'claude-code', 'package.json'), 'utf8'),
  ).version;
  const model = await offline.startModel({ log: path.join(work, 'scripted-model.log') });
  const homeDir = path.join(work, 'claude-home');
  fs.rmSync(homeDir, { recursive: true, force: true });
  const home = offline.makeHome([workspace], homeDir);
  return { version, url: model.url, pid: model.pid, command: offline.agentCommand(home, model.url) };
}

/**
 * The three drafted tasks. Their prose is what a real Claude reads; with the scripted model the
 * @directive lines (one per line: the model acts only on lines that start with `@`, see
 * test/fixtures/scripted-model/server.mjs) make each one do what the README says:
 * farewell writes src/farewell.ts; risky-script runs `git tag`, which Claude Code asks permission
 * for; half-done leaves a syntax error, so verify says NO-SHIP (parse-error).
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

module.exports = { userClaude, offlineClaude, tasks };
