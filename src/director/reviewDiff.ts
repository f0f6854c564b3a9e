/**
 * The diff a code review is about, and its fingerprint: a review counts (for verify and the SHIP
 * gate) only while the session's diff is exactly the one it reviewed.
 */
import { createHash } from 'node:crypto';
import type { ChangedFile } from '../core/verdict';
import type { Baseline } from '../git/baseline';
import { diffSince } from '../git/diff';
import type { SessionRecord } from './record';

export async function currentDiff(
  root: string,
  baseline: Baseline,
  files: readonly ChangedFile[],
): Promise<{ text: string; hash: string }> {
  const text = await diffSince(root, baseline, files);
  return { text, hash: createHash('sha256').update(text).digest('hex') };
}

/** The record's review when it reviewed exactly this diff, as verify weighs it. */
export async function reviewOfThisDiff(
  root: string,
  record: SessionRecord,
  files: readonly ChangedFile[],
): Promise<NonNullable<SessionRecord['review']> | undefined> {
  if (!record.review || !record.baseline || files.length === 0) return undefined;
  const { hash } = await currentDiff(root, record.baseline, files);
  return hash === record.review.diffHash ? record.review : undefined;
}

export const reviewPassed = (review: NonNullable<SessionRecord['review']>) =>
  review.complete && review.critical === 0 && review.malformed === 0;
