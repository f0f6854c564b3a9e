// One build for every bundle: the extension and the CLI (Node, CommonJS), the ledger webview
// (browser) and the extension-host test suite. Type checking is separate: `npm run typecheck`.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const node = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  external: ['vscode'],
  logLevel: 'warning',
  // jsonc-parser's UMD main confuses bundlers; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
  // execa and friends are ESM; in a CommonJS bundle import.meta.url must still work.
  define: { 'import.meta.url': 'importMetaUrl' },
  banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

const exthostTests = readdirSync('test/exthost')
  .filter((f) => f.endsWith('.ts'))
  .map((f) => `test/exthost/${f}`);

const builds = [
  // TypeScript (the parser verify uses) is its own bundle, loaded only when verify runs.
  {
    ...node,
    entryPoints: { extension: 'src/extension/extension.ts', cli: 'src/cli/bin.ts' },
    outdir: 'dist',
    external: ['vscode', 'typescript'],
  },
  {
    ...node,
    entryPoints: { typescript: 'node_modules/typescript/lib/typescript.js' },
    outdir: 'dist',
    sourcemap: false,
    minify: true,
  },
  { ...node, entryPoints: exthostTests, outdir: 'out/test/exthost', external: ['vscode', 'mocha'] },
  {
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    sourcemap: !production,
    minify: production,
    entryPoints: { ledger: 'media/ledger/main.ts', ledgerPanel: 'media/ledger/panel.ts' },
    outdir: 'dist/media',
    logLevel: 'warning',
  },
];

// verify's tree-sitter runtime and grammars, loaded from dist/tree-sitter/ beside the bundles
// (src/director/treeSitter.ts; its GRAMMAR_PACKAGES names the same grammars). Only these ship.
const treeSitterWasm = [
  'web-tree-sitter/web-tree-sitter.wasm',
  'tree-sitter-bash/tree-sitter-bash.wasm',
  'tree-sitter-c/tree-sitter-c.wasm',
  'tree-sitter-cpp/tree-sitter-cpp.wasm',
  'tree-sitter-go/tree-sitter-go.wasm',
  'tree-sitter-java/tree-sitter-java.wasm',
  'tree-sitter-python/tree-sitter-python.wasm',
  'tree-sitter-rust/tree-sitter-rust.wasm',
  '@tree-sitter-grammars/tree-sitter-toml/tree-sitter-toml.wasm',
  '@tree-sitter-grammars/tree-sitter-yaml/tree-sitter-yaml.wasm',
];
const resolve = createRequire(import.meta.url).resolve;
const treeSitterNames = treeSitterWasm.map((file) => file.split('/').pop());
mkdirSync('dist/tree-sitter', { recursive: true });
// A grammar dropped from the list must not linger and ship (.vscodeignore allows dist/tree-sitter/*.wasm).
for (const stale of readdirSync('dist/tree-sitter').filter((f) => !treeSitterNames.includes(f)))
  rmSync(`dist/tree-sitter/${stale}`, { force: true });
treeSitterWasm.forEach((file, i) => {
  const [from, to] = [resolve(file), `dist/tree-sitter/${treeSitterNames[i]}`];
  if (!existsSync(to) || !readFileSync(to).equals(readFileSync(from))) copyFileSync(from, to);
});

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
