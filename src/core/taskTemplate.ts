/**
 * The task file an implementer reads. The clarification protocol and the final `Run:` line are
 * literal: implementers (and the stub agent in tests) find the signal commands by these lines.
 */

export interface TaskTemplateInput {
  readonly fullSlug: string;
  readonly goal: string;
  readonly scope: readonly string[];
  readonly questionFile: string;
  readonly questionSignalCommand: string;
  readonly doneSignalCommand: string;
}

const NO_SCOPE = '(not declared: any path may change)';

export class TaskInputError extends Error {
  override name = 'TaskInputError';
}

/** The protocol block shared by task files and long redirects. */
export function clarificationProtocol(questionFile: string, questionSignalCommand: string): string[] {
  return [
    'If anything is ambiguous, or you discover the goal conflicts with what the code actually does:',
    `  1. Write your question to ${questionFile}`,
    `  2. Run: ${questionSignalCommand}`,
    'Do NOT guess. Do NOT proceed on assumption.',
    'After running it, stop and wait: the director answers in this pane.',
  ];
}

export function renderTaskFile(input: TaskTemplateInput): string {
  const goal = input.goal.trim();
  if (goal.length === 0) throw new TaskInputError('The goal is empty: say what the session must achieve.');
  const scope = input.scope.length > 0 ? input.scope.map((g) => `- ${g}`) : [`- ${NO_SCOPE}`];
  return [
    `# Task for ${input.fullSlug}`,
    '',
    `You are ${input.fullSlug}, an implementer session. A director started you and will check`,
    'your work on disk (not your report) when you signal that you are done.',
    '',
    '## Goal',
    goal,
    '',
    '## Responsibilities',
    '- Do exactly the goal above; no unrelated refactors, no drive-by changes.',
    '- Keep every changed file parseable and the build green; run the relevant tests if they exist.',
    '- Leave your changes in the working tree; do not push. Do not edit files under tmp/sessions/',
    '  except the question file below.',
    '',
    '## Expected diff scope',
    ...scope,
    'Changes outside these paths are flagged for code review.',
    '',
    '## Clarification protocol',
    ...clarificationProtocol(input.questionFile, input.questionSignalCommand),
    '',
    '## Done signal',
    'When the goal is met, summarize your changes in two or three lines, then as your final action:',
    `Run: ${input.doneSignalCommand}`,
    '',
  ].join('\n');
}

/**
 * Points a task file's signal lines at other commands (when the session is spawned on another
 * backend or tmux server than it was drafted for); everything else the user wrote is kept.
 */
export function retargetSignals(text: string, questionSignalCommand: string, doneSignalCommand: string): string {
  const lines = text.split('\n');
  // Only the protocol's own step: a goal may have numbered "2. Run:" steps of its own.
  const protocol = lines.lastIndexOf('## Clarification protocol');
  const question = protocol < 0 ? -1 : lines.findIndex((l, i) => i > protocol && /^ {2}2\. Run: /.test(l));
  if (question >= 0) lines[question] = `  2. Run: ${questionSignalCommand}`;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (/^Run: /.test(lines[i]!)) {
      lines[i] = `Run: ${doneSignalCommand}`;
      break;
    }
    if (lines[i]!.trim() !== '') break;
  }
  return lines.join('\n');
}

/** Reads the scope globs back out of a task file (the director's own format). */
export function scopeFromTaskFile(text: string): string[] {
  const lines = text.split('\n');
  const start = lines.indexOf('## Expected diff scope');
  if (start < 0) return [];
  const globs: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('- ')) break;
    const glob = line.slice(2).trim();
    if (glob !== NO_SCOPE) globs.push(glob);
  }
  return globs;
}

/**
 * Places a task file in a session's own worktree: the question file is named by its absolute
 * path (the agent's folder is not the workspace) and a section says which folder is the session's.
 */
export function placeInWorktree(text: string, input: { questionFile: string; folder: string; branch: string }): string {
  const lines = text.split('\n');
  const protocol = lines.lastIndexOf('## Clarification protocol');
  const question =
    protocol < 0 ? -1 : lines.findIndex((l, i) => i > protocol && /^ {2}1\. Write your question to /.test(l));
  if (question >= 0) lines[question] = `  1. Write your question to ${input.questionFile}`;
  if (!lines.includes('## Your folder')) {
    const at = lines.indexOf('## Responsibilities');
    const section = [
      '## Your folder',
      `Work in ${input.folder}: your own git worktree on branch ${input.branch}, started from the`,
      "user's HEAD. Other sessions never see your changes there; do not switch branches.",
      '',
    ];
    lines.splice(at < 0 ? lines.length : at, 0, ...section);
  }
  return lines.join('\n');
}
