/** SerialRunner: one pass at a time, calls during a pass coalesce into one more, none is lost. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SerialRunner } from '../../src/extension/serialRunner';

const tick = () => new Promise((resolve) => setImmediate(resolve));

test('calls during a pass coalesce into exactly one more pass, and each caller waits for it', async () => {
  let passes = 0;
  let release: () => void = () => undefined;
  const runner = new SerialRunner(
    () => {
      passes++;
      return new Promise<void>((resolve) => (release = resolve));
    },
    () => false,
  );
  const first = runner.run();
  const second = runner.run();
  const third = runner.run();
  await tick();
  assert.equal(passes, 1);
  release();
  await tick();
  assert.equal(passes, 2, 'one more pass for the two calls made meanwhile');
  release();
  await Promise.all([first, second, third]);
  assert.equal(passes, 2);
});

test('a call made as the last pass ends is never dropped', async () => {
  // The call lands a few microtasks after the pass settles: at some depth, between the runner's
  // last look for more calls and its letting go of the running pass (where a call was once lost).
  for (let depth = 0; depth < 8; depth++) {
    let passes = 0;
    let late: Promise<void> | undefined;
    const runner = new SerialRunner(
      async () => {
        passes++;
        if (passes > 1) return;
        let hop: Promise<unknown> = Promise.resolve();
        for (let i = 0; i < depth; i++) hop = hop.then(() => undefined);
        void hop.then(() => (late = runner.run()));
      },
      () => false,
    );
    await runner.run();
    await new Promise((resolve) => setImmediate(resolve));
    await late;
    assert.equal(passes, 2, `the call ${depth} microtasks after the pass was run`);
  }
});

test('passes asked for meanwhile start no sooner than the gap after the last start', async () => {
  const starts: number[] = [];
  const runner = new SerialRunner(
    async () => {
      starts.push(Date.now());
    },
    () => false,
    200,
  );
  const first = runner.run();
  const second = runner.run();
  await Promise.all([first, second]);
  assert.equal(starts.length, 2);
  assert.ok(starts[1]! - starts[0]! >= 190, `second pass ${starts[1]! - starts[0]!} ms after the first`);
});

test('a stopped runner ends after its pass instead of running the coalesced one', async () => {
  let passes = 0;
  let stopped = false;
  const runner = new SerialRunner(
    async () => {
      passes++;
      stopped = true;
    },
    () => stopped,
  );
  await Promise.all([runner.run(), runner.run()]);
  assert.equal(passes, 1);
});
