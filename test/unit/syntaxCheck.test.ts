/**
 * The verdict corpus: broken and clean files in every language verify knows, through the real
 * checkers (TypeScript compiler, JSON.parse/jsonc-parser, python3, bash -n, tree-sitter grammars),
 * then through decideVerdict. A broken file is NO-SHIP naming its path and line; C/C++, which
 * tree-sitter cannot preprocess, is a code review instead; a clean file ships; a language without
 * a parser is "not checked", a note that never blocks SHIP.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { checkSyntax } from '../../src/director/syntaxCheck';
import { GRAMMAR_PACKAGES } from '../../src/director/treeSitter';
import { decideVerdict, type ChangedFile } from '../../src/core/verdict';

const root = mkdtempSync(join(tmpdir(), 'syntax-corpus-'));
after(() => rmSync(root, { recursive: true, force: true }));

function write(files: Record<string, string>): string[] {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return Object.keys(files);
}

const changed = (paths: string[]): ChangedFile[] =>
  paths.map((path) => ({ path, status: 'modified', added: 1, deleted: 0 }));

async function verdictOf(paths: string[]) {
  const report = await checkSyntax(root, paths);
  return {
    report,
    ...decideVerdict({
      changes: changed(paths),
      parseFailures: report.failures,
      parseWarnings: report.warnings,
      scope: [],
      hotPaths: [],
      skipped: report.skipped,
    }),
  };
}

/** A broken file per language: the checker that must read it and the line of its first error. */
const BROKEN: Record<string, { text: string; checker: string; line: number }> = {
  'broken/app.ts': { text: 'const x: number = 1;\nlet y: string = "a" +;\n', checker: 'typescript', line: 2 },
  'broken/app.jsx': { text: 'const a = 1;\nconst b = <div>{a}</span>;\n', checker: 'typescript', line: 2 },
  'broken/lib.js': { text: 'const a = 1;\nconst b = a +* 2;\n', checker: 'typescript', line: 2 },
  'broken/data.json': { text: '{\n  "a": 1,\n  "b": 2,\n}\n', checker: 'json', line: 4 },
  'broken/tsconfig.json': {
    text: '{\n  // comments are fine here\n  "a": 1\n  "b": 2\n}\n',
    checker: 'jsonc',
    line: 4,
  },
  'broken/tool.py': { text: 'import os\n\ndef f(:\n    pass\n', checker: 'python', line: 3 },
  'broken/main.go': { text: 'package main\n\nfunc main() {\n\tx := \n}\n', checker: 'tree-sitter-go', line: 4 },
  'broken/main.rs': {
    text: 'fn main() {\n    let x = 1;\n    let y = (x + ;\n}\n',
    checker: 'tree-sitter-rust',
    line: 3,
  },
  'broken/A.java': { text: 'class A {\n  void f() {\n    int x = 1\n  }\n}\n', checker: 'tree-sitter-java', line: 3 },
  'broken/run.sh': { text: 'echo a\nif true; then\n  echo b\n', checker: 'bash', line: 4 },
  'broken/ci.yaml': { text: 'name: ci\njobs: [build, test\n', checker: 'tree-sitter-yaml', line: 2 },
  'broken/Cargo.toml': { text: '[package]\nname = "x"\nversion = \n', checker: 'tree-sitter-toml', line: 3 },
};

/** C and C++ through tree-sitter: found with path and line, but a code review (macros can fool the grammar). */
const BROKEN_C: Record<string, { text: string; checker: string; line: number }> = {
  'broken/main.c': {
    text: '#include <stdio.h>\nint main(void) {\n  int x = 1\n  return x;\n}\n',
    checker: 'tree-sitter-c',
    line: 3,
  },
  'broken/util.hpp': {
    text: 'namespace a {\ntemplate <typename T> class B { T x; }\n}\n',
    checker: 'tree-sitter-cpp',
    line: 2,
  },
};

const CLEAN: Record<string, { text: string; checker: string }> = {
  'clean/app.ts': {
    text: 'export interface A { b?: string }\nexport const f = (a: A): number => a.b?.length ?? 0;\n',
    checker: 'typescript',
  },
  'clean/view.tsx': { text: 'export const V = () => <div className="x">{1}</div>;\n', checker: 'typescript' },
  'clean/lib.mjs': {
    text: 'export async function g(a, b = 2) { return [a, b].map((x) => x * 2); }\n',
    checker: 'typescript',
  },
  'clean/data.json': { text: '\uFEFF{"a": [1, 2, {"b": null}]}\n', checker: 'json' },
  '.vscode/settings.json': { text: '{\n  // a comment\n  "editor.tabSize": 2,\n}\n', checker: 'jsonc' },
  '.devcontainer/devcontainer.json': { text: '{\n  /* block */ "name": "x",\n}\n', checker: 'jsonc' },
  'clean/jsconfig.json': { text: '{ "compilerOptions": { "checkJs": true, }, }\n', checker: 'jsonc' },
  'clean/tool.py': {
    text: 'import os\n\n\ndef f(xs: list[int]) -> int:\n    match xs:\n        case [x, *_]:\n            return x\n    return 0\n',
    checker: 'python',
  },
  'clean/main.go': {
    text: 'package main\n\nimport "fmt"\n\nfunc Map[T any](xs []T, f func(T) T) []T {\n\tfor i := range xs {\n\t\txs[i] = f(xs[i])\n\t}\n\treturn xs\n}\n\nfunc main() { fmt.Println(Map([]int{1}, func(x int) int { return x })) }\n',
    checker: 'tree-sitter-go',
  },
  'clean/main.rs': {
    text: 'use std::collections::HashMap;\n\nfn main() {\n    let mut m: HashMap<&str, i32> = HashMap::new();\n    let Some(v) = m.get_mut("a") else { return };\n    *v += 1;\n    println!("{v:?}");\n}\n',
    checker: 'tree-sitter-rust',
  },
  'clean/A.java': {
    text: 'package a;\n\nimport java.util.*;\n\npublic record A(List<String> xs) {\n  int f() { return switch (xs.size()) { case 0 -> 1; default -> { yield 2; } }; }\n}\n',
    checker: 'tree-sitter-java',
  },
  'clean/main.c': {
    text: '#include <stdio.h>\n\ntypedef struct { int a; } s_t;\n\nint main(void) {\n  s_t s = { .a = 1 };\n  printf("%d\\n", s.a);\n  return 0;\n}\n',
    checker: 'tree-sitter-c',
  },
  'clean/api.h': {
    text: '#pragma once\n#include <vector>\nnamespace api {\ntemplate <typename T> class Box { public: std::vector<T> items; };\n}\n',
    checker: 'tree-sitter-cpp',
  },
  'clean/run.sh': {
    text: '#!/bin/sh\nset -eu\nfor f in "$@"; do\n  case "$f" in *.ts) echo "$f" ;; esac\ndone\necho "$(date +%s)"\n',
    checker: 'bash',
  },
  'clean/deploy': {
    text: '#!/usr/bin/env bash\nx=abc; i=1\necho "${x:$i:1}"\ncase $x in +(a|b)*) echo y ;; esac\n',
    checker: 'bash',
  },
  'clean/cli': { text: '#!/usr/bin/env node\nconsole.log(process.argv.slice(2));\n', checker: 'typescript' },
  '.github/workflows/ci.yml': {
    text: 'on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: echo ${{ github.sha }}\n',
    checker: 'tree-sitter-yaml',
  },
  'clean/pyproject.toml': {
    text: '[project]\nname = "x"\ndependencies = ["a>=1", "b"]\n\n[tool.x]\ny = { z = 1 }\n',
    checker: 'tree-sitter-toml',
  },
  'clean/README.md': {
    text: '# Title\n\n```js\nan unclosed fence, **unclosed bold, <div> unclosed html\n',
    checker: 'text',
  },
  'clean/notes.txt': { text: '{{ not a template }} ( [ unbalanced\n', checker: 'text' },
};

describe('syntax check: the verdict corpus', () => {
  test('each broken file is a parse failure with its path, line and column, from the right checker', async () => {
    const paths = write(Object.fromEntries(Object.entries(BROKEN).map(([p, c]) => [p, c.text])));
    const { report, verdict, reasons } = await verdictOf(paths);
    assert.equal(verdict, 'NO-SHIP');
    assert.deepEqual(
      report.failures.map((f) => f.path),
      paths,
      'every broken file fails, in input order',
    );
    for (const failure of report.failures) {
      const want = BROKEN[failure.path]!;
      assert.equal(failure.line, want.line, `${failure.path}: ${failure.message}`);
      if (want.checker === 'bash') {
        assert.equal(failure.column, undefined, 'bash -n tells the line only');
        assert.match(failure.message, new RegExp(`^line ${want.line}: syntax error`), failure.path);
      } else {
        assert.ok(failure.column !== undefined && failure.column >= 1, failure.path);
        assert.match(failure.message, new RegExp(`^line ${want.line}, column ${failure.column}: .+`), failure.path);
      }
    }
    assert.deepEqual(
      report.checked,
      paths.map((path) => ({ path, checker: BROKEN[path]!.checker })),
    );
    assert.deepEqual(
      reasons,
      paths.map((p) => `parse-error:${p}`),
    );
  });

  test('broken C and C++ are found with path and line, but need code review rather than NO-SHIP', async () => {
    const paths = write(Object.fromEntries(Object.entries(BROKEN_C).map(([p, c]) => [p, c.text])));
    const { report, verdict, reasons } = await verdictOf(paths);
    assert.deepEqual(report.failures, []);
    assert.deepEqual(
      report.warnings.map((w) => [w.path, w.line]),
      paths.map((p) => [p, BROKEN_C[p]!.line]),
    );
    assert.deepEqual(
      report.checked,
      paths.map((path) => ({ path, checker: BROKEN_C[path]!.checker })),
    );
    assert.deepEqual(
      { verdict, reasons },
      { verdict: 'NEEDS-CODE-REVIEW', reasons: paths.map((p) => `possible-parse-error:${p}`) },
    );
  });

  test('the extern "C" idiom tree-sitter cannot follow is at worst a review, never NO-SHIP', async () => {
    const paths = write({
      'c/api.h': '#ifdef __cplusplus\nextern "C" {\n#endif\nint f(int x);\n#ifdef __cplusplus\n}\n#endif\n',
    });
    const { verdict } = await verdictOf(paths);
    assert.notEqual(verdict, 'NO-SHIP');
  });

  test('clean files in every language pass, each naming its checker', async () => {
    const paths = write(Object.fromEntries(Object.entries(CLEAN).map(([p, c]) => [p, c.text])));
    const { report, verdict, reasons } = await verdictOf(paths);
    assert.deepEqual([report.failures, report.warnings], [[], []]);
    assert.deepEqual(
      report.checked,
      paths.map((path) => ({ path, checker: CLEAN[path]!.checker })),
    );
    assert.deepEqual(report.notChecked, []);
    assert.deepEqual({ verdict, reasons }, { verdict: 'SHIP', reasons: [] });
  });

  test('Markdown and plain text are never a parse failure', async () => {
    const paths = write({
      'docs/x.md': '```\n<<<<<<< ]]] {{%\n',
      'docs/LICENSE': '\u0000 binary-ish \uFFFD\n',
      'docs/y.markdown': '',
      '.gitignore': '[z-a\n!\n',
    });
    const { report, verdict } = await verdictOf(paths);
    assert.deepEqual(report.failures, []);
    assert.deepEqual(
      report.checked.map((c) => c.checker),
      ['text', 'text', 'text', 'text'],
    );
    assert.equal(verdict, 'SHIP');
  });

  test('a language without a parser is reported as not checked, and still ships', async () => {
    const paths = write({ 'src/App.kt': 'fun main( {', 'src/ok.go': 'package ok\n', Makefile: 'all:\n\techo\n' });
    const { report, verdict, reasons } = await verdictOf(paths);
    assert.deepEqual(report.failures, []);
    assert.deepEqual(report.notChecked, [
      { path: 'src/App.kt', reason: 'no-parser' },
      { path: 'Makefile', reason: 'no-parser' },
    ]);
    assert.deepEqual(report.checked, [{ path: 'src/ok.go', checker: 'tree-sitter-go' }]);
    assert.deepEqual(
      { verdict, reasons },
      { verdict: 'SHIP', reasons: ['skipped:not-checked:src/App.kt', 'skipped:not-checked:Makefile'] },
    );
  });

  test('not-checked notes follow the parse errors of a NO-SHIP', async () => {
    const paths = write({ 'mix/bad.rs': 'fn main( {}\n', 'mix/x.swift': 'let x =' });
    const { verdict, reasons } = await verdictOf(paths);
    assert.deepEqual(
      { verdict, reasons },
      { verdict: 'NO-SHIP', reasons: ['parse-error:mix/bad.rs', 'skipped:not-checked:mix/x.swift'] },
    );
  });

  test('templated YAML (Helm, Jinja) that does not parse is not checked rather than failed', async () => {
    const paths = write({
      'chart/templates/svc.yaml': 'metadata:\n  name: {{ .Release.Name }}\n{{- if .Values.x }}\nspec: {}\n{{- end }}\n',
    });
    const { report, verdict } = await verdictOf(paths);
    assert.deepEqual(report.notChecked, [{ path: 'chart/templates/svc.yaml', reason: 'template' }]);
    assert.equal(verdict, 'SHIP');
  });

  test('an Objective-C header and a zsh script are not checked; a broken C header is a warning', async () => {
    const paths = write({
      'ios/View.h': '#import <UIKit/UIKit.h>\n@interface View : UIView\n@end\n',
      'c/bad.h': '#pragma once\nint f(int x;\n',
      'z/init.sh': '#!/bin/zsh\nprint -l ${(f)x}\n',
    });
    const { report } = await verdictOf(paths);
    assert.deepEqual(report.notChecked, [
      { path: 'ios/View.h', reason: 'objective-c' },
      { path: 'z/init.sh', reason: 'other-shell:zsh' },
    ]);
    assert.deepEqual(
      report.warnings.map((f) => [f.path, f.line]),
      [['c/bad.h', 2]],
    );
  });

  test('symlinks, folders and vanished files are not checked, never read', async () => {
    write({ 'links/target.ts': 'export const a = 1;\n' });
    symlinkSync('/etc/passwd', join(root, 'links/evil.ts'));
    mkdirSync(join(root, 'links/sub.go'));
    const report = await checkSyntax(root, ['links/evil.ts', 'links/sub.go', 'links/gone.py']);
    assert.deepEqual(
      report.notChecked.map((n) => n.reason),
      ['symlink', 'directory', 'missing'],
    );
    assert.deepEqual(report.failures, []);
  });

  test('without python3 and bash, their tree-sitter grammars read the files instead', async () => {
    const paths = write({
      'nopy/bad.py': 'import os\n\ndef f(:\n    pass\n',
      'nopy/ok.py': 'x = [i for i in range(3)]\n',
      'nosh/bad.sh': 'echo a\nif true; then\n',
    });
    const saved = process.env['PATH'];
    process.env['PATH'] = join(root, 'no-such-bin');
    try {
      const report = await checkSyntax(root, paths);
      assert.deepEqual(
        report.checked.map((c) => c.checker),
        ['tree-sitter-python', 'tree-sitter-python', 'tree-sitter-bash'],
      );
      assert.deepEqual(
        report.failures.map((f) => [f.path, f.line]),
        [['nopy/bad.py', 3]],
      );
      // tree-sitter-bash misreads some valid scripts: its errors ask for a review.
      assert.deepEqual(
        report.warnings.map((f) => [f.path, f.line]),
        [['nosh/bad.sh', 2]],
      );
    } finally {
      process.env['PATH'] = saved;
    }
  });

  test('every grammar verify loads is copied into dist by the build and allowlisted for the .vsix', () => {
    const config = readFileSync(new URL('../../esbuild.config.mjs', import.meta.url), 'utf8');
    for (const [name, pkg] of Object.entries(GRAMMAR_PACKAGES))
      assert.ok(config.includes(`'${pkg}/tree-sitter-${name}.wasm'`), `${pkg} in esbuild.config.mjs`);
    assert.ok(config.includes("'web-tree-sitter/web-tree-sitter.wasm'"));
    assert.match(
      readFileSync(new URL('../../.vscodeignore', import.meta.url), 'utf8'),
      /^!dist\/tree-sitter\/\*\.wasm$/m,
    );
  });
});
