/**
 * approve: answers a permission prompt with the keystroke that matches the options on screen
 * (never a hard-coded number), or reports that there is no prompt and sends nothing.
 */
import { chooseOption } from '../core/screen';
import { parseSlug, type Slug } from '../core/slug';
import type { KeyName } from '../mux/types';
import type { DirectorContext } from './context';
import { DirectorError } from './context';
import { findOwnPane } from './panes';
import { requireRecord } from './record';
import { readState, watchScreen } from './screenWatch';

/** One line naming a permission prompt: `Bash command: npm test`. */
export const promptLine = (screen: { title: string; command: string }) => `${screen.title}: ${screen.command}`.replace(/\s+/g, ' ').trim();

export type ApproveResult =
  | { readonly kind: 'APPROVED' | 'DENIED'; readonly slug: Slug; readonly prompt: string; readonly question: string; readonly option: string }
  | { readonly kind: 'NO-PROMPT'; readonly slug: Slug };

/**
 * `expect` (the prompt line the user was shown, e.g. in a notification) makes the answer apply to
 * that prompt only: if the screen now shows a different one, nothing is sent.
 */
export async function approve(ctx: DirectorContext, slugInput: string, answer: 'yes' | 'no', expect?: string): Promise<ApproveResult> {
  const slug = parseSlug(slugInput);
  const record = requireRecord(ctx.root, slug);
  if (!record.paneId) throw new DirectorError(`${slug.full} has not been spawned: there is no prompt to answer.`);
  if (!findOwnPane(record, await ctx.mux.listPanes())) throw new DirectorError(`${slug.full}'s pane is gone: there is no prompt to answer.`);
  const screen = await readState(ctx, record.paneId);
  if (screen.kind !== 'permission') return { kind: 'NO-PROMPT', slug };
  const option = chooseOption(screen.options, answer);
  if (!option) {
    throw new DirectorError(`The prompt on ${slug.full} has no "${answer === 'yes' ? 'Yes' : 'No'}" option (${screen.options.map((o) => `${o.number}. ${o.label}`).join(' / ')}): answer it in the pane.`);
  }
  const prompt = promptLine(screen);
  if (expect !== undefined && expect !== prompt) {
    throw new DirectorError(`${slug.full} now shows a different prompt (${prompt}) than the one you answered (${expect}): nothing was sent; look again.`);
  }
  await ctx.mux.sendKey(record.paneId, String(option.number) as KeyName);
  // Confirm the dialog went away, so a swallowed key is reported instead of claimed.
  const gone = await watchScreen(ctx, record.paneId, (s) => s.kind !== 'permission' || s.question !== screen.question || s.command !== screen.command, 5000);
  if (!gone) throw new DirectorError(`${slug.full} still shows the prompt after pressing ${option.number}: answer it in the pane.`);
  return { kind: answer === 'yes' ? 'APPROVED' : 'DENIED', slug, prompt, question: screen.question, option: `${option.number}. ${option.label}` };
}
