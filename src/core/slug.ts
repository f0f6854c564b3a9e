/**
 * Session slugs. A slug names one implementer session: `impl-<slug>` in panes, files and the
 * CLI; the bare `<slug>` in the ledger. The rule is strict because slugs end up in file names,
 * shell commands (signal names) and ledger lines. This file is the rule's only home.
 */

/** The prefix of a session's name in panes, files and signal names. */
export const SESSION_PREFIX = 'impl-';

export const SLUG_RULE = `a slug is 1-48 characters of lowercase letters, digits and hyphens, starting with a letter or digit and not with "${SESSION_PREFIX}" (e.g. "tools-docstrings")`;

/** The characters of a bare slug; zod schemas and the ledger check the same pattern. */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,47}$/;

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

/** `impl-foo` or `foo` → `foo`, unchecked: for display and lookups of names already known. */
export const bareName = (name: string): string =>
  name.startsWith(SESSION_PREFIX) ? name.slice(SESSION_PREFIX.length) : name;

/** `impl-foo` or `foo` → `impl-foo`, unchecked. */
export const fullName = (name: string): string => SESSION_PREFIX + bareName(name);

// A bare slug starting with the prefix would name files of another session
// (`impl-impl-x-task` → transcript `impl-x-task.txt`, session x's task file).
const isBare = (bare: string) => SLUG_PATTERN.test(bare) && !bare.startsWith(SESSION_PREFIX);

/** Accepts `foo` or `impl-foo`; refuses anything that breaks the rule. */
export function parseSlug(input: string): Slug {
  const bare = bareName(input);
  if (!isBare(bare)) throw new SlugError(input);
  return { bare, full: SESSION_PREFIX + bare };
}

/** True for a full session name (`impl-foo`) that keeps the rule. */
export function isSessionName(name: string): boolean {
  return name.startsWith(SESSION_PREFIX) && isBare(name.slice(SESSION_PREFIX.length));
}

/** The session a director file belongs to, by its name: (`impl-x.json`, `.json`) → x. */
export function sessionOfFile(fileName: string, suffix: string): Slug | undefined {
  if (!fileName.endsWith(suffix)) return undefined;
  const stem = fileName.slice(0, fileName.length - suffix.length);
  return isSessionName(stem) ? parseSlug(stem) : undefined;
}
