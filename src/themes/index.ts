import { defineFeature } from '../core/feature.js';
import { ThemeSchema } from './themes.schemas.js';

/** The themes feature: LOS themes. Its manifest, and what other features may use of it. */
// Routes are imported when the app registers them: what other features import from here stays small.
export const feature = defineFeature({
  name: 'themes',
  routes: [(app, deps) => import('./themes.api.js').then((m) => m.themesApi(app, deps))],
  schemas: [ThemeSchema],
});

// What other features may use (their only way in).
export type { ThemeItem } from './themes.service.js';
export { ThemePicker } from './themes.views.js';
export { countLosConcepts } from './themes.service.js';
export { ensureLosConcepts } from './themes.service.js';
export { getThemesByUri } from './themes.service.js';
export { listMainThemes } from './themes.service.js';
export { loadLosConcepts } from './themes.service.js';
export { themePickerState } from './themes.service.js';
export { themeTree } from './vocabulary.js';
export { validateThemeUris } from './themes.service.js';
