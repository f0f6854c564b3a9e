/**
 * approve: answers a permission request. A request held by the session's PermissionRequest hook
 * is answered through its answer file: no keystroke, and "yes" is exactly this one call. When no
 * hook holds it (the hold ran out, a session without hooks), the keystroke that matches the
 * options on screen is sent (never a hard-coded number, never a wider grant). On cmux, a request
 * parked in its Feed by cmux's own claude wrapper is answered there (`once` or `deny`).
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { permissionLine } from '../claude/events';
import { chooseOption } from '../core/screen';
import { parseSlug, type Slug } from '../core/slug';
import type { KeyName } from '../mux/types';
import { activityOf, agentEnded, awaitActivity } from './agentEvents';
import type { DirectorContext } from './context';
import { DirectorError } from './context';
import { answerInFeed } from './feedAnswer';
import { agentExited, findOwnPane } from './panes';
import { sessionFiles } from './paths';
import { requireRecord } from './record';
import { readState, watchScreen } from './screenWatch';

/** One line naming a permission prompt read off the screen: `Bash command: npm test`. */
export const promptLine = (screen: { title: string; command: string }) =>
  `${screen.title}: ${screen.command}`.replace(/\s+/g, ' ').trim();

export type ApproveResult =
  | {
      readonly kind: 'APPROVED' | 'DENIED';
      readonly slug: Slug;
      readonly prompt: string;
      readonly question: string;
      readonly option: string;
    }
  | { readonly kind: 'NO-PROMPT'; readonly slug: Slug };

const ANSWER_CONFIRM_MS = 5000;

/**
 * `expect` (the prompt line the user was shown, e.g. in a notification) makes the answer apply to
 * that prompt only: if the session now asks something else, nothing is sent.
 */
export async function approve(
  ctx: DirectorContext,
  slugInput: string,
  answer: 'yes' | 'no',
  expect?: string,
): Promise<ApproveResult> {
  const slug = parseSlug(slugInput);
  const record = requireRecord(ctx.root, slug);
  if (!record.paneId) throw new DirectorError(`${slug.full} has not been spawned: there is no prompt to answer.`);
  const pane = findOwnPane(record, await ctx.mux.listPanes());
  // A "yes" typed into the shell an agent left behind would run as a shell command.
  if (!pane || agentExited(pane, record.agentProgram))
    throw new DirectorError(`${slug.full}'s agent is gone: there is no prompt to answer.`);

  const activity = record.hooks ? activityOf(ctx, slug) : undefined;
  if (agentEnded(activity)) throw new DirectorError(`${slug.full}'s agent is gone: there is no prompt to answer.`);
  const ask = activity?.permission;
  if (ask?.held) {
    const prompt = permissionLine(ask);
    if (expect !== undefined && expect !== prompt) {
      throw new DirectorError(
        `${slug.full} now asks about ${prompt}, not ${expect}: nothing was answered; look again.`,
      );
    }
    const decision = answer === 'yes' ? 'allow' : 'deny';
    // Written whole (temp file, rename): the hook never reads half an answer.
    const answerFile = join(ctx.root, sessionFiles(slug).answerPrefix + ask.requestId);
    writeFileSync(`${answerFile}.tmp`, decision);
    renameSync(`${answerFile}.tmp`, answerFile);
    // Run through cmux's claude wrapper, the session also waits on the wrapper's hook: answer there too.
    await answerInFeed(ctx, ctx.root, ask, answer === 'yes');
    const answered = await awaitActivity(
      ctx,
      slug,
      (a) => a?.permission?.requestId !== ask.requestId || !a.permission.held,
      ANSWER_CONFIRM_MS,
    );
    if (answered && answered.permission?.requestId !== ask.requestId) {
      return {
        kind: answer === 'yes' ? 'APPROVED' : 'DENIED',
        slug,
        prompt,
        question: 'Do you want to proceed?',
        option: decision,
      };
    }
    // The hold ran out just before the answer: take the answer back, the dialog on screen decides.
    rmSync(answerFile, { force: true });
  }
  if (activity && !activity.permission) return { kind: 'NO-PROMPT', slug };
  // No hold of ours: a request parked in the multiplexer's own feed is answered there, with no keystroke.
  const viaFeed = await answerInFeed(ctx, ctx.root, ask, answer === 'yes', expect);
  if (viaFeed) {
    if (ask) await awaitActivity(ctx, slug, (a) => a?.permission === undefined, ANSWER_CONFIRM_MS);
    return {
      kind: answer === 'yes' ? 'APPROVED' : 'DENIED',
      slug,
      prompt: viaFeed.prompt,
      question: 'Do you want to proceed?',
      option: answer === 'yes' ? 'once' : 'deny',
    };
  }

  const screen = await readState(ctx, record.paneId);
  if (screen.kind !== 'permission') return { kind: 'NO-PROMPT', slug };
  const option = chooseOption(screen.options, answer);
  if (!option) {
    throw new DirectorError(
      `The prompt on ${slug.full} has no "${answer === 'yes' ? 'Yes' : 'No'}" option (${screen.options.map((o) => `${o.number}. ${o.label}`).join(' / ')}): answer it in the pane.`,
    );
  }
  const prompt = promptLine(screen);
  const eventPrompt = ask ? permissionLine(ask) : undefined;
  if (expect !== undefined && expect !== prompt && expect !== eventPrompt) {
    throw new DirectorError(
      `${slug.full} now shows a different prompt (${prompt}) than the one you answered (${expect}): nothing was sent; look again.`,
    );
  }
  await ctx.mux.sendKey(record.paneId, String(option.number) as KeyName);
  // Confirm the dialog went away, so a swallowed key is reported instead of claimed.
  const gone = await watchScreen(
    ctx,
    record.paneId,
    (s) => s.kind !== 'permission' || s.question !== screen.question || s.command !== screen.command,
    5000,
  );
  if (!gone)
    throw new DirectorError(
      `${slug.full} still shows the prompt after pressing ${option.number}: answer it in the pane.`,
    );
  return {
    kind: answer === 'yes' ? 'APPROVED' : 'DENIED',
    slug,
    prompt: eventPrompt ?? prompt,
    question: screen.question,
    option: `${option.number}. ${option.label}`,
  };
}
