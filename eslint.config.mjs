// ESLint: typescript-eslint's recommended rules everywhere, and the Office add-in rules
// (load before read, sync before read, no sync in a loop …) as errors on all code that
// touches Office.js.
import tseslint from 'typescript-eslint';
import officeAddins from 'eslint-plugin-office-addins';

const officeRules = Object.fromEntries(Object.keys(officeAddins.rules).map((name) => [`office-addins/${name}`, 'error']));

export default tseslint.config(
  { ignores: ['dist/', 'lib/', 'build/', 'out/', 'test-output/', 'coverage/', 'node_modules/'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['src/workbook/officejs.ts', 'src/taskpane/**/*.{ts,tsx}', 'src/preview/**/*.{ts,tsx}', 'test/officejs.test.ts', 'test/fake-excel/**/*.ts'],
    plugins: { 'office-addins': officeAddins },
    rules: { ...officeRules, 'office-addins/no-office-initialize': 'error' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
