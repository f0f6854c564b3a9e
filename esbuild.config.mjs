// One build for every bundle: the extension and the CLI (Node, CommonJS), the ledger webview
// (browser) and the extension-host test suite. Type checking is separate: `npm run typecheck`.
import * as esbuild from 'esbuild';
import { readdirSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const node = {
  bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: !production, minify: production,
  external: ['vscode'], logLevel: 'warning',
  // jsonc-parser's UMD main confuses bundlers; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
  // execa and friends are ESM; in a CommonJS bundle import.meta.url must still work.
  define: { 'import.meta.url': 'importMetaUrl' },
  banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

const exthostTests = readdirSync('test/exthost').filter((f) => f.endsWith('.ts')).map((f) => `test/exthost/${f}`);

const builds = [
  // TypeScript (the parser verify uses) is its own bundle, loaded only when verify runs.
  { ...node, entryPoints: { extension: 'src/extension/extension.ts', cli: 'src/cli/bin.ts' }, outdir: 'dist', external: ['vscode', 'typescript'] },
  { ...node, entryPoints: { typescript: 'node_modules/typescript/lib/typescript.js' }, outdir: 'dist', sourcemap: false, minify: true },
  { ...node, entryPoints: exthostTests, outdir: 'out/test/exthost', external: ['vscode', 'mocha'] },
  {
    bundle: true, platform: 'browser', format: 'iife', target: 'es2022', sourcemap: !production, minify: production,
    entryPoints: { ledger: 'media/ledger/main.ts' }, outdir: 'dist/media', logLevel: 'warning',
  },
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
