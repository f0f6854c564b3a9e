/**
 * The task file of a reviewer session: what to review (the diff file, the implementer's task and
 * transcript, the declared scope, the hot paths touched), the findings format, and the same
 * clarification protocol and final `Run:` line as an implementer's task (so signals retarget).
 */
import { clarificationProtocol, TaskInputError } from './taskTemplate';
import type { ChangedFile } from './verdict';
import { SEVERITIES } from './review';

export interface ReviewTaskInput {
  readonly reviewSlug: string;
  readonly implementerSlug: string;
  /** The implementer's task file (its goal), workspace-relative. */
  readonly implementerTask: string;
  /** The diff against the implementer's baseline, written by the director. */
  readonly diffFile: string;
  /** The implementer's Claude Code transcript, when its hooks named it. */
  readonly transcript?: string;
  readonly scope: readonly string[];
  readonly changes: readonly ChangedFile[];
  /** Changed files that match director.hotPaths. */
  readonly hotPaths: readonly string[];
  /** The verify reasons that asked for the review (hot-path:…, out-of-scope:…). */
  readonly reasons: readonly string[];
  readonly findingsFile: string;
  /** What the orchestrator wants looked at in particular (optional). */
  readonly focus?: string;
  readonly questionFile: string;
  readonly questionSignalCommand: string;
  readonly doneSignalCommand: string;
}

export function renderReviewTask(input: ReviewTaskInput): string {
  if (input.changes.length === 0)
    throw new TaskInputError(`${input.implementerSlug} changed nothing: nothing to review.`);
  const focus = input.focus?.trim();
  const list = (items: readonly string[], none: string) =>
    items.length > 0 ? items.map((i) => `- ${i}`) : [`- ${none}`];
  return [
    `# Review task for ${input.reviewSlug}`,
    '',
    `You are ${input.reviewSlug}, a code reviewer session. You review the change made by the`,
    `implementer session ${input.implementerSlug}. You cannot edit files: the only file you write`,
    'is the findings file below.',
    '',
    '## What to review',
    `- The diff against the implementer's baseline: ${input.diffFile}`,
    `- The implementer's task (its goal): ${input.implementerTask}`,
    `- The implementer's transcript: ${input.transcript ?? '(not available)'}`,
    '- Read the changed files in full where the diff is not enough.',
    '',
    '## Changed files',
    ...input.changes.map((c) => `- ${c.path} (${c.status}, +${c.added} -${c.deleted})`),
    '',
    '## Declared scope',
    ...list(input.scope, '(not declared)'),
    '',
    '## Hot paths touched',
    ...list(input.hotPaths, '(none)'),
    '',
    '## Why verify asked for a review',
    ...list(input.reasons, '(asked directly)'),
    ...(focus ? ['', '## Focus from the director', focus] : []),
    '',
    '## Findings format',
    `Write your findings to ${input.findingsFile}, one per line, exactly:`,
    '  SEVERITY | path:line | finding',
    `SEVERITY is one of ${SEVERITIES.join(', ')}; path is workspace-relative; line is 1-based.`,
    'CRITICAL: the change must not ship as is (wrong behaviour, data loss, security, broken build).',
    'MAJOR: should be fixed soon. MINOR: style and small improvements.',
    'Write the file even when you find nothing (leave it empty). No other lines in it.',
    '',
    '## Clarification protocol',
    ...clarificationProtocol(input.questionFile, input.questionSignalCommand),
    '',
    '## Done signal',
    'When the findings file is written, as your final action:',
    `Run: ${input.doneSignalCommand}`,
    '',
  ].join('\n');
}
