/**
 * Session slugs. A slug names one implementer session: `impl-<slug>` in panes, files and the
 * CLI; the bare `<slug>` in the ledger. The rule is strict because slugs end up in file names,
 * shell commands (signal names) and ledger lines.
 */

export const SLUG_RULE =
  'a slug is 1-48 characters of lowercase letters, digits and hyphens, starting with a letter or digit and not with "impl-" (e.g. "tools-docstrings")';

const SLUG_RE = /^[a-z0-9][a-z0-9-]{0,47}$/;
const PREFIX = 'impl-';

export class SlugError extends Error {
  constructor(readonly input: string) {
    super(`Invalid slug ${JSON.stringify(input)}: ${SLUG_RULE}.`);
    this.name = 'SlugError';
  }
}

/** A validated slug, in both its forms. */
export interface Slug {
  /** Without the prefix, as written in the ledger: `tools-docstrings`. */
  readonly bare: string;
  /** With the prefix, as used for panes and files: `impl-tools-docstrings`. */
  readonly full: string;
}

/** Accepts `foo` or `impl-foo`; refuses anything that breaks the rule. */
export function parseSlug(input: string): Slug {
  const bare = input.startsWith(PREFIX) ? input.slice(PREFIX.length) : input;
  // A bare slug starting with the prefix would name files of another session
  // (`impl-impl-x-task` → transcript `impl-x-task.txt`, session x's task file).
  if (!SLUG_RE.test(bare) || bare.startsWith(PREFIX)) throw new SlugError(input);
  return { bare, full: PREFIX + bare };
}

export function isSessionName(name: string): boolean {
  if (!name.startsWith(PREFIX)) return false;
  const bare = name.slice(PREFIX.length);
  return SLUG_RE.test(bare) && !bare.startsWith(PREFIX);
}
