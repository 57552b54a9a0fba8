// One flat config for the whole repository (house style §10).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The import fences of web/src (house style §3): JsSIP only in adapters/, idb only in storage/, no
 * Node built-ins anywhere in the browser code, and the phone core (phone/) imports no adapter and
 * reads no browser global — web/src/main.ts builds the adapters and passes them in. Flat config keeps
 * only the last `no-restricted-imports` that matches a file, so each folder gets one block listing
 * every fence that applies to it.
 */
const FENCES = [
  { name: 'jssip', home: 'web/src/adapters', message: 'Only web/src/adapters imports JsSIP.' },
  { name: 'idb', home: 'web/src/storage', message: 'Only web/src/storage imports idb.' },
];
const CORE = 'web/src/phone';
const NODE_BUILTINS = { group: ['node:*'], message: 'web/src runs in the browser: no Node built-ins.' };
const NO_ADAPTERS = {
  group: ['**/adapters/*'],
  message: 'The phone core takes its adapters from web/src/main.ts; it never imports them.',
};
const BROWSER_GLOBALS = ['window', 'document', 'navigator', 'localStorage', 'indexedDB', 'location'].map((name) => ({
  name,
  message: 'The phone core reads no browser global; put it behind a port built in web/src/main.ts.',
}));

function importFences() {
  const rule = (fences, patterns = [NODE_BUILTINS]) => ({
    'no-restricted-imports': ['error', { paths: fences.map(({ name, message }) => ({ name, message })), patterns }],
  });
  return [
    {
      files: ['web/src/**/*.ts'],
      ignores: [...FENCES.map((f) => `${f.home}/**`), `${CORE}/**`],
      rules: rule(FENCES),
    },
    ...FENCES.map((home) => ({
      files: [`${home.home}/**/*.ts`],
      rules: rule(FENCES.filter((f) => f !== home)),
    })),
    {
      files: [`${CORE}/**/*.ts`],
      rules: {
        ...rule(FENCES, [NODE_BUILTINS, NO_ADAPTERS]),
        'no-restricted-globals': ['error', ...BROWSER_GLOBALS],
      },
    },
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
    files: ['**/log.ts', '**/cli.ts', '**/main.ts', 'e2e/**', 'bench/**', 'soak/**', '.ci/**'],
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
    files: ['web/test/**/*.ts'],
    languageOptions: { parserOptions: { projectService: false, project: './web/tsconfig.test.json' } },
  },
  { files: ['eslint.config.js'], ...tseslint.configs.disableTypeChecked },
);
