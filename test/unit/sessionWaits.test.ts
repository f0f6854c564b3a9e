/** SessionWaits: one wait per live session; a wait that ends by itself asks for a re-read. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Director } from '../../src/director';
import { SessionWaits } from '../../src/extension/sessionWaits';
import type { SessionView } from '../../src/extension/sessionView';

/** A director whose waits end when the test says so (or when aborted). */
function director() {
  const pending = new Map<string, { signal: AbortSignal; end: () => void }>();
  const calls: string[] = [];
  const wait = (slug: string, options: { signal: AbortSignal }) =>
    new Promise<{ kind: string }>((resolve) => {
      calls.push(slug);
      pending.set(slug, { signal: options.signal, end: () => resolve({ kind: 'done' }) });
      options.signal.addEventListener('abort', () => resolve({ kind: 'aborted' }));
    });
  return { fake: { wait } as unknown as Director, pending, calls };
}

const view = (slug: string, state: SessionView['state'], phase = 'spawned') =>
  ({ slug, state, record: { waitToken: `tok-${slug}`, phase } }) as unknown as SessionView;
const quiet = { info: () => undefined, warn: () => undefined };
const settle = () => new Promise((r) => setImmediate(r));

test('a wait per live session, none for gone or finished ones, and not twice', () => {
  const { fake, calls } = director();
  const waits = new SessionWaits(quiet, () => undefined);
  const views = [
    view('impl-a', 'running'),
    view('impl-b', 'gone'),
    view('impl-c', 'done', 'done'),
    view('impl-d', 'idle'),
  ];
  waits.sync(fake, views);
  waits.sync(fake, views);
  assert.deepEqual(calls, ['impl-a', 'impl-d']);
  waits.stop();
});

test('a wait that ends by itself asks for a re-read; one stopped here does not', async () => {
  const { fake, pending } = director();
  let ended = 0;
  const waits = new SessionWaits(quiet, () => ended++);
  waits.sync(fake, [view('impl-a', 'running'), view('impl-b', 'running')]);
  pending.get('impl-a')!.end();
  await settle();
  assert.equal(ended, 1);
  // impl-b is no longer live: its wait is stopped, and that is no reason to read again.
  waits.sync(fake, [view('impl-b', 'gone')]);
  assert.equal(pending.get('impl-b')!.signal.aborted, true);
  await settle();
  assert.equal(ended, 1);
});

test('after a wait ended, the next sync arms it again', async () => {
  const { fake, pending } = director();
  const waits = new SessionWaits(quiet, () => undefined);
  waits.sync(fake, [view('impl-a', 'running')]);
  const first = pending.get('impl-a')!;
  first.end();
  await settle();
  waits.sync(fake, [view('impl-a', 'running')]);
  assert.notEqual(pending.get('impl-a'), first);
  waits.stop();
  assert.equal(pending.get('impl-a')!.signal.aborted, true);
});
