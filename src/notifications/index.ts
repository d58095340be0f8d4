import { defineFeature } from '../core/feature.js';
import { addUnreadCount } from './notifications.service.js';

/** The notifications feature: following, notifications and e-mail. Its manifest, and what other features may use of it. */
// Routes are imported when the app registers them: what other features import from here stays small.
export const feature = defineFeature({
  name: 'notifications',
  routes: [(app, deps) => import('./notifications.routes.js').then((m) => m.notificationsRoutes(app, deps))],
  onSession: addUnreadCount,
});

// What other features may use (their only way in).
export { fanOutPending } from './notifications.service.js';
export { queueDigests } from './notifications.service.js';
export { sendDue } from './notifications.service.js';
export { smtpMailer } from './mailer.js';
export { startNotificationJobs } from './notifications.jobs.js';
