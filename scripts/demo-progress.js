// Progress and quiet logs for `npm run demo`: one line per set-up step, `[n/N] what… done (12 s)`,
// with a live timer and the current sub-step on a terminal. What the children print (npm, vsce,
// code-server, the CLI) goes to one log file, demo/.work/demo.log; a failed step names it and
// shows its last lines. Sub-steps are the children's lines that start with `--> ` (install.sh and
// system-deps.sh print them).
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const MARK = /^--> (.+)$/;

class StepFailed extends Error {}

function createProgress({ total, logFile, root, out = process.stdout }) {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  fs.writeFileSync(logFile, `cmux Director demo, started ${new Date().toISOString()}\n`);
  const shown = path.relative(root, logFile);
  const tty = Boolean(out.isTTY);
  const children = new Set();
  let n = 0;
  let current; // { label, t0, detail, timer, broken }

  const log = (text) => fs.appendFileSync(logFile, text.endsWith('\n') ? text : `${text}\n`);
  const seconds = (t0) => `${Math.round((Date.now() - t0) / 1000)} s`;
  const head = () => `[${n}/${total}] ${current.label}…`;
  // A redrawn line must fit the terminal: a wrapped one is not erased by the next redraw.
  const fit = (line) => line.slice(0, (out.columns || 80) - 1);
  const render = () => {
    if (tty && current)
      out.write(`\r\x1b[2K${fit(`${head()} ${seconds(current.t0)}${current.detail ? `  ${current.detail}` : ''}`)}`);
  };
  /** Ends the step's line: on a terminal it is redrawn, elsewhere the word is appended. */
  const finish = (word) => {
    if (!current) return;
    clearInterval(current.timer);
    const end = `${word} (${seconds(current.t0)})`;
    if (tty) out.write(`\r\x1b[2K${fit(`${head()} ${end}`)}\n`);
    else out.write(current.broken ? `      ${end}\n` : ` ${end}\n`);
    current = undefined;
  };
  const detail = (text) => {
    if (!current) return;
    current.detail = text;
    if (tty) render();
    else {
      if (!current.broken) out.write('\n');
      current.broken = true;
      out.write(`      ${text}\n`);
    }
  };

  /** The last lines of the log, for a failure message. */
  const tail = (count = 25) => {
    const lines = fs.readFileSync(logFile, 'utf8').trimEnd().split('\n');
    return lines.slice(-count).map((l) => `  | ${l}`);
  };

  return {
    log,
    logFile: shown,
    detail,
    /** Runs one step; `fn` may return a short word for its line (default "done"). */
    async step(label, fn) {
      n++;
      current = { label, t0: Date.now(), detail: '', broken: false };
      log(`\n=== [${n}/${total}] ${label}`);
      out.write(tty ? fit(head()) : head());
      if (tty) current.timer = setInterval(render, 1000).unref();
      try {
        const word = await fn();
        finish(typeof word === 'string' ? word : 'done');
      } catch (error) {
        finish('failed');
        log(`FAILED: ${error.stack || error.message}`);
        throw new StepFailed(
          `${label} failed: ${error.message}\nThe log is ${shown}; its last lines:\n${tail().join('\n')}`,
        );
      }
    },
    /** Runs a child with its output in the log; rejects when it exits non-zero. */
    run(cmd, args, options = {}) {
      log(`$ ${[cmd, ...args].join(' ')}`);
      return new Promise((resolve, reject) => {
        const child = spawn(cmd, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
        children.add(child);
        let partial = '';
        const onData = (chunk) => {
          fs.appendFileSync(logFile, chunk);
          const lines = (partial + chunk).split('\n');
          partial = lines.pop();
          for (const line of lines) {
            const m = MARK.exec(line.trim());
            if (m) detail(m[1]);
          }
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        child.once('error', (error) => {
          children.delete(child);
          reject(error);
        });
        child.once('close', (code, signal) => {
          children.delete(child);
          if (code === 0) resolve();
          else reject(new Error(`${path.basename(cmd)} ${args[0] ?? ''} exited with ${signal ?? code}`.trim()));
        });
      });
    },
    /** Stops the children of a step still running (Ctrl-C during set-up). */
    stop() {
      if (current) {
        clearInterval(current.timer);
        out.write('\n');
        current = undefined;
      }
      for (const child of children) child.kill('SIGTERM');
    },
  };
}

module.exports = { createProgress, StepFailed };
