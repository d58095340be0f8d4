import { defineFeature } from '../core/feature.js';
import { notificationsRoutes } from './notifications.routes.js';

/** The notifications feature: following, notifications and e-mail. Its manifest, and what other features may use of it. */
export const feature = defineFeature({
  name: 'notifications',
  routes: [notificationsRoutes],
});
