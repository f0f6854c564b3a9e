/** Where a reviewer's files live, and the findings of an implementer's last concluded review. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFindings, type Finding, type MalformedFinding } from '../core/review';
import { parseSlug, type Slug } from '../core/slug';
import type { DirectorContext } from './context';
import { DirectorError } from './context';
import { SESSIONS_DIR } from './paths';
import { readRecord, type SessionRecord } from './record';

export const reviewFiles = (reviewer: Slug) => ({
  findings: `${SESSIONS_DIR}/${reviewer.full}.md`,
  diff: `${SESSIONS_DIR}/${reviewer.full}.diff`,
});

/** The reviewer session of an implementer: `impl-<slug>-review`. */
export function reviewerOf(slug: Slug): Slug {
  try {
    return parseSlug(`${slug.bare}-review`);
  } catch {
    throw new DirectorError(`${slug.full} is too long a slug for a reviewer session (${slug.full}-review).`);
  }
}

/** The findings file's text, or undefined when the reviewer wrote none. */
export function readFindingsFile(root: string, reviewer: Slug): string | undefined {
  try {
    return readFileSync(join(root, reviewFiles(reviewer).findings), 'utf8');
  } catch {
    return undefined;
  }
}

export interface ReviewFindings {
  readonly review: NonNullable<SessionRecord['review']>;
  readonly findings: Finding[];
  readonly malformed: MalformedFinding[];
  /** Absolute path of the findings file. */
  readonly file: string;
}

/** The last concluded review of an implementer with its findings (for diagnostics and the tree). */
export function reviewFindings(ctx: Pick<DirectorContext, 'root'>, slugInput: string): ReviewFindings | undefined {
  const slug = parseSlug(slugInput);
  const record = readRecord(ctx.root, slug);
  if (!record?.review || record.reviewOf) return undefined;
  const reviewer = parseSlug(record.review.reviewer);
  const { findings, malformed } = parseFindings(readFindingsFile(ctx.root, reviewer) ?? '');
  return { review: record.review, findings, malformed, file: join(ctx.root, reviewFiles(reviewer).findings) };
}
