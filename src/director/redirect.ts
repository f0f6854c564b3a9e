/**
 * redirect: a correction or an answer for a session at its input prompt. One short line goes as
 * text; anything longer goes to tmp/sessions/impl-<slug>-redirect-<n>.txt behind a one-line
 * pointer. Every redirect starts a new wait generation with new signal names.
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { nextPhase } from '../core/sessionState';
import { parseSlug, type Slug } from '../core/slug';
import { clarificationProtocol } from '../core/taskTemplate';
import type { DirectorContext } from './context';
import { DirectorError } from './context';
import { sessionFiles } from './paths';
import { findOwnPane } from './panes';
import { doneChannel, newWaitToken, questionChannel, requireRecord, writeRecord } from './record';
import { readState, submitLine } from './screenWatch';
import { permissionLine } from '../claude/events';
import { activityOf, agentEnded, submitPrompt } from './agentEvents';

export const SHORT_REDIRECT_MAX = 200;

export interface RedirectResult {
  readonly slug: Slug;
  readonly waitToken: string;
  /** Set when the message went through a file. */
  readonly file?: string;
}

export interface RedirectOptions {
  signal?: AbortSignal;
}

export async function redirect(
  ctx: DirectorContext,
  slugInput: string,
  message: string,
  options: RedirectOptions = {},
): Promise<RedirectResult> {
  const slug = parseSlug(slugInput);
  const text = message.replace(/\r\n/g, '\n').trim();
  if (text === '') throw new DirectorError('The redirect message is empty: say what the session should do.');

  if (/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(text)) {
    throw new DirectorError(
      'The redirect message contains control characters (C0 or C1): remove them; they would be typed but never submitted.',
    );
  }
  const record = requireRecord(ctx.root, slug);
  if (!record.paneId || record.phase === 'drafted')
    throw new DirectorError(`${slug.full} has not been spawned: nothing to redirect.`);
  if (record.phase === 'closed') throw new DirectorError(`${slug.full} is closed.`);
  if (!findOwnPane(record, await ctx.mux.listPanes())) {
    throw new DirectorError(`${slug.full}'s pane is gone: close the session as ABANDON.`, {
      operation: 'close-abandon',
      slug: slug.full,
    });
  }
  const activity = record.hooks ? activityOf(ctx, slug) : undefined;
  if (activity) {
    if (activity.kind === 'needs-permission') {
      throw new DirectorError(
        `${slug.full} is waiting on a permission request (${activity.permission ? permissionLine(activity.permission) : '?'}): answer it first.`,
        { operation: 'approve', slug: slug.full },
      );
    }
    if (agentEnded(activity))
      throw new DirectorError(`${slug.full}'s agent has ended: close the session as ABANDON.`, {
        operation: 'close-abandon',
        slug: slug.full,
      });
    if (activity.kind !== 'idle') {
      throw new DirectorError(
        `${slug.full} is ${activity.kind === 'starting' ? 'still starting' : 'working'}, not at its input prompt: wait for it, or interrupt it in its pane, then redirect.`,
        { operation: 'wait', slug: slug.full },
      );
    }
  } else {
    const screen = await readState(ctx, record.paneId);
    if (screen.kind === 'permission' || screen.kind === 'trust') {
      throw new DirectorError(
        `${slug.full} is showing a permission prompt (${screen.kind === 'permission' ? screen.question : 'folder trust'}): answer it first.`,
        { operation: 'approve', slug: slug.full },
      );
    }
    if (screen.kind !== 'idle') {
      throw new DirectorError(
        `${slug.full} is not at its input prompt (${screen.kind}): wait for it, or interrupt it in its pane, then redirect.`,
        { operation: 'wait', slug: slug.full },
      );
    }
    if (screen.input !== '')
      throw new DirectorError(
        `${slug.full} has unsent text in its prompt ("${screen.input.slice(0, 40)}"): clear it in the pane first.`,
      );
  }

  const files = sessionFiles(slug);
  const next = {
    ...record,
    waitToken: newWaitToken(slug),
    redirects: record.redirects + 1,
    retiredTokens: [...(record.retiredTokens ?? []), record.waitToken],
  };
  const doneCmd = ctx.mux.signalCommand(doneChannel(next));
  const questionCmd = ctx.mux.signalCommand(questionChannel(next));
  let line: string;
  let file: string | undefined;
  // A message starting with / or ! would run as a slash command or a shell command: it goes
  // through a file, like a long one, so the agent only ever reads it as text.
  if (!text.includes('\n') && text.length <= SHORT_REDIRECT_MAX && !/^[/!]/.test(text)) {
    line = `${text} (When finished run: ${doneCmd} ; if blocked write ${files.question} and run: ${questionCmd})`;
  } else {
    file = files.redirect(next.redirects);
    const body = [
      `# Redirect ${next.redirects} for ${slug.full}`,
      '',
      text,
      '',
      '## Clarification protocol',
      ...clarificationProtocol(files.question, questionCmd),
      '',
      '## Done signal',
      'These signal commands replace the ones in your task file. When the work is done, as your final action:',
      `Run: ${doneCmd}`,
      '',
    ].join('\n');
    mkdirSync(dirname(join(ctx.root, file)), { recursive: true });
    writeFileSync(join(ctx.root, file), body);
    line = `Read ${file} and follow it; it replaces your done and question signals.`;
  }
  const sent = activity
    ? await submitPrompt(ctx, slug, record.paneId, line, options.signal)
    : await submitLine(ctx, record.paneId, line, options.signal);
  if (!sent.ok)
    throw new DirectorError(
      `The redirect to ${slug.full} was not delivered (${sent.reason}): look at its pane; the question and wait token are unchanged.`,
      { operation: 'status', slug: slug.full },
    );
  // An answered question is archived so a pending question always means "unanswered".
  const questionPath = join(ctx.root, files.question);
  if (existsSync(questionPath)) renameSync(questionPath, join(ctx.root, files.answeredQuestion(next.redirects)));
  writeRecord(ctx.root, { ...next, phase: nextPhase(record.phase, 'redirected') }, ctx.now());
  // The old token is retired: release its channels so no waiter of it stays behind (a wait still
  // running on it wakes, sees the new token and goes on waiting on that).
  await ctx.mux.release([doneChannel(record), questionChannel(record)]).catch(() => undefined);
  return { slug, waitToken: next.waitToken, ...(file ? { file } : {}) };
}
