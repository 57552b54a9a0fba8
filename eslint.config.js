// One flat config for the whole repository (house style §10).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', 'dist', '.run', 'test-results', 'playwright-report', 'web/dev-dist'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'],
            },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-definitions': 'off',
      curly: ['error', 'all'],
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
    },
  },
  {
    files: ['web/src/**/*.ts'],
    ignores: ['web/src/adapters/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'jssip', message: 'Only web/src/adapters imports JsSIP.' }] },
      ],
    },
  },
  {
    files: ['web/src/**/*.ts'],
    ignores: ['web/src/storage/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'idb', message: 'Only web/src/storage imports idb.' }] }],
    },
  },
  {
    // Command-line entry points and log sinks may write to the console.
    files: ['**/log.ts', '**/cli.ts', '**/main.ts', 'e2e/**', 'bench/**', '.ci/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // The service worker (WebWorker lib) and the Vite config (Node) have their own tsconfigs.
    files: ['web/src/sw.ts'],
    languageOptions: { parserOptions: { projectService: false, project: './web/tsconfig.sw.json' } },
  },
  {
    files: ['web/vite.config.ts'],
    languageOptions: { parserOptions: { projectService: false, project: './web/tsconfig.node.json' } },
  },
  {
    files: ['web/src/**/*.test.ts', 'web/test/**/*.ts'],
    languageOptions: { parserOptions: { projectService: false, project: './web/tsconfig.test.json' } },
  },
  { files: ['eslint.config.js'], ...tseslint.configs.disableTypeChecked },
);
