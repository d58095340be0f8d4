import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { CORE, FEATURES, COMPOSITION } from './architecture.layers.js';

// Imports between the layers of src/ (architecture.layers.js): the core imports no feature; a
// feature imports another only through its index.ts, and only one listed for it; nothing in src/
// imports test/ or bench/ (tests beside the code may). Import paths are relative to the file, so
// the rules are per folder depth; each is one regular expression of what is NOT allowed.
const message = 'See ARCHITECTURE.md: the core imports no feature; features meet through index.ts, lower layers only; src/ never imports test/ or bench/.';
const esc = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const up = (depth) => esc('../'.repeat(depth));
const alt = (xs) => xs.map(esc).join('|');
/** From a file `depth` folders below src/: anything up there except the core, config.js and the listed features' index.js. */
const beyond = (depth, ownFeature, allowed, extraFiles = []) =>
  `^${up(depth)}(?!(${alt(CORE)})/|(${alt(['config.js', ...extraFiles])})$${allowed.length ? `|(${alt(allowed)})/index\\.js$` : ''}${ownFeature ? `|${esc(ownFeature)}/` : ''})`;
const rule = (regexes) => ({ 'no-restricted-imports': ['error', { patterns: regexes.map((regex) => ({ regex, message })) }] });
const outsideSrc = (depth) => `^${up(depth + 1)}`;
const layerRules = [
  // A feature folder not in the table yet (a new one) sits on top: any listed feature, through index.ts.
  { files: ['src/*/*.{ts,tsx}', 'src/*/*/*.{ts,tsx}'], rules: rule([`^${up(1)}(?!(${alt(CORE)})/|config\\.js$|(${alt(Object.keys(FEATURES))})/index\\.js$)`]) },
  ...Object.entries(FEATURES).flatMap(([feature, allowed]) => [
    { files: [`src/${feature}/*.{ts,tsx}`], rules: rule([beyond(1, feature, allowed), outsideSrc(1)]) },
    // A folder inside a feature (auth/oidc) reaches its own feature's files with ../ alone.
    { files: [`src/${feature}/*/*.{ts,tsx}`], rules: rule([beyond(2, feature, allowed), outsideSrc(2)]) },
  ]),
  { files: CORE.map((c) => `src/${c}/*.{ts,tsx}`), rules: rule([beyond(1, null, []), outsideSrc(1)]) },
  { files: ['src/config.ts'], rules: rule([`^\\./(?!(${alt(CORE)})/)`, '^\\.\\./']) },
  {
    files: [...COMPOSITION.files.map((f) => `src/${f}`)],
    rules: rule([`^\\./(?!(${alt(CORE)})/|[a-z-]+/index\\.js$|(${alt([...COMPOSITION.files.map((f) => f.replace('.ts', '.js')), 'config.js'])})$|(${alt(COMPOSITION.folders)})/)`, '^\\.\\./']),
  },
  {
    files: COMPOSITION.folders.map((f) => `src/${f}/*.{ts,tsx}`),
    rules: rule([`^\\.\\./(?!(${alt(CORE)})/|[a-z-]+/index\\.js$|(${alt([...COMPOSITION.files.map((f) => f.replace('.ts', '.js')), 'config.js'])})$)`, outsideSrc(1)]),
  },
  {
    // Tests beside the code use the shared test helpers and their own feature's internals.
    files: ['src/**/*.test.{ts,tsx}'],
    rules: { 'no-restricted-imports': 'off' },
  },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'tmp/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', URLSearchParams: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', document: 'readonly', HTMLElement: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // Nothing reads the environment deep in the code: config.ts parses it once.
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration from src/config.ts' }],
    },
  },
  {
    // Progressive-enhancement scripts run in the browser.
    files: ['resources/public/**/*.js'],
    languageOptions: {
      globals: { window: 'readonly', document: 'readonly', fetch: 'readonly', AbortController: 'readonly', HTMLElement: 'readonly', HTMLInputElement: 'readonly', CSS: 'readonly', Event: 'readonly', KeyboardEvent: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URLSearchParams: 'readonly', encodeURIComponent: 'readonly' },
    },
  },
  ...layerRules,
  {
    files: ['src/config.ts', 'src/db/embedded.ts', 'test/**', 'bench/**', 'scripts/**', 'src/**/*.test.ts', 'vitest.config.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
