import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { feedReplyMode, parseFeedPermissions } from '../../src/mux/cmuxFeed';

describe("cmux's Feed", () => {
  it('lists the pending permission requests, with the tool input decoded from its JSON string', () => {
    const text = JSON.stringify({
      items: [
        {
          id: 'a',
          request_id: 'r1',
          kind: 'permissionRequest',
          status: 'pending',
          tool_name: 'Bash',
          tool_input: '{"command":"npm test"}',
          cwd: '/repo',
        },
        { id: 'b', request_id: 'r2', kind: 'permissionRequest', status: 'resolved', tool_name: 'Bash', cwd: '/repo' },
        { id: 'c', request_id: 'r3', kind: 'question', status: 'pending', cwd: '/repo' },
        { id: 'd', kind: 'permissionRequest', status: 'pending' },
        { id: 'e', request_id: 'r5', kind: 'permissionRequest', status: 'pending', tool_input: { file_path: '/x' } },
      ],
    });
    assert.deepEqual(parseFeedPermissions(text), [
      { requestId: 'r1', tool: 'Bash', input: { command: 'npm test' }, cwd: '/repo' },
      { requestId: 'r5', tool: '', input: { file_path: '/x' }, cwd: '' },
    ]);
  });

  it('answers yes for this one call only', () => {
    assert.equal(feedReplyMode(true), 'once');
    assert.equal(feedReplyMode(false), 'deny');
  });
});
