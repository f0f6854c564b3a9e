import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bareName, fullName, isSessionName, parseSlug, sessionOfFile, SlugError, SLUG_RULE } from '../../src/core/slug';

test('a bare slug gets the impl- prefix for panes and files', () => {
  assert.deepEqual(parseSlug('tools-docstrings'), { bare: 'tools-docstrings', full: 'impl-tools-docstrings' });
});

test('a prefixed slug is accepted and not prefixed twice', () => {
  assert.deepEqual(parseSlug('impl-tools-docstrings'), { bare: 'tools-docstrings', full: 'impl-tools-docstrings' });
});

test('digits and a leading digit are allowed', () => {
  assert.deepEqual(parseSlug('2fa-login'), { bare: '2fa-login', full: 'impl-2fa-login' });
  assert.deepEqual(parseSlug('a'), { bare: 'a', full: 'impl-a' });
  assert.deepEqual(parseSlug('7'), { bare: '7', full: 'impl-7' });
});

test('the refusal message quotes the input and states the whole rule', () => {
  assert.throws(
    () => parseSlug('Tools Docs'),
    (error: unknown) => {
      assert.ok(error instanceof SlugError);
      assert.equal(error.name, 'SlugError');
      assert.equal(error.input, 'Tools Docs');
      assert.equal(
        error.message,
        'Invalid slug "Tools Docs": a slug is 1-48 characters of lowercase letters, digits and hyphens, starting with a letter or digit and not with "impl-" (e.g. "tools-docstrings").',
      );
      return true;
    },
  );
  assert.match(SLUG_RULE, /1-48 characters/);
});

test('48 characters is the longest bare slug; 49 is refused', () => {
  const max = 'a'.repeat(48);
  assert.equal(parseSlug(max).bare, max);
  assert.equal(parseSlug(`impl-${max}`).bare, max, 'the prefix does not count towards the 48');
  assert.throws(() => parseSlug('a'.repeat(49)), SlugError);
  assert.throws(() => parseSlug(`impl-${'a'.repeat(49)}`), SlugError);
});

const refused: Array<[string, string]> = [
  ['', 'empty'],
  ['impl-', 'the prefix alone'],
  ['-docs', 'leading hyphen'],
  ['impl--docs', 'leading hyphen after the prefix'],
  ['Docs', 'uppercase'],
  ['tools-Docstrings', 'uppercase in the middle'],
  ['tools/docstrings', 'slash'],
  ['../etc', 'dot-dot'],
  ['a..b', 'dots'],
  ['tools docstrings', 'space'],
  [' tools', 'leading space'],
  ['tools ', 'trailing space'],
  ['tools\n', 'trailing newline'],
  ['tools_docstrings', 'underscore'],
  ['a;rm -rf ~', 'semicolon'],
  ['a$(id)', 'command substitution'],
  ['a`id`', 'backticks'],
  ['a|b', 'pipe'],
  ['a&b', 'ampersand'],
  ["a'b", 'quote'],
  ['a>b', 'redirect'],
  ['café', 'accented letter'],
  ['ｔools', 'full-width letter'],
  ['docs-🚀', 'emoji'],
];

for (const [input, why] of refused) {
  test(`refuses ${why}: ${JSON.stringify(input)}`, () => {
    assert.throws(
      () => parseSlug(input),
      (error: unknown) => {
        assert.ok(error instanceof SlugError);
        assert.ok((error as Error).message.startsWith(`Invalid slug ${JSON.stringify(input)}: `));
        return true;
      },
    );
  });
}

test('isSessionName recognises only prefixed, valid pane names', () => {
  assert.equal(isSessionName('impl-tools-docstrings'), true);
  assert.equal(isSessionName('tools-docstrings'), false);
  assert.equal(isSessionName('impl-'), false);
  assert.equal(isSessionName('impl-Tools'), false);
  assert.equal(isSessionName(`impl-${'a'.repeat(49)}`), false);
  assert.equal(isSessionName('bash'), false);
});

test("a bare slug cannot start with the prefix: it would name another session's files", () => {
  assert.throws(() => parseSlug('impl-impl-victim-task'), SlugError);
  assert.equal(parseSlug('impl-victim-task').bare, 'victim-task');
});

test('session names from file names: only files of a session that keeps the rule', () => {
  assert.equal(sessionOfFile('impl-auth.json', '.json')?.bare, 'auth');
  assert.equal(sessionOfFile('impl-auth.events.jsonl', '.events.jsonl')?.full, 'impl-auth');
  assert.equal(sessionOfFile('impl-auth.settings.json', '.json'), undefined);
  assert.equal(sessionOfFile('impl-impl-auth.json', '.json'), undefined);
  assert.equal(sessionOfFile('auth.json', '.json'), undefined);
  assert.equal(sessionOfFile('impl-auth.json', '.events.jsonl'), undefined);
});

test('bareName and fullName add or drop the prefix once', () => {
  assert.equal(bareName('impl-auth'), 'auth');
  assert.equal(bareName('auth'), 'auth');
  assert.equal(fullName('auth'), 'impl-auth');
  assert.equal(fullName('impl-auth'), 'impl-auth');
});
