/**
 * Minimal glob matching for scope and hot-path globs (`src/**`, `*.md`, `docs/{a,b}/*.ts`).
 * A pattern without a slash matches at any depth, like a .gitignore entry; `**` spans
 * directories; `*` and `?` stay inside one path segment; a plain directory name covers its files.
 */

const cache = new Map<string, RegExp>();

export function globToRegExp(glob: string): RegExp {
  const cached = cache.get(glob);
  if (cached) return cached;
  let pattern = glob.trim().replace(/^\.\//, '');
  const anchored = pattern.includes('/') && !pattern.startsWith('**/');
  if (pattern.endsWith('/')) pattern += '**';
  // Unbalanced braces are plain characters, so a typo matches literally instead of crashing.
  const braces =
    [...pattern].reduce(
      (depth, c) => (depth < 0 ? depth : c === '{' ? depth + 1 : c === '}' ? depth - 1 : depth),
      0,
    ) === 0;
  let re = '';
  let braceDepth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        const slashAfter = pattern[i + 2] === '/';
        re += slashAfter ? '(?:.*/)?' : '.*';
        i += slashAfter ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{' && braces) {
      braceDepth++;
      re += '(?:';
    } else if (c === '}' && braceDepth > 0) {
      braceDepth--;
      re += ')';
    } else if (c === ',' && braceDepth > 0) re += '|';
    else re += c.replace(/[.+^$()|[\]\\{}]/g, '\\$&');
  }
  // A pattern whose last segment is a plain name (`src/core`, `docs`) also covers everything
  // inside that directory; `src/*` keeps `*` to one segment.
  const inside = /[*?{]/.test(pattern.split('/').pop() ?? '') ? '' : '(?:/.*)?';
  const result = new RegExp(anchored ? `^${re}${inside}$` : `^(?:.*/)?${re}${inside}$`);
  cache.set(glob, result);
  return result;
}

export function matchesAny(path: string, globs: readonly string[]): boolean {
  return globs.some((g) => globToRegExp(g).test(path));
}
