/**
 * Tree-sitter parse checks for the languages the TypeScript compiler, jsonc-parser, python3 and
 * bash do not cover (and for Python and shell when python3 or bash is missing). web-tree-sitter
 * and the grammars are WebAssembly: nothing native, nothing executed from the repository. The
 * runtime and each grammar load on first use, once per process.
 *
 * Where the .wasm files are: the bundles ship them in dist/tree-sitter/ beside themselves (see
 * esbuild.config.mjs); run from source (tests, tsx) they come from node_modules.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join } from 'node:path';
import type { Language, Node, Parser } from 'web-tree-sitter';

/** Grammar name → npm package that ships `tree-sitter-<name>.wasm` (esbuild.config.mjs copies the same list). */
export const GRAMMAR_PACKAGES = {
  bash: 'tree-sitter-bash',
  c: 'tree-sitter-c',
  cpp: 'tree-sitter-cpp',
  go: 'tree-sitter-go',
  java: 'tree-sitter-java',
  python: 'tree-sitter-python',
  rust: 'tree-sitter-rust',
  toml: '@tree-sitter-grammars/tree-sitter-toml',
  yaml: '@tree-sitter-grammars/tree-sitter-yaml',
} as const;
export type Grammar = keyof typeof GRAMMAR_PACKAGES;

/** A parse that takes longer than this (pathological error recovery) is abandoned: not checked. */
const PARSE_BUDGET_MS = 1000;

export interface TreeSitterError {
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units (characters for most text). */
  readonly column: number;
  readonly message: string;
}

/** The outcome of one parse: clean, the first ERROR or MISSING node, or abandoned over budget. */
export type TreeSitterResult =
  { readonly kind: 'ok' } | { readonly kind: 'error'; readonly error: TreeSitterError } | { readonly kind: 'timeout' };

function wasmFile(pkg: string, file: string): string {
  const beside = typeof __dirname === 'string' ? join(__dirname, 'tree-sitter', file) : '';
  if (beside && existsSync(beside)) return beside;
  return createRequire(import.meta.url).resolve(`${pkg}/${file}`);
}

let runtime: Promise<{ parser: Parser; Language: typeof Language }> | undefined;
const languages = new Map<Grammar, Promise<Language>>();

function loadRuntime(): Promise<{ parser: Parser; Language: typeof Language }> {
  runtime ??= (async () => {
    const wts = await import('web-tree-sitter');
    // The runtime's own wasm, passed as bytes: no guessing where the bundle put it.
    await wts.Parser.init({ wasmBinary: readFileSync(wasmFile('web-tree-sitter', 'web-tree-sitter.wasm')) });
    return { parser: new wts.Parser(), Language: wts.Language };
  })();
  runtime.catch(() => {
    runtime = undefined;
  });
  return runtime;
}

/**
 * Loads the runtime and the given grammars (in parallel, each once). Call it with every grammar a
 * batch needs before parsing: V8 compiles wasm on background threads, which parsing keeps busy.
 */
export async function loadGrammars(grammars: Iterable<Grammar>): Promise<Map<Grammar, Language>> {
  const { Language } = await loadRuntime();
  const wanted = [...new Set(grammars)];
  for (const name of wanted) {
    if (languages.has(name)) continue;
    const loading = Language.load(readFileSync(wasmFile(GRAMMAR_PACKAGES[name], `tree-sitter-${name}.wasm`)));
    loading.catch(() => languages.delete(name));
    languages.set(name, loading);
  }
  const loaded = await Promise.all(wanted.map(async (name) => [name, await languages.get(name)!] as const));
  return new Map(loaded);
}

/**
 * Where a parse went wrong and what was there. A MISSING node is exact. An ERROR node starts where
 * the construct that could not be completed starts; when the whole file is one ERROR whose first
 * part is valid, the error is where that valid prefix ends.
 */
function locate(node: Node, text: string): TreeSitterError {
  if (node.isMissing) {
    const { row, column } = node.startPosition;
    return {
      line: row + 1,
      column: column + 1,
      message: node.isNamed ? `missing ${node.type}` : `missing "${node.type}"`,
    };
  }
  let at = node.startPosition;
  const [first, second] = [node.child(0), node.child(1)];
  if (!node.parent && first && first.isNamed && !first.hasError) at = second ? second.startPosition : first.endPosition;
  const line = text.split('\n', at.row + 1)[at.row] ?? '';
  const near = line.slice(at.column).trim();
  return {
    line: at.row + 1,
    column: at.column + 1,
    message: near
      ? `syntax error near "${near.length > 40 ? `${near.slice(0, 40)}…` : near}"`
      : 'syntax error at end of line',
  };
}

/** The first ERROR or MISSING node in document order, descending only into subtrees that have one. */
function firstError(root: Node): Node | undefined {
  if (!root.hasError) return undefined;
  const cursor = root.walk();
  try {
    for (;;) {
      const node = cursor.currentNode;
      if (node.isError || node.isMissing) return node;
      if (node.hasError && cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) if (!cursor.gotoParent()) return undefined;
    }
  } finally {
    cursor.delete();
  }
}

/**
 * Parses `text` with `grammar` (loaded now if loadGrammars has not). Synchronous from setLanguage
 * to delete, so concurrent checks cannot interleave on the one shared parser.
 */
export async function parseWith(grammar: Grammar, text: string): Promise<TreeSitterResult> {
  const [{ parser }, langs] = await Promise.all([loadRuntime(), loadGrammars([grammar])]);
  return parseLoaded(parser, langs.get(grammar)!, text);
}

function parseLoaded(parser: Parser, language: Language, text: string): TreeSitterResult {
  parser.setLanguage(language);
  const start = performance.now();
  // The progress callback cancels the parse when it returns true (the typings say void).
  const progressCallback = (() => performance.now() - start > PARSE_BUDGET_MS) as unknown as () => void;
  const tree = parser.parse(text, null, { progressCallback });
  if (!tree) {
    parser.reset();
    return { kind: 'timeout' };
  }
  try {
    const node = firstError(tree.rootNode);
    return node ? { kind: 'error', error: locate(node, text) } : { kind: 'ok' };
  } finally {
    tree.delete();
  }
}

/**
 * Grammars whose errors are not proof: tree-sitter cannot expand C/C++ macros or choose #if
 * branches (it flags about 4 in 10 real C files, e.g. redis), and tree-sitter-bash misreads valid
 * scripts (`${s:$i:1}`, extglob); bash itself checks scripts when it is installed.
 */
export const ADVISORY: ReadonlySet<Grammar> = new Set(['c', 'cpp', 'bash']);

/** Go templates (Helm), Jinja (Ansible, Salt): `{{ … }}` or `{% … %}` outside GitHub's `${{ … }}`. */
const TEMPLATED = /(?:^|[^$])\{\{|\{%/;
/** An Objective-C header (`.h` is shared by C, C++ and Objective-C). */
const OBJECTIVE_C = /^\s*(?:#import\b|@(?:interface|protocol|implementation|class)\b)/m;

export type GrammarCheck =
  | { readonly kind: 'checked'; readonly grammar: Grammar; readonly error?: TreeSitterError }
  | { readonly kind: 'not-checked'; readonly reason: string };

/** One file through its grammar, with what each language needs around it. */
export async function checkWithGrammar(path: string, grammar: Grammar, text: string): Promise<GrammarCheck> {
  const header = extname(path).toLowerCase() === '.h';
  if (header && OBJECTIVE_C.test(text)) return { kind: 'not-checked', reason: 'objective-c' };
  let result = await parseWith(grammar, text);
  let used = grammar;
  if (header && result.kind === 'error') {
    // A .h that is not C may be C++: it passes if either parses; else the error that came later.
    const cpp = await parseWith('cpp', text);
    const later =
      cpp.kind !== 'error' ||
      result.kind !== 'error' ||
      cpp.error.line > result.error.line ||
      (cpp.error.line === result.error.line && cpp.error.column > result.error.column);
    if (later) {
      result = cpp;
      used = 'cpp';
    }
  }
  if (result.kind === 'timeout') return { kind: 'not-checked', reason: 'parse-timeout' };
  if (result.kind === 'ok') return { kind: 'checked', grammar: used };
  if (grammar === 'yaml' && TEMPLATED.test(text)) return { kind: 'not-checked', reason: 'template' };
  return { kind: 'checked', grammar: used, error: result.error };
}
