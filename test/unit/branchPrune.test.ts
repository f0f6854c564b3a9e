import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideBranch, prunedLine, type BranchClaim, type BranchState } from '../../src/core/branchPrune';

const NOW = new Date('2030-06-15T12:00:00Z');
const ago = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();
const claim = (over: Partial<BranchClaim> = {}): BranchClaim => ({
  branch: 'director/x',
  slug: 'x',
  closed: true,
  outcome: 'ABANDON',
  closedAt: ago(40),
  commit: 'c1',
  ...over,
});
const state = (over: Partial<BranchState> = {}): BranchState => ({
  tip: 'c1',
  checkedOut: false,
  containedElsewhere: false,
  ...over,
});
const decide = (claims: BranchClaim[], s = state(), days = 30) => {
  const d = decideBranch(claims, s, NOW, days);
  return d.prune ? 'prune' : d.reason;
};

test('a branch closed long enough ago, whose tip its record names, is pruned; the line says how to restore it', () => {
  const d = decideBranch([claim()], state(), NOW, 30);
  assert.ok(d.prune);
  assert.equal(
    prunedLine(d.pruned),
    'pruned branch director/x (ABANDON 40 days ago; was c1, "git branch director/x c1" restores it)',
  );
});

test('the close must be older than N days, not equal to it', () => {
  assert.equal(decide([claim({ closedAt: ago(30) })]), 'recent');
  assert.equal(decide([claim({ closedAt: ago(30.01) })]), 'prune');
});

test('an open generation on the same branch keeps it, even beside an old closed one', () => {
  assert.equal(decide([claim(), claim({ closed: false, outcome: undefined, closedAt: undefined })]), 'open-session');
});

test('a record without a commit, or a close time it cannot read, vouches for nothing', () => {
  assert.equal(decide([claim({ commit: undefined })]), 'not-recorded');
  assert.equal(decide([claim({ closedAt: 'yesterday' })]), 'recent');
});

test('a SHIP goes only when it came home and its work is on another branch', () => {
  assert.equal(decide([claim({ outcome: 'SHIP' })], state({ containedElsewhere: true })), 'not-merged');
  assert.equal(decide([claim({ outcome: 'SHIP', merged: 'm1' })]), 'not-merged');
  assert.equal(decide([claim({ outcome: 'SHIP', merged: 'm1' })], state({ containedElsewhere: true })), 'prune');
});

test('an older generation that vouches for the tip prunes it when the newer one moved on', () => {
  // The newer generation recorded another commit: the tip is the older one's, closed long ago.
  assert.equal(decide([claim({ commit: 'c1' }), claim({ commit: 'c2', closedAt: ago(1) })]), 'prune');
  assert.equal(decide([claim({ commit: 'c1', closedAt: ago(1) }), claim({ commit: 'c2' })]), 'recent');
});
