import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'

/** The renderer talks to main only through the API client. */
const RENDERER_TO_MAIN = { regex: '^(\\.\\./)+(main|preload)/', message: 'The renderer talks to main only through the API client.' }
const STORE_TO_VIEWS = { regex: '^(\\.\\./)+(views|components)/', message: 'The store sits below the views and components: move what both need into the store (or forms/).' }

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['.dependency-cruiser.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable' } },
  },
  {
    files: ['scripts/**/*.mjs', 'examples/**/*.mjs', 'bench/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly' } },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!zod$|\\.)', message: 'src/shared may import only zod and itself.' }] }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/electron/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only src/main/electron may import electron.' }] }],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { patterns: [RENDERER_TO_MAIN] }],
    },
  },
  {
    // Views and components render and dispatch: the engine is called by the store's actions only.
    files: ['src/renderer/src/{views,components,forms}/**/*.{ts,tsx}', 'src/renderer/src/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            RENDERER_TO_MAIN,
            { regex: '(^|/)api/transport$|(^|/)store/engine/call$', message: 'Views render and dispatch: call the engine through a store action (store/<domain>/actions.ts).' },
          ],
        },
      ],
    },
  },
  {
    // The store sits below the views: it never imports them.
    files: ['src/renderer/src/store/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [RENDERER_TO_MAIN, STORE_TO_VIEWS] }],
    },
  },
  {
    // Within the store, I/O is an action's: state, selectors and pure modules never call the engine.
    files: ['src/renderer/src/store/**/*.ts'],
    ignores: ['src/renderer/src/store/**/{actions,list}.ts', 'src/renderer/src/store/{sync,engine/call,ui/download}.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            RENDERER_TO_MAIN,
            STORE_TO_VIEWS,
            { regex: '(^|/)api/transport$|(^|/)engine/call$', message: "Only a domain's actions.ts (or its list's page loader, list.ts) calls the engine: move the call there." },
          ],
        },
      ],
    },
  },
)
