import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import paydesk from './eslint-rules/layers.mjs';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench/out/**', 'test/fixtures/lint/**', '**/*.tmp.ts', '.tmp-*/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,mjs,cjs}'],
    plugins: { paydesk },
    rules: {
      'paydesk/layers': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // The web preview's window.api shim runs in the browser as a plain script.
    files: ['src/web-preview/web-api.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { window: 'readonly', URLSearchParams: 'readonly', sessionStorage: 'readonly', crypto: 'readonly', EventSource: 'readonly', fetch: 'readonly', document: 'readonly' },
    },
  },
  {
    // Playwright fixtures must destructure their (empty) dependencies.
    files: ['test/e2e/**'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    files: ['**/*.cjs', 'scripts/**', 'bin/**'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly', setTimeout: 'readonly', Buffer: 'readonly' } },
  },
);
