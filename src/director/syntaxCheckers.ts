/**
 * The checkers that are stricter than a tree-sitter grammar for their language: the TypeScript
 * compiler for TypeScript/JavaScript, JSON.parse and jsonc-parser for JSON/JSONC, Python's own
 * `ast.parse` for Python, bash's own `bash -n` for shell scripts. Each returns the first error
 * with its 1-based line (and column where the checker tells).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { execa } from 'execa';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type TypeScript from 'typescript';

export interface SyntaxProblem {
  /** 1-based. */
  readonly line: number;
  /** 1-based; bash does not tell. */
  readonly column?: number;
  readonly message: string;
}

let typescript: typeof TypeScript | undefined;

/**
 * The TypeScript parser, loaded on first use. The bundles ship it as dist/typescript.js beside
 * themselves so that starting the CLI or the extension does not parse 9 MB of compiler.
 */
function ts(): typeof TypeScript {
  if (!typescript) {
    const load = createRequire(import.meta.url);
    const beside = typeof __dirname === 'string' ? join(__dirname, 'typescript.js') : '';
    typescript = (beside && existsSync(beside) ? load(beside) : load('typescript')) as typeof TypeScript;
  }
  return typescript;
}

/** `fileName` decides TS or JS, JSX or not (a script found by its `#!…node` line passes `name.js`). */
export function checkScript(fileName: string, text: string): SyntaxProblem | undefined {
  const compiler = ts();
  const output = compiler.transpileModule(text, {
    fileName: basename(fileName),
    reportDiagnostics: true,
    compilerOptions: { allowJs: true, jsx: compiler.JsxEmit.Preserve },
  });
  const first = output.diagnostics?.find((d) => d.category === compiler.DiagnosticCategory.Error);
  if (!first) return undefined;
  const where =
    first.file && first.start !== undefined
      ? first.file.getLineAndCharacterOfPosition(first.start)
      : { line: 0, character: 0 };
  return {
    line: where.line + 1,
    column: where.character + 1,
    message: compiler.flattenDiagnosticMessageText(first.messageText, ' '),
  };
}

function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/** Strict JSON (JSON.parse decides), or JSONC: comments and trailing commas allowed. */
export function checkJson(text: string, jsonc: boolean): SyntaxProblem | undefined {
  const errors: ParseError[] = [];
  if (jsonc) {
    parseJsonc(text, errors, { allowTrailingComma: true });
    return errors[0]
      ? { ...position(text, errors[0].offset), message: printParseErrorCode(errors[0].error) }
      : undefined;
  }
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    // JSON.parse's message has no line; jsonc-parser, strict, finds where.
    parseJsonc(text, errors, { allowTrailingComma: false, disallowComments: true, allowEmptyContent: false });
    return { ...position(text, errors[0]?.offset ?? 0), message: (error as Error).message };
  }
}

const PY_CHECK = [
  'import ast, json, sys',
  'for p in sys.argv[1:]:',
  '    try:',
  '        ast.parse(open(p, "rb").read(), p)',
  '    except (SyntaxError, ValueError) as e:',
  '        print(json.dumps([p, getattr(e, "lineno", None) or 1, getattr(e, "offset", None) or 1, getattr(e, "msg", None) or str(e)]))',
].join('\n');

export type CheckerRun =
  | { readonly ran: true; readonly errors: ReadonlyMap<string, SyntaxProblem> }
  | { readonly ran: false; readonly why: string };

/** Runs an interpreter's own parser over files, in one process outside the repository with a bare environment. */
async function runIsolated(
  program: string,
  args: readonly string[],
): Promise<{ ran: true; stdout: string } | { ran: false; why: string }> {
  const result = await execa(program, args, {
    cwd: tmpdir(),
    reject: false,
    extendEnv: false,
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin' },
  });
  if (result.exitCode !== 0 && (result as { code?: string }).code === 'ENOENT')
    return { ran: false, why: `${program}-not-found` };
  if (result.exitCode !== 0) return { ran: false, why: `${program}-exit-${result.exitCode}` };
  return { ran: true, stdout: String(result.stdout) };
}

/** Python's own parser over `paths` (relative to `root`), in one python3 process. */
export async function checkPython(root: string, paths: readonly string[]): Promise<CheckerRun> {
  if (paths.length === 0) return { ran: true, errors: new Map() };
  // Isolated (-I: no script or working folder on the module path, no user site, no PYTHON*
  // variables; -S: no site customisation), run outside the repository: a session-written ast.py
  // or sitecustomize.py is parsed, never executed.
  const result = await runIsolated('python3', ['-I', '-S', '-c', PY_CHECK, ...paths.map((p) => join(root, p))]);
  if (!result.ran) return result;
  const errors = new Map<string, SyntaxProblem>();
  for (const line of result.stdout.split('\n')) {
    if (!line.startsWith('[')) continue;
    let parsed: [string, number, number, string];
    try {
      parsed = JSON.parse(line) as [string, number, number, string];
    } catch {
      continue;
    }
    const [file, row, column, message] = parsed;
    const path = paths.find((p) => join(root, p) === file) ?? file;
    if (!errors.has(path)) errors.set(path, { line: row, column, message });
  }
  return { ran: true, errors };
}

// `bash -n` reads a script without running any of it; extglob on, as scripts that use `*(…)`
// patterns enable it at run time (which -n never reaches). One bash loops over the files.
const SH_CHECK = 'for f; do out=$(bash -O extglob -n -- "$f" 2>&1) || printf \'%s\\0%s\\0\' "$f" "$out"; done; exit 0';

/** bash's own parser over shell scripts (relative to `root`). */
export async function checkShell(root: string, paths: readonly string[]): Promise<CheckerRun> {
  if (paths.length === 0) return { ran: true, errors: new Map() };
  const result = await runIsolated('bash', [
    '--norc',
    '--noprofile',
    '-c',
    SH_CHECK,
    'bash',
    ...paths.map((p) => join(root, p)),
  ]);
  if (!result.ran) return result;
  const errors = new Map<string, SyntaxProblem>();
  const parts = result.stdout.split('\0');
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const path = paths.find((p) => join(root, p) === parts[i]) ?? parts[i]!;
    // "<file>: line 3: syntax error near unexpected token `fi'"
    const first = /: line (\d+): (.*)$/m.exec(parts[i + 1]!);
    errors.set(path, {
      line: Number(first?.[1] ?? 1),
      message: (first?.[2] ?? parts[i + 1]!.trim()) || 'syntax error',
    });
  }
  return { ran: true, errors };
}
