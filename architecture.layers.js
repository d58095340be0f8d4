// The layers of src/ (ARCHITECTURE.md): the one table ESLint's import rules and
// scripts/import-graph.ts are built from. A feature may import the features listed for it (through
// their index.ts) and the core; nothing else. The list has no cycle: each feature names only
// features listed above it.

/** The thin core: imports no feature. */
export const CORE = ['core', 'db', 'http', 'ui', 'i18n'];

/** Feature folders of src/, lowest first, each with the features it may use. */
export const FEATURES = {
  themes: [],
  audit: [],
  auth: [],
  orgs: ['auth', 'themes'],
  cases: ['orgs', 'auth', 'themes'],
  challenges: ['cases', 'orgs', 'auth', 'themes'],
  search: ['cases', 'challenges', 'orgs', 'auth', 'themes'],
  comments: ['cases', 'challenges', 'orgs', 'auth'],
  partners: ['cases', 'challenges', 'orgs', 'auth', 'themes'],
  notifications: ['cases', 'challenges', 'comments', 'search', 'orgs', 'auth', 'themes'],
  barometer: ['cases', 'orgs', 'auth', 'themes'],
  opendata: ['barometer', 'cases', 'challenges', 'orgs', 'themes'],
  dashboard: ['barometer', 'cases', 'challenges', 'orgs', 'themes'],
  import: ['cases', 'orgs', 'auth', 'themes'],
  demo: ['import', 'cases', 'challenges', 'orgs', 'auth', 'themes'],
  home: ['demo', 'search', 'cases', 'challenges', 'orgs', 'themes'],
  backup: [],
};

/** The composition root: reads the manifests (src/modules.ts) and starts things; imports features through index.ts. */
export const COMPOSITION = { files: ['app.ts', 'main.ts', 'modules.ts'], folders: ['cli'] };
