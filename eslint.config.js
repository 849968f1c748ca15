import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/**', '.miaw-sim/**', 'contracts/pacts/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // The handoff client runs against a real org with no simulator present: it imports nothing of it.
    files: ['client/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/simulator/**', '**/simulator'], message: 'the handoff client imports nothing of the simulator (it runs against real orgs): keep a small copy in client/ instead' }] }],
    },
  },
  {
    // Tests read JSON bodies of many shapes; typing each one adds nothing to what they assert.
    files: ['test/**/*.ts', 'contracts/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['simulator/console/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
