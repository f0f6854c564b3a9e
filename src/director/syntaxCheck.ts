/**
 * Do the changed files still parse? TypeScript/JavaScript through the TypeScript parser, JSON
 * (JSONC where VS Code and tsc allow comments), Python through `python3 -c ast.parse` when
 * python3 exists. Only syntax: type errors are the test suite's job.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { execa } from 'execa';
import { tmpdir } from 'node:os';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type TypeScript from 'typescript';
import type { ParseFailure } from '../core/verdict';
import { entryKind } from '../git/repo';

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

const TS_JS = /\.(?:[cm]?[jt]s|[jt]sx)$/i;
const JSONC_NAMES = /^(?:tsconfig.*|jsconfig.*|settings|launch|tasks|extensions|devcontainer)\.json$|\.jsonc$/i;

export interface SyntaxReport {
  readonly failures: ParseFailure[];
  readonly skipped: string[];
  readonly checked: number;
}

function checkScript(path: string, text: string): string | undefined {
  const compiler = ts();
  const output = compiler.transpileModule(text, { fileName: basename(path), reportDiagnostics: true, compilerOptions: { allowJs: true, jsx: compiler.JsxEmit.Preserve } });
  const first = output.diagnostics?.find((d) => d.category === compiler.DiagnosticCategory.Error);
  if (!first) return undefined;
  const where = first.file && first.start !== undefined ? first.file.getLineAndCharacterOfPosition(first.start) : undefined;
  return `${where ? `line ${where.line + 1}: ` : ''}${compiler.flattenDiagnosticMessageText(first.messageText, ' ')}`;
}

function checkJson(path: string, text: string): string | undefined {
  if (JSONC_NAMES.test(basename(path)) || path.startsWith('.vscode/')) {
    const errors: ParseError[] = [];
    parseJsonc(text, errors, { allowTrailingComma: true });
    return errors[0] ? `${printParseErrorCode(errors[0].error)} at offset ${errors[0].offset}` : undefined;
  }
  try { JSON.parse(text); return undefined; } catch (error) { return (error as Error).message; }
}

const PY_CHECK = [
  'import ast, sys',
  'for p in sys.argv[1:]:',
  '    try:',
  '        ast.parse(open(p, "rb").read(), p)',
  '    except SyntaxError as e:',
  '        print(p + "\\t" + str(e.lineno) + "\\t" + str(e.msg))',
].join('\n');

async function checkPython(root: string, paths: string[]): Promise<{ failures: ParseFailure[]; skipped?: string }> {
  if (paths.length === 0) return { failures: [] };
  // Isolated (-I: no script or working folder on the module path, no user site, no PYTHON*
  // variables; -S: no site customisation), run outside the repository: a session-written ast.py
  // or sitecustomize.py is parsed, never executed.
  const result = await execa('python3', ['-I', '-S', '-c', PY_CHECK, ...paths.map((p) => join(root, p))], {
    cwd: tmpdir(), reject: false, extendEnv: false, env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin' },
  });
  if (result.exitCode !== 0 && (result as { code?: string }).code === 'ENOENT') return { failures: [], skipped: 'python-check(python3-not-found)' };
  if (result.exitCode !== 0) return { failures: [], skipped: `python-check(python3-exit-${result.exitCode})` };
  const failures = String(result.stdout).split('\n').filter((l) => l.includes('\t')).map((l) => {
    const [path = '', line = '', msg = ''] = l.split('\t');
    return { path: paths.find((p) => join(root, p) === path) ?? path, message: `line ${line}: ${msg}` };
  });
  return { failures };
}

export async function checkSyntax(root: string, paths: readonly string[]): Promise<SyntaxReport> {
  const failures: ParseFailure[] = [];
  const skipped: string[] = [];
  const python: string[] = [];
  let checked = 0;
  for (const path of paths) {
    let message: string | undefined;
    if (entryKind(join(root, path)) !== 'file') continue; // a directory or symlink named like a script
    if (/\.py$/i.test(path)) { python.push(path); continue; }
    if (!TS_JS.test(path) && !/\.jsonc?$/i.test(path)) continue;
    const text = readFileSync(join(root, path), 'utf8');
    checked++;
    message = TS_JS.test(path) ? checkScript(path, text) : checkJson(path, text);
    if (message) failures.push({ path, message });
  }
  const py = await checkPython(root, python);
  failures.push(...py.failures);
  if (py.skipped) skipped.push(py.skipped);
  else checked += python.length;
  return { failures, skipped, checked };
}
