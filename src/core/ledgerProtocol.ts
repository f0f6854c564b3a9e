/**
 * Messages between the ledger webview and the extension, checked with zod on both sides: the
 * webview is an untrusted peer. Summaries travel as plain strings and are rendered as text.
 */
import { z } from 'zod';
import { OUTCOMES } from './ledger';
import { SLUG_PATTERN } from './slug';

export const ledgerRowSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('entry'),
    lineNumber: z.number(),
    timestamp: z.string(),
    outcome: z.enum(OUTCOMES),
    slug: z.string(),
    summary: z.string(),
    hasTranscript: z.boolean(),
    /** Tokens and estimated cost of the session, from its transcript at close (not part of the ledger line). */
    usage: z.object({ tokens: z.number(), costUsd: z.number() }).optional(),
    /** What the session's record says (absent for hand-written lines and lost records). */
    session: z
      .object({
        model: z.string().optional(),
        redirects: z.number(),
        questions: z.number(),
        /** Seconds from spawn to close. */
        seconds: z.number().optional(),
        /** A worktree session's branch (kept after close), its work's commit, and what SHIP left on the user's branch. */
        branch: z.string().optional(),
        commit: z.string().optional(),
        merged: z.string().optional(),
      })
      .optional(),
  }),
  z.object({ kind: z.literal('malformed'), lineNumber: z.number(), raw: z.string(), problem: z.string() }),
]);
export type LedgerRow = z.infer<typeof ledgerRowSchema>;

/** Extension → webview. */
export const hostMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('ledger'),
    rows: z.array(ledgerRowSchema),
    file: z.string(),
    /** The panel scrolls to and highlights this ledger line. */
    focusLine: z.number().int().optional(),
  }),
]);
export type HostMessage = z.infer<typeof hostMessageSchema>;

/** Webview → extension. */
export const viewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({
    type: z.literal('openTranscript'),
    slug: z.string().regex(SLUG_PATTERN),
    timestamp: z.string().max(40).optional(),
  }),
  /** The sidebar list asks for the full Ledger panel, optionally showing one row. */
  z.object({
    type: z.literal('openPanel'),
    line: z.number().int().nonnegative().optional(),
  }),
]);
export type ViewMessage = z.infer<typeof viewMessageSchema>;
