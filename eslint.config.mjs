// Lint gate: typescript-eslint's recommended rules plus the layer rules of docs/ARCHITECTURE.md.
// Imports go one way: core ← (mux | git | claude) ← director ← (extension | cli).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Import patterns a layer may not use, with the reason shown in the lint message. */
const forbid = (...groups) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: groups.map(([group, message]) => ({ group, message })),
    },
  ],
});

const ABOVE_CORE = [
  '**/mux/**',
  '**/mux',
  '**/git/**',
  '**/git',
  '**/claude/**',
  '**/claude',
  '**/director/**',
  '**/director',
  '**/extension/**',
  '**/cli/**',
];
const DIRECTOR_AND_FRONTS = ['**/director/**', '**/director', '**/extension/**', '**/cli/**'];
const FRONT_FORBIDDEN = [
  '**/mux/**',
  '**/mux',
  '**/git/**',
  '**/git',
  '**/claude/**',
  '**/claude',
  '**/director/*',
  '!**/director/index',
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'out/',
      'tmp/',
      'demo/.work/',
      'test/vscode-server/',
      'test/e2e/.run/',
      'test/unit/fixtures/',
      '.vscode-test/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        URL: 'readonly',
        URLSearchParams: 'readonly',
        AbortController: 'readonly',
        TextDecoder: 'readonly',
        TextEncoder: 'readonly',
        fetch: 'readonly',
        __dirname: 'readonly',
        require: 'readonly',
        module: 'writable',
        performance: 'readonly',
        structuredClone: 'readonly',
        queueMicrotask: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      'no-control-regex': 'off',
    },
  },
  {
    // The fake cmux CLI: an extensionless CommonJS executable.
    files: ['test/fixtures/fake-cmux/cmux'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { SharedArrayBuffer: 'readonly', Atomics: 'readonly', __filename: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: [
      '**/*.cjs',
      'scripts/**/*.js',
      'test/e2e/**/*.js',
      'test/exthost/**/*.js',
      'test/fixtures/**/*.js',
      'esbuild.config.mjs',
    ],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: forbid(
      [ABOVE_CORE, 'core is pure rules: it imports nothing of the project above it.'],
      [['vscode', 'node:*', 'fs', 'child_process'], 'core does no I/O.'],
    ),
  },
  {
    files: ['src/mux/**/*.ts', 'src/git/**/*.ts', 'src/claude/**/*.ts'],
    rules: forbid(
      [DIRECTOR_AND_FRONTS, 'adapters (mux, git, claude) never import the director or a front.'],
      [['vscode'], 'only src/extension imports vscode.'],
    ),
  },
  {
    files: ['src/mux/**/*.ts'],
    rules: forbid(
      [[...DIRECTOR_AND_FRONTS, '**/git/**', '**/claude/**'], 'mux knows neither git nor Claude Code.'],
      [['vscode'], 'only src/extension imports vscode.'],
    ),
  },
  {
    files: ['src/git/**/*.ts'],
    rules: forbid(
      [[...DIRECTOR_AND_FRONTS, '**/mux/**', '**/claude/**'], 'git knows neither the multiplexer nor Claude Code.'],
      [['vscode'], 'only src/extension imports vscode.'],
    ),
  },
  {
    files: ['src/claude/**/*.ts'],
    rules: forbid(
      [
        [...DIRECTOR_AND_FRONTS, '**/mux/**', '**/git/**'],
        'the Claude Code layer knows neither the multiplexer nor git.',
      ],
      [['vscode'], 'only src/extension imports vscode.'],
    ),
  },
  {
    files: ['src/director/**/*.ts'],
    rules: forbid(
      [['**/extension/**', '**/cli/**'], 'the director never imports a front.'],
      [['vscode'], 'the director stays plain Node: no vscode.'],
    ),
  },
  {
    files: ['src/extension/**/*.ts', 'src/cli/**/*.ts'],
    rules: forbid([
      FRONT_FORBIDDEN,
      "a front imports only the director's public module (src/director/index) and core.",
    ]),
  },
);
