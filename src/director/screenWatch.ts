/**
 * Bounded screen checks for the moments that have no signal: waiting for the agent's input
 * prompt after start, confirming a typed line was submitted, confirming a dialog was answered.
 * These loops always end (timeout or cancel); waiting for the session's work never uses them.
 */
import { classifyScreen, type ScreenState } from '../core/screen';
import type { DirectorContext } from './context';
import { sleep } from './context';

export const SCREEN_LINES = 60;
const POLL_MS = 120;

export async function readState(ctx: DirectorContext, paneId: string): Promise<ScreenState> {
  return classifyScreen(await ctx.mux.readScreen(paneId, SCREEN_LINES), ctx.patterns);
}

/** Polls until `accept` returns true for the screen state, or the time runs out. */
export async function watchScreen(
  ctx: DirectorContext,
  paneId: string,
  accept: (state: ScreenState, text: string) => boolean,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<ScreenState | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await ctx.mux.readScreen(paneId, SCREEN_LINES);
    const state = classifyScreen(text, ctx.patterns);
    if (accept(state, text)) return state;
    if (Date.now() >= deadline || signal?.aborted) return undefined;
    await sleep(POLL_MS, signal);
  }
}

/** Typed text may wrap inside the prompt box; compare without whitespace. */
export const squash = (text: string) => text.replace(/\s+/g, '');

export type SubmitResult = { ok: true } | { ok: false; reason: string };

/**
 * Types one line into an idle agent prompt and presses Enter, then confirms that the agent took
 * it: the text showed up in the input line, and after Enter it left the input line.
 */
export async function submitLine(
  ctx: DirectorContext,
  paneId: string,
  line: string,
  signal?: AbortSignal,
): Promise<SubmitResult> {
  await ctx.mux.sendText(paneId, line);
  const typed = await watchScreen(
    ctx,
    paneId,
    (s) => s.kind === 'idle' && squash(s.input).includes(squash(line)),
    5000,
    signal,
  );
  if (!typed) return { ok: false, reason: 'text-not-typed' };
  for (let attempt = 0; attempt < 2; attempt++) {
    await ctx.mux.sendKey(paneId, 'Enter');
    const left = await watchScreen(
      ctx,
      paneId,
      (s) => !(s.kind === 'idle' && squash(s.input).includes(squash(line))),
      5000,
      signal,
    );
    if (left) return { ok: true };
  }
  return { ok: false, reason: 'not-submitted' };
}
