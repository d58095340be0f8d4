import { defineFeature, defineSection } from '../core/feature.js';

/** The notifications feature: following, notifications and e-mail. Its manifest, and what other features may use of it. */
// Routes are imported when the app registers them: what other features import from here stays small.
export const feature = defineFeature({
  name: 'notifications',
  routes: [(app, deps) => import('./notifications.routes.js').then((m) => m.notificationsRoutes(app, deps))],
  // The follow button on the pages of what can be followed; renderers are imported at the first page that shows them.
  sections: [
    defineSection({ slot: 'case.page.heading', name: 'follow', order: 20, render: (ctx, s) => import('./notifications.sections.js').then((m) => m.followCase(ctx, s)) }),
    defineSection({ slot: 'challenge.page.heading', name: 'follow', order: 10, render: (ctx, s) => import('./notifications.sections.js').then((m) => m.followChallenge(ctx, s)) }),
    defineSection({ slot: 'org.page.heading', name: 'follow', order: 10, render: (ctx, s) => import('./notifications.sections.js').then((m) => m.followOrganisation(ctx, s)) }),
    defineSection({ slot: 'search.page.heading', name: 'follow', order: 10, render: (ctx, s) => import('./notifications.sections.js').then((m) => m.followSearch(ctx, s)) }),
  ],
});

// What other features may use (their only way in).
export { fanOutPending } from './notifications.service.js';
export { queueDigests } from './notifications.service.js';
export { sendDue } from './notifications.service.js';
export { smtpMailer } from './mailer.js';
export { startNotificationJobs } from './notifications.jobs.js';
