/**
 * The loop never reports what did not happen: a dead agent or a vanished tmux server ends a wait
 * with GONE (never DONE), and a session that was never delivered cannot be waited on. Real
 * Claude Code, real tmux.
 */
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { execaSync } from 'execa';
import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, makeRepo, read, surfaceOf, TmuxWorld, writeSettings, realClaudeSuite, it } from './helpers';

const { model, world } = realClaudeSuite();

async function startHanging(w: TmuxWorld, repo: string, slug: string): Promise<string> {
  assert.equal((await w.cli(repo, 'draft', slug, '--goal', 'Think forever.\n@hang')).exitCode, 0);
  const spawned = await w.cli(repo, 'spawn', slug, '--agent', model.agent(repo));
  assert.equal(spawned.exitCode, 0, `${spawned.stdout} ${spawned.stderr}`);
  return surfaceOf(spawned.stdout);
}

describe('faults on the real Claude Code', () => {
  it('ends a wait with GONE within seconds when the agent is killed', async () => {
    const w = world();
    const repo = makeRepo();
    const pane = await startHanging(w, repo, 'killed');
    const waiting = w.cli(repo, 'wait', 'killed', '--timeout', '600');
    await new Promise((r) => setTimeout(r, 1500));
    const shellPid = w.tmux('display-message', '-p', '-t', pane, '#{pane_pid}').trim();
    const killedAt = Date.now();
    execaSync('pkill', ['-KILL', '-P', shellPid], { reject: false });
    const waited = await waiting;
    assert.deepEqual([waited.stdout, waited.exitCode], ['GONE slug=impl-killed reason=agent-exited', 7]);
    assert.ok(Date.now() - killedAt < 8000, `GONE came ${Date.now() - killedAt} ms after the kill`);
    assert.equal((await w.cli(repo, 'status')).stdout, 'impl-killed gone');
  });

  it('never reports DONE when the tmux server exits under a wait', async () => {
    const w = world();
    const repo = makeRepo();
    await startHanging(w, repo, 'orphan');
    const waiting = w.cli(repo, 'wait', 'orphan', '--timeout', '600');
    await new Promise((r) => setTimeout(r, 1500));
    w.kill();
    const waited = await waiting;
    assert.equal(waited.exitCode, 7, `${waited.stdout} ${waited.stderr}`);
    assert.match(
      waited.stdout,
      /^GONE slug=impl-orphan reason=(multiplexer-exited|agent-exited|session-ended|pane-closed)$/,
    );
    const verify = await w.cli(repo, 'wait', 'orphan', '--timeout', '1');
    assert.notEqual(verify.stdout, 'DONE slug=impl-orphan', 'the wake-up is not recorded as a signal');
  });

  it('picks up a session whose spawn was stopped before it saw the delivery (a closed window): done', async () => {
    const w = world();
    const repo = makeRepo();
    const goal = 'Write it.\n@write src/cut.ts export const cut = 1;';
    assert.equal((await w.cli(repo, 'draft', 'cut', '--goal', goal, '--scope', 'src/**')).exitCode, 0);
    // A spawn stopped between typing the agent's command and seeing the delivery leaves the record
    // `spawned` while the agent works on. Killing the CLI at that moment is a race on a busy machine
    // (killed before it typed the command, no agent starts), so the record is put back as such a
    // spawn leaves it, just after a real spawn delivered the task.
    const record = join(repo, 'tmp/sessions/impl-cut.json');
    const read = () => JSON.parse(readFileSync(record, 'utf8')) as Record<string, unknown>;
    const spawned = await w.cli(repo, 'spawn', 'cut', '--agent', model.agent(repo));
    assert.equal(spawned.exitCode, 0, spawned.stderr);
    const { agentProgram: _seenBySpawn, ...cut } = read();
    writeFileSync(record, JSON.stringify({ ...cut, phase: 'spawned' }, null, 2));
    await eventually(
      'status to say done',
      async () => /^impl-cut\s+done\b/m.test((await w.cli(repo, 'status')).stdout) || undefined,
      60000,
    );
    assert.equal((await w.cli(repo, 'wait', 'cut', '--timeout', '10')).stdout, 'DONE slug=impl-cut');
  });

  it("delivers a slug spawned again right after close, though the closed agent's SessionEnd lands in the new log", async () => {
    const w = world();
    const repo = makeRepo();
    const logPath = 'tmp/sessions/impl-again.events.jsonl';
    const log = join(repo, logPath);
    // The closed agent's hooks tag their lines with its spawn's generation, named by the log's header.
    let closedGeneration: { generation: string } | undefined;
    const run = async (round: number) => {
      const goal = `Round ${round}.\n@write src/again.ts export const round = ${round};`;
      assert.equal((await w.cli(repo, 'draft', 'again', '--goal', goal, '--scope', 'src/**')).exitCode, 0);
      const spawning = w.cli(repo, 'spawn', 'again', '--agent', model.agent(repo));
      if (closedGeneration) {
        // The agent closed a moment ago may log its SessionEnd after spawn started the log afresh, before
        // the new agent starts; on a busy machine it does. Here it does every time.
        await eventually(
          'the new pane',
          () => w.tmux('list-panes', '-a', '-F', '#{@director_session}').includes('impl-again') || undefined,
          30000,
        );
        const late = { session_id: `closed-${round}`, cwd: repo, hook_event_name: 'SessionEnd', reason: 'other' };
        appendFileSync(log, JSON.stringify({ pid: 1, gen: closedGeneration.generation, agent: 0, event: late }) + '\n');
      }
      const spawned = await spawning;
      assert.match(spawned.stdout, /^SPAWNED slug=impl-again /, `${spawned.stdout} ${spawned.stderr}`);
      assert.equal((await w.cli(repo, 'wait', 'again', '--timeout', '60')).stdout, 'DONE slug=impl-again');
      assert.equal(read(repo, 'src/again.ts').trim(), `export const round = ${round};`);
      assert.match((await w.cli(repo, 'status')).stdout, /^impl-again\s+done\b/m);
      closedGeneration = JSON.parse(read(repo, logPath).split('\n')[0]!) as { generation: string };
      const agent = Number(w.agentPid(surfaceOf(spawned.stdout)));
      const closed = await w.cli(repo, 'close', 'again', '--outcome', 'ABANDON', '--summary', `round ${round}`);
      assert.equal(closed.exitCode, 0, closed.stderr);
      assert.throws(() => process.kill(agent, 0), 'close returns once the agent it ended has exited');
    };
    for (const round of [0, 1, 2]) await run(round);
  });

  it('refuses to wait on a session that was never delivered, and keeps it NOT-DELIVERED', async () => {
    const w = world();
    const repo = makeRepo();
    writeSettings(repo, { 'director.readyTimeoutSeconds': 3 });
    assert.equal((await w.cli(repo, 'draft', 'silent', '--goal', 'Never starts.')).exitCode, 0);
    const spawned = await w.cli(repo, 'spawn', 'silent', '--agent', 'sleep 600 #');
    assert.deepEqual([spawned.stdout, spawned.exitCode], ['NOT-DELIVERED slug=impl-silent reason=no-hook-events', 1]);
    const waited = await w.cli(repo, 'wait', 'silent', '--timeout', '2');
    assert.equal(waited.exitCode, 1);
    assert.match(waited.stderr, /never delivered \(no-hook-events\)/);
    const record = JSON.parse(execaSync('cat', [`${repo}/tmp/sessions/impl-silent.json`]).stdout) as { phase: string };
    assert.equal(record.phase, 'not-delivered');
    await eventually(
      'status lists it',
      async () => (await w.cli(repo, 'status')).stdout.startsWith('impl-silent') || undefined,
    );
  });

  it('refuses SHIP over NO-SHIP and needs a reason over NEEDS-CODE-REVIEW, from the CLI too', async () => {
    const w = world();
    const repo = makeRepo();
    const ledger = join(repo, 'tmp/sessions/_ledger.md');
    for (const [slug, goal] of [
      ['broken', '@write src/bad.ts export const = ;'],
      ['wide', '@write README.md # widened'],
    ]) {
      assert.equal((await w.cli(repo, 'draft', slug!, '--goal', `Edit.\n${goal}`, '--scope', 'src/**')).exitCode, 0);
      assert.equal((await w.cli(repo, 'spawn', slug!, '--agent', model.agent(repo))).exitCode, 0);
      assert.equal((await w.cli(repo, 'wait', slug!, '--timeout', '60')).stdout, `DONE slug=impl-${slug}`);
    }
    const blocked = await w.cli(repo, 'close', 'broken', '--outcome', 'SHIP', '--summary', 'Added bad.ts');
    assert.equal(blocked.exitCode, 3);
    assert.match(blocked.stderr, /SHIP refused: verify says NO-SHIP \(parse-error:src\/bad\.ts[;)]/);
    assert.equal(existsSync(ledger), false, 'nothing was written to the ledger');
    const review = await w.cli(repo, 'close', 'wide', '--outcome', 'SHIP', '--summary', 'Reworded README');
    assert.equal(review.exitCode, 4);
    assert.match(review.stderr, /--accept-review/);
    const accepted = await w.cli(
      repo,
      'close',
      'wide',
      '--outcome',
      'SHIP',
      '--summary',
      'Reworded README',
      '--accept-review',
      'README wording only',
    );
    assert.equal(accepted.exitCode, 0, accepted.stderr);
    assert.match(
      readFileSync(ledger, 'utf8'),
      /\| SHIP \| wide \| Reworded README \(SHIP over NEEDS-CODE-REVIEW: README wording only\)$/m,
    );
    assert.equal(
      (await w.cli(repo, 'close', 'broken', '--outcome', 'NO-SHIP', '--summary', 'Left a syntax error')).exitCode,
      0,
    );
  });

  it('leaves no waiter process or relay lock behind after timeouts, a question, a redirect and close', async () => {
    const w = world();
    const repo = makeRepo();
    assert.equal(
      (await w.cli(repo, 'draft', 'tidy', '--goal', 'Ask slowly.\n@sleep 2500 @ask Which file?')).exitCode,
      0,
    );
    assert.equal((await w.cli(repo, 'spawn', 'tidy', '--agent', model.agent(repo))).exitCode, 0);
    assert.equal(
      (await w.cli(repo, 'wait', 'tidy', '--timeout', '1')).exitCode,
      6,
      'a timed-out wait abandons its waiters',
    );
    assert.equal((await w.cli(repo, 'wait', 'tidy', '--timeout', '60')).exitCode, 5);
    await eventually(
      'idle after the question',
      async () => (await w.cli(repo, 'status')).stdout === 'impl-tidy question' || undefined,
    );
    assert.equal(
      (await w.cli(repo, 'redirect', 'tidy', '--message', 'Use src/t.ts. @write src/t.ts export const t = 1;'))
        .exitCode,
      0,
    );
    assert.equal((await w.cli(repo, 'wait', 'tidy', '--timeout', '60')).stdout, 'DONE slug=impl-tidy');
    assert.equal((await w.cli(repo, 'close', 'tidy', '--outcome', 'SHIP', '--summary', 'Added src/t.ts')).exitCode, 0);
    await new Promise((r) => setTimeout(r, 500));
    const waiters = execaSync('pgrep', ['-af', `${w.socket} wait-for`], { reject: false }).stdout.trim();
    assert.equal(waiters, '', 'no tmux wait-for of this session is still running');
    const waitsDir = join(tmpdir(), `cmux-director-waits-${process.getuid!()}`);
    const record = JSON.parse(readFileSync(join(repo, 'tmp/sessions/impl-tidy.json'), 'utf8')) as {
      waitToken: string;
      retiredTokens: string[];
    };
    const tokens = [...record.retiredTokens, record.waitToken];
    assert.equal(tokens.length, 2, 'the redirect retired the first token');
    const relays = existsSync(waitsDir) ? readdirSync(waitsDir).filter((n) => tokens.some((t) => n.includes(t))) : [];
    assert.deepEqual(relays, [], 'no relay lock of this session is left');
  });

  it('never SHIPs a session whose turn ended on an API error, even though it signalled done', async () => {
    const w = world();
    const repo = makeRepo();
    assert.equal(
      (
        await w.cli(
          repo,
          'draft',
          'flaky',
          '--goal',
          'Write, signal, then fail.\n@write src/f.ts export const f = 1;\n@fail-at-end',
        )
      ).exitCode,
      0,
    );
    assert.equal((await w.cli(repo, 'spawn', 'flaky', '--agent', model.agent(repo))).exitCode, 0);
    assert.equal((await w.cli(repo, 'wait', 'flaky', '--timeout', '60')).stdout, 'DONE slug=impl-flaky');
    const verified = await w.cli(repo, 'verify', 'flaky');
    assert.equal(verified.exitCode, 3, verified.stdout);
    assert.match(verified.stdout, /^NO-SHIP slug=impl-flaky files=1 \+1 -0 reasons=agent-error:api-error\(\w+\)$/);
    const ship = await w.cli(repo, 'close', 'flaky', '--outcome', 'SHIP', '--summary', 'Added f');
    assert.equal(ship.exitCode, 3, 'the SHIP gate refuses it too');
  });

  it('warns when two sessions in one working tree wrote the same file', async () => {
    const w = world();
    const repo = makeRepo();
    for (const [slug, value] of [
      ['left', 1],
      ['right', 2],
    ] as const) {
      assert.equal(
        (
          await w.cli(
            repo,
            'draft',
            slug,
            '--goal',
            `Write the shared file.\n@write src/same.ts export const same = ${value};`,
          )
        ).exitCode,
        0,
      );
      assert.equal((await w.cli(repo, 'spawn', slug, '--agent', model.agent(repo))).exitCode, 0);
      assert.equal((await w.cli(repo, 'wait', slug, '--timeout', '60')).exitCode, 0);
    }
    const status = await w.cli(repo, 'status', '--json');
    const sessions = JSON.parse(status.stdout).sessions as Array<{
      slug: string;
      sharedWrites?: Array<{ path: string; with: string }>;
    }>;
    assert.deepEqual(sessions.find((x) => x.slug === 'impl-left')?.sharedWrites, [
      { path: 'src/same.ts', with: 'impl-right' },
    ]);
    assert.match(status.stderr, /impl-left and impl-right both wrote src\/same\.ts in one working tree/);
  });

  it("never lets a session rewrite the director's own files (hook program, records, ledger)", async () => {
    const w = world();
    const repo = makeRepo();
    assert.equal(
      (
        await w.cli(
          repo,
          'draft',
          'sneaky',
          '--goal',
          'Rewrite the hook.\n@write tmp/sessions/director-hook.sh echo pwned\n@write tmp/sessions/impl-sneaky.json {}\n@write src/ok.ts export const ok = 1;',
        )
      ).exitCode,
      0,
    );
    assert.equal((await w.cli(repo, 'spawn', 'sneaky', '--agent', model.agent(repo))).exitCode, 0);
    assert.equal((await w.cli(repo, 'wait', 'sneaky', '--timeout', '60')).stdout, 'DONE slug=impl-sneaky');
    assert.match(
      readFileSync(join(repo, 'tmp/sessions/director-hook.sh'), 'utf8'),
      /^#!\/bin\/sh\n# cmux Director session hook/,
    );
    assert.equal(JSON.parse(readFileSync(join(repo, 'tmp/sessions/impl-sneaky.json'), 'utf8')).slug, 'impl-sneaky');
    assert.equal(readFileSync(join(repo, 'src/ok.ts'), 'utf8'), 'export const ok = 1;\n', 'its own work is written');
  });

  it('reports a folder-trust dialog in seconds, and counts the task as delivered once the user trusts the folder', async () => {
    const w = world();
    const repo = makeRepo();
    assert.equal(
      (await w.cli(repo, 'draft', 'trusting', '--goal', 'Add t.\n@write src/t.ts export const t = 1;')).exitCode,
      0,
    );
    const started = Date.now();
    const spawned = await w.cli(repo, 'spawn', 'trusting', '--agent', model.untrustedAgent());
    assert.match(spawned.stdout, /^NOT-DELIVERED slug=impl-trusting reason=trust-dialog$/);
    assert.ok(Date.now() - started < 15000, `reported after ${Date.now() - started} ms`);
    const pane = /impl-trusting/.test(spawned.stdout)
      ? w
          .tmux('list-panes', '-a', '-F', '#{pane_id} #{@director_session}')
          .split('\n')
          .find((l) => l.endsWith('impl-trusting'))!
          .split(' ')[0]!
      : '';
    // The user answers the dialog in the pane: "Yes, I trust this folder".
    // Enter only once the choice moved: a key that comes before the dialog reads keys is lost, and
    // Enter read against the old choice, "No, exit", ends the agent (both seen on a busy machine).
    await eventually('the trust choice selected', async () => {
      if (/❯\s*(\d\.\s*)?Yes, I trust/.test(w.screen(pane))) return true;
      w.tmux('send-keys', '-t', pane, 'Down'); // the last choice: more presses stay on it
      return undefined;
    });
    w.tmux('send-keys', '-t', pane, 'Enter');
    const waited = await w.cli(repo, 'wait', 'trusting', '--timeout', '60');
    assert.deepEqual([waited.stdout, waited.exitCode], ['DONE slug=impl-trusting', 0], waited.stderr);
    assert.equal(readFileSync(join(repo, 'src/t.ts'), 'utf8'), 'export const t = 1;\n');
  });
});
