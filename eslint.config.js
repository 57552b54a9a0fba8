// One flat config for the whole repository (house style §10).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The import fences of web/src (house style §3): JsSIP only in adapters/, idb only in storage/, no
 * Node built-ins anywhere in the browser code. Flat config keeps only the last `no-restricted-imports`
 * that matches a file, so each folder gets one block listing every fence that applies to it.
 */
const FENCES = [
  { name: 'jssip', home: 'web/src/adapters', message: 'Only web/src/adapters imports JsSIP.' },
  { name: 'idb', home: 'web/src/storage', message: 'Only web/src/storage imports idb.' },
];
const TESTS = 'web/src/**/*.test.ts';
const NODE_BUILTINS = { group: ['node:*'], message: 'web/src runs in the browser: no Node built-ins.' };

function importFences() {
  const rule = (fences) => ({
    'no-restricted-imports': [
      'error',
      { paths: fences.map(({ name, message }) => ({ name, message })), patterns: [NODE_BUILTINS] },
    ],
  });
  return [
    {
      files: ['web/src/**/*.ts'],
      ignores: [...FENCES.map((f) => `${f.home}/**`), TESTS],
      rules: rule(FENCES),
    },
    ...FENCES.map((home) => ({
      files: [`${home.home}/**/*.ts`],
      ignores: [TESTS],
      rules: rule(FENCES.filter((f) => f !== home)),
    })),
  ];
}

export default tseslint.config(
  // gateway/templates: configs a site deploys (the njs handler runs inside nginx, not in Node).
  {
    ignores: ['node_modules', 'dist', '.run', 'test-results', 'playwright-report', 'web/dev-dist', 'gateway/templates'],
  },
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
  ...importFences(),
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
