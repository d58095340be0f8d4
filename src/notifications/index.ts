import { defineFeature, defineSection } from '../core/feature.js';
import { addUnreadCount } from './notifications.service.js';
import { notificationMessages } from './notifications.messages.js';
import { startNotificationJobs } from './notifications.jobs.js';

/** The notifications feature: following, notifications and e-mail. Its manifest, and what other features may use of it. */
// Routes are imported when the app registers them: what other features import from here stays small.
export const feature = defineFeature({
  name: 'notifications',
  routes: [(app, deps) => import('./notifications.api.js').then((m) => m.notificationsApi(app, deps)), (app, deps) => import('./notifications.pages.js').then((m) => m.notificationsPages(app, deps))],
  onSession: addUnreadCount,
  // The label carries the signed-in person's unread count (AuthUser.unread, read with the session).
  nav: [{ href: '/notifications', label: (lang, auth) => notificationMessages(lang).navLabel(auth?.user.unread ?? 0), current: 'notifications', audience: 'signed_in', order: 60, area: 'menu' }],
  jobs: [{ name: 'notifications', start: ({ db, config, url, log }) => startNotificationJobs(db, config, url, log) }],
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
