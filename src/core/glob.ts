/**
 * Minimal glob matching for scope and hot-path globs (`src/**`, `*.md`, `docs/{a,b}/*.ts`).
 * A pattern without a slash matches at any depth, like a .gitignore entry; `**` spans
 * directories; `*` and `?` stay inside one path segment.
 */

const cache = new Map<string, RegExp>();

export function globToRegExp(glob: string): RegExp {
  const cached = cache.get(glob);
  if (cached) return cached;
  let pattern = glob.trim().replace(/^\.\//, '');
  const anchored = pattern.includes('/') && !pattern.startsWith('**/');
  if (pattern.endsWith('/')) pattern += '**';
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
    else if (c === '{') { braceDepth++; re += '(?:'; }
    else if (c === '}' && braceDepth > 0) { braceDepth--; re += ')'; }
    else if (c === ',' && braceDepth > 0) re += '|';
    else re += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  const result = new RegExp(anchored ? `^${re}$` : `^(?:.*/)?${re}$`);
  cache.set(glob, result);
  return result;
}

export function matchesAny(path: string, globs: readonly string[]): boolean {
  return globs.some((g) => globToRegExp(g).test(path));
}
