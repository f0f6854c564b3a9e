/**
 * Do the changed files still parse? Each file goes to the strictest checker there is for it:
 * TypeScript/JavaScript through the TypeScript compiler, JSON through JSON.parse (JSONC where
 * VS Code and tsc allow comments), Python through `python3 -c ast.parse`, shell through `bash -n`,
 * and Go, Rust, Java, C/C++, YAML and TOML through tree-sitter grammars (Python and shell too when
 * python3 or bash is missing). Markdown and plain text cannot fail. A file no checker reads is
 * reported as not checked, never passed in silence. Only syntax: type errors are the tests' job.
 */
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { ParseFailure } from '../core/verdict';
import { entryKind } from '../git/repo';
import { checkJson, checkPython, checkScript, checkShell, type SyntaxProblem } from './syntaxCheckers';
import { ADVISORY, checkWithGrammar, loadGrammars, type Grammar } from './treeSitter';

export type Checker = 'typescript' | 'json' | 'jsonc' | 'python' | 'bash' | 'text' | `tree-sitter-${Grammar}`;

export interface CheckedFile {
  readonly path: string;
  /** What parsed it; `text` for Markdown and plain text, where every content is valid. */
  readonly checker: Checker;
}

export interface NotCheckedFile {
  readonly path: string;
  /**
   * `no-parser` (a language without a checker), `other-shell:<zsh…>`, `too-large`, `parse-timeout`,
   * `template` (templated YAML), `objective-c`, `symlink`, `directory`, `missing`, `unreadable`,
   * `checker-failed`.
   */
  readonly reason: string;
}

export interface SyntaxReport {
  readonly failures: ParseFailure[];
  /** Errors from a grammar that misreads valid code (see ADVISORY): code review, not NO-SHIP. */
  readonly warnings: ParseFailure[];
  /** Non-blocking notes for the verdict: a checker that could not run, and `not-checked:<path>` per file no checker read. */
  readonly skipped: string[];
  /** Every file a checker ran on, failed or not, in input order. */
  readonly checked: CheckedFile[];
  readonly notChecked: NotCheckedFile[];
}

type Plan =
  | { readonly kind: 'typescript'; readonly fileName: string }
  | { readonly kind: 'json'; readonly jsonc: boolean }
  | { readonly kind: 'python' }
  | { readonly kind: 'shell' }
  | { readonly kind: 'tree-sitter'; readonly grammar: Grammar }
  | { readonly kind: 'text' }
  | { readonly kind: 'none'; readonly reason: string };

const TS_JS = /\.(?:[cm]?[jt]s|[jt]sx)$/i;
const JSONC_NAMES =
  /^(?:tsconfig.*|jsconfig.*|settings|launch|tasks|extensions|keybindings|devcontainer|\.devcontainer|\.eslintrc|language-configuration|tslint|api-extractor|turbo|deno|biome)\.json$/i;
const JSONC_EXTENSIONS = new Set(['.jsonc', '.code-workspace', '.code-snippets']);
const GRAMMAR_BY_EXTENSION: Record<string, Grammar> = {
  '.go': 'go',
  '.rs': 'rust',
  '.java': 'java',
  '.c': 'c',
  '.h': 'c',
  '.cc': 'cpp',
  '.cpp': 'cpp',
  '.cxx': 'cpp',
  '.c++': 'cpp',
  '.hh': 'cpp',
  '.hpp': 'cpp',
  '.hxx': 'cpp',
  '.h++': 'cpp',
  '.ipp': 'cpp',
  '.inl': 'cpp',
  '.yml': 'yaml',
  '.yaml': 'yaml',
  '.toml': 'toml',
};
const GRAMMAR_BY_NAME: Record<string, Grammar> = {
  'cargo.lock': 'toml',
  pipfile: 'toml',
  'poetry.lock': 'toml',
  'uv.lock': 'toml',
};
const SHELL = /\.(?:sh|bash)$|^\.(?:bashrc|bash_profile|bash_aliases|bash_logout|profile)$/i;
const TEXT_EXTENSIONS = new Set(['.md', '.markdown', '.txt', '.text', '.rst', '.adoc']);
/** Prose without an extension, and pattern lists where every line is valid (.gitignore and kin). */
const TEXT_NAMES =
  /^(?:readme|license|licence|copying|authors|contributors|notice|changelog|todo|\.[a-z]*ignore|\.gitkeep|\.keep)$/i;
/** Larger files are not parsed by tree-sitter (generated code, vendored amalgamations). */
const MAX_TREE_SITTER_BYTES = 1 << 20;

function firstLine(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(200);
    return buffer
      .subarray(0, readSync(fd, buffer, 0, buffer.length, 0))
      .toString('utf8')
      .split('\n')[0]!;
  } finally {
    closeSync(fd);
  }
}

/** Which checker a file gets: by extension, by well-known name, else by its `#!` line. */
function planFor(path: string, file: string): Plan {
  const name = basename(path);
  const ext = extname(name).toLowerCase();
  if (TS_JS.test(name)) return { kind: 'typescript', fileName: name };
  if (ext === '.json')
    return { kind: 'json', jsonc: JSONC_NAMES.test(name) || /^\.(?:vscode|devcontainer)\//.test(path) };
  if (JSONC_EXTENSIONS.has(ext)) return { kind: 'json', jsonc: true };
  if (ext === '.py' || ext === '.pyi') return { kind: 'python' };
  const grammar = GRAMMAR_BY_EXTENSION[ext] ?? GRAMMAR_BY_NAME[name.toLowerCase()];
  if (grammar) return { kind: 'tree-sitter', grammar };
  if (TEXT_EXTENSIONS.has(ext) || TEXT_NAMES.test(name)) return { kind: 'text' };
  if (!SHELL.test(name) && ext !== '') return { kind: 'none', reason: 'no-parser' };
  const shebang = /^#!\s*(?:\S*\/)?(?:env\s+(?:-\S+\s+)*)?(\S+)/.exec(firstLine(file))?.[1] ?? '';
  if (/^(?:sh|bash|dash|ash)$/.test(shebang) || (SHELL.test(name) && shebang === '')) return { kind: 'shell' };
  if (/^(?:zsh|ksh|mksh|fish|csh|tcsh)$/.test(shebang)) return { kind: 'none', reason: `other-shell:${shebang}` };
  if (SHELL.test(name)) return { kind: 'shell' };
  if (/^(?:node|nodejs)$/.test(shebang)) return { kind: 'typescript', fileName: `${name}.js` };
  if (/^python[0-9.]*$/.test(shebang)) return { kind: 'python' };
  return { kind: 'none', reason: 'no-parser' };
}

const failure = (path: string, p: SyntaxProblem): ParseFailure =>
  p.column === undefined
    ? { path, line: p.line, message: `line ${p.line}: ${p.message}` }
    : { path, line: p.line, column: p.column, message: `line ${p.line}, column ${p.column}: ${p.message}` };

type Outcome = { checker: Checker; problem?: SyntaxProblem; advisory?: boolean } | { notChecked: string };

const readText = (file: string): string => readFileSync(file, 'utf8').replace(/^\uFEFF/, '');

/**
 * A file that vanished or cannot be read since `git diff` is not checked; so is one whose checker
 * failed (a grammar that did not load, a compiler crash), with a note naming the checker.
 */
async function guarded(checker: string, check: () => Outcome | Promise<Outcome>, notes: Set<string>): Promise<Outcome> {
  try {
    return await check();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && code.startsWith('E'))
      return { notChecked: code === 'ENOENT' ? 'missing' : 'unreadable' };
    notes.add(`${checker}-check(${String((error as Error).message ?? error).split('\n')[0]})`);
    return { notChecked: 'checker-failed' };
  }
}

export async function checkSyntax(root: string, paths: readonly string[]): Promise<SyntaxReport> {
  const outcomes = new Map<string, Outcome>();
  const notes = new Set<string>();
  const plans: Array<[string, Plan]> = [];
  for (const path of paths) {
    const file = join(root, path);
    const kind = entryKind(file);
    if (kind !== 'file')
      outcomes.set(path, { notChecked: kind === 'dir' ? 'directory' : kind === 'link' ? 'symlink' : 'missing' });
    else
      try {
        plans.push([path, planFor(path, file)]);
      } catch {
        outcomes.set(path, { notChecked: 'unreadable' });
      }
  }
  const of = (kind: Plan['kind']) => plans.filter(([, p]) => p.kind === kind).map(([path]) => path);
  const [python, shell] = [of('python'), of('shell')];
  const treeSitter = plans.flatMap(([path, p]): Array<[string, Grammar]> =>
    p.kind === 'tree-sitter' ? [[path, p.grammar]] : [],
  );
  // Start the slow parts first: python3, bash, and the grammars' wasm compiling on V8's background
  // threads, while the TypeScript compiler works. (A grammar that fails to load fails per file.)
  const [pythonRun, shellRun] = [checkPython(root, python), checkShell(root, shell)];
  if (treeSitter.length > 0) loadGrammars(treeSitter.map(([, g]) => g)).catch(() => undefined);
  for (const [path, plan] of plans) {
    const file = join(root, path);
    if (plan.kind === 'typescript')
      outcomes.set(
        path,
        await guarded(
          'typescript',
          () => ({ checker: 'typescript', problem: checkScript(plan.fileName, readText(file)) }),
          notes,
        ),
      );
    else if (plan.kind === 'json')
      outcomes.set(
        path,
        await guarded(
          'json',
          () => ({ checker: plan.jsonc ? 'jsonc' : 'json', problem: checkJson(readText(file), plan.jsonc) }),
          notes,
        ),
      );
    else if (plan.kind === 'text') outcomes.set(path, { checker: 'text' });
    else if (plan.kind === 'none') outcomes.set(path, { notChecked: plan.reason });
  }
  // Without python3 or bash, their tree-sitter grammars: less strict, still catch a broken file.
  for (const [run, files, checker, grammar] of [
    [await pythonRun, python, 'python', 'python'],
    [await shellRun, shell, 'bash', 'bash'],
  ] as const) {
    if (run.ran) for (const path of files) outcomes.set(path, { checker, problem: run.errors.get(path) });
    else treeSitter.push(...files.map((path): [string, Grammar] => [path, grammar]));
  }
  for (const [path, grammar] of treeSitter) {
    const file = join(root, path);
    outcomes.set(
      path,
      await guarded(
        'tree-sitter',
        async () => {
          if (statSync(file).size > MAX_TREE_SITTER_BYTES) return { notChecked: 'too-large' };
          const result = await checkWithGrammar(path, grammar, readText(file));
          return result.kind === 'not-checked'
            ? { notChecked: result.reason }
            : {
                checker: `tree-sitter-${result.grammar}`,
                problem: result.error,
                advisory: ADVISORY.has(result.grammar),
              };
        },
        notes,
      ),
    );
  }
  const failures: ParseFailure[] = [];
  const warnings: ParseFailure[] = [];
  const checked: CheckedFile[] = [];
  const notChecked: NotCheckedFile[] = [];
  for (const path of paths) {
    const outcome = outcomes.get(path);
    if (!outcome) continue;
    if ('notChecked' in outcome) {
      notChecked.push({ path, reason: outcome.notChecked });
      continue;
    }
    checked.push({ path, checker: outcome.checker });
    if (outcome.problem) (outcome.advisory ? warnings : failures).push(failure(path, outcome.problem));
  }
  const skipped = [...notes, ...notChecked.map((n) => `not-checked:${n.path}`)];
  return { failures, warnings, skipped, checked, notChecked };
}
