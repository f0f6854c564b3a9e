/**
 * No operation's message names a CLI flag or spells a command line: VS Code users see the same
 * messages. A fix is a structured remedy (src/director/errors.ts) that each front phrases. This
 * reads every error the layers below the fronts construct, as the TypeScript compiler sees them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { OPERATIONS } from '../../src/cli/args';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));
const LAYERS = ['core', 'mux', 'git', 'claude', 'director'];
const CLI_SYNTAX = new RegExp(`(^|[\\s(\`"'])--[a-z]|cmux-director (${OPERATIONS.join('|')})\\b`);

const filesOf = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesOf(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );

/** The text of string and template literals under a node, skipping arrays (argv lists). */
function texts(node: ts.Node): string[] {
  if (ts.isArrayLiteralExpression(node)) return [];
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)];
  if (ts.isPropertyAssignment(node) && !['hint', 'message'].includes(node.name.getText())) return [];
  return node.getChildren().flatMap(texts);
}

function errorMessages(file: string): { line: number; text: string }[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found: { line: number; text: string }[] = [];
  const visit = (node: ts.Node) => {
    const line = () => source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
    if (ts.isNewExpression(node) && /Error$/.test(node.expression.getText()))
      for (const arg of node.arguments ?? []) for (const text of texts(arg)) found.push({ line: line(), text });
    // Hints kept apart from the error: `hint = '…'`, `const CMUX_ACCESS_HINT = '…'`.
    const assigned =
      ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken
        ? [node.left, node.right]
        : ts.isVariableDeclaration(node) && node.initializer
          ? [node.name, node.initializer]
          : undefined;
    if (assigned && /hint|message/i.test(assigned[0]!.getText()))
      for (const text of texts(assigned[1]!)) found.push({ line: line(), text });
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

test('no error below the fronts names a CLI flag or a cmux-director command line', () => {
  const offending = LAYERS.flatMap((layer) => filesOf(join(SRC, layer)))
    .flatMap((file) => errorMessages(file).map((m) => ({ ...m, file: relative(SRC, file) })))
    .filter((m) => CLI_SYNTAX.test(m.text))
    .map((m) => `${m.file}:${m.line}: ${m.text}`);
  assert.deepEqual(offending, []);
});

test('the check sees messages, hints and templates', () => {
  const probe = join(SRC, 'director', 'spawn.ts');
  const messages = errorMessages(probe).map((m) => m.text);
  assert.ok(
    messages.some((t) => t.includes('No implementer model')),
    'a DirectorError message of spawn is read',
  );
  assert.ok(
    errorMessages(join(SRC, 'mux', 'cmux.ts')).some((m) => m.text.includes('cmux is not running')),
    'a MuxError hint is read',
  );
});
