import { test } from 'node:test';
import assert from 'node:assert/strict';
import { globToRegExp, matchesAny } from '../../src/core/glob';

const matches = (glob: string, path: string) => globToRegExp(glob).test(path);

function check(glob: string, yes: string[], no: string[]): void {
  for (const path of yes) assert.equal(matches(glob, path), true, `${glob} should match ${path}`);
  for (const path of no) assert.equal(matches(glob, path), false, `${glob} should not match ${path}`);
}

test('src/** covers everything under src/ at any depth, and nothing else', () => {
  check(
    'src/**',
    ['src/a.ts', 'src/core/slug.ts', 'src/a/b/c/d.json'],
    ['lib/src/a.ts', 'srcx/a.ts', 'README.md', 'test/src/a.ts'],
  );
});

test('src/**/*.ts includes files directly in src/ and deeper, only .ts', () => {
  check('src/**/*.ts', ['src/a.ts', 'src/core/glob.ts', 'src/a/b/c.ts'], ['src/a.js', 'src/a.tsx', 'lib/a.ts']);
});

test('*.md matches at any depth (no slash = any directory)', () => {
  check(
    '*.md',
    ['README.md', 'docs/guide.md', 'docs/deep/er/x.md'],
    ['README.mdx', 'README.md.bak', 'md', 'docs/md/file.txt'],
  );
});

test('a bare file name matches that name in any directory', () => {
  check('package.json', ['package.json', 'packages/a/package.json'], ['package.json5', 'my-package.json']);
});

test('braces pick one of the alternatives', () => {
  check(
    'docs/{a,b}/*.ts',
    ['docs/a/x.ts', 'docs/b/y.ts'],
    ['docs/c/x.ts', 'docs/a/sub/x.ts', 'docs/ab/x.ts', 'docs/{a,b}/x.ts'],
  );
  check('src/*.{ts,tsx}', ['src/a.ts', 'src/b.tsx'], ['src/c.js', 'src/d.tsxx']);
});

test('? is exactly one character inside a segment', () => {
  check('file?.txt', ['file1.txt', 'docs/fileA.txt'], ['file.txt', 'file12.txt', 'file/.txt']);
  check('src/?.ts', ['src/a.ts'], ['src/ab.ts', 'src/.ts']);
});

test('* stays inside one path segment', () => {
  check('src/*', ['src/a.ts', 'src/.env'], ['src/core/a.ts']);
  check('src/*/index.ts', ['src/core/index.ts'], ['src/index.ts', 'src/a/b/index.ts']);
});

test('a trailing slash means the whole directory', () => {
  check('docs/', ['docs/a.md', 'docs/x/y/z.png'], ['docsx/a.md', 'README.md']);
  check('src/core/', ['src/core/slug.ts'], ['src/mux/tmux.ts']);
});

test('a leading ./ is ignored, and so is surrounding whitespace', () => {
  check('./src/*.ts', ['src/a.ts'], ['src/x/a.ts', './src/a.ts']);
  check('  src/*.ts ', ['src/a.ts'], ['lib/a.ts']);
});

test('**/ at the start matches at the root and below', () => {
  check('**/test/*.ts', ['test/a.ts', 'pkg/x/test/a.ts'], ['test/x/a.ts', 'tests/a.ts']);
});

test('regex metacharacters in names are literal', () => {
  check('a+b(c).ts', ['a+b(c).ts', 'x/a+b(c).ts'], ['aab(c).ts', 'a+bc.ts', 'ab(c).ts']);
  check('v1.2/*.js', ['v1.2/x.js'], ['v1x2/x.js']);
  check('$x^[y].md', ['$x^[y].md'], ['x.md', 'y.md']);
  check('a|b', ['a|b'], ['a', 'b']);
  check('notes\\x.md', ['notes\\x.md'], ['notesx.md']);
  check('src/a}.ts', ['src/a}.ts'], ['src/a.ts']);
  check('a,b.ts', ['a,b.ts'], ['a.ts', 'b.ts']);
});

test('matchesAny is true when one of the globs matches', () => {
  assert.equal(matchesAny('src/a.ts', ['docs/**', 'src/**']), true);
  assert.equal(matchesAny('README.md', ['docs/**', 'src/**']), false);
  assert.equal(matchesAny('README.md', []), false);
});

test('the same glob gives the same answer when reused (cache)', () => {
  assert.equal(matches('lib/*.ts', 'lib/a.ts'), true);
  assert.equal(matches('lib/*.ts', 'lib/a/b.ts'), false);
  assert.equal(matches('lib/*.ts', 'lib/a.ts'), true);
});

test('a glob naming a directory covers the files inside it, like a .gitignore entry', () => {
  check('src/core', ['src/core/slug.ts'], ['src/mux/tmux.ts']);
  check('docs', ['docs/guide.md'], ['README.md']);
});

test('an unbalanced { in a glob does not crash matching', () => {
  assert.doesNotThrow(() => globToRegExp('src/{a,b.ts'));
  assert.equal(matches('src/{a,b.ts', 'src/{a,b.ts'), true);
});
