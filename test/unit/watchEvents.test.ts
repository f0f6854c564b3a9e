import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { watchAllEventLogs } from '../../src/director/agentEvents';

const until = async (what: string, ok: () => boolean) => {
  for (let i = 0; i < 100 && !ok(); i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(ok(), what);
};

describe('following sessions by their files', () => {
  it('reports a grown event log, and a grown transcript (an interrupt sends no hook)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'watch-events-'));
    mkdirSync(join(root, 'tmp/sessions'), { recursive: true });
    const transcript = join(root, 'transcript.jsonl');
    writeFileSync(transcript, '');
    const changed: string[] = [];
    const dispose = watchAllEventLogs(root, (slug) => changed.push(slug));
    try {
      const event = { session_id: 's', transcript_path: transcript, hook_event_name: 'SessionStart' };
      appendFileSync(join(root, 'tmp/sessions/impl-a.events.jsonl'), JSON.stringify({ pid: 1, event }) + '\n');
      await until('the event log change is reported', () => changed.includes('impl-a'));
      changed.length = 0;
      appendFileSync(transcript, '{"type":"user","message":{"content":"[Request interrupted by user]"}}\n');
      await until('the transcript change is reported for its session', () => changed.includes('impl-a'));
    } finally {
      dispose();
    }
    changed.length = 0;
    appendFileSync(transcript, '{}\n');
    await new Promise((r) => setTimeout(r, 150));
    assert.deepEqual(changed, [], 'nothing is reported after dispose');
  });
});
