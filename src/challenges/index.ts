import { defineFeature } from '../core/feature.js';
import { messages } from '../i18n/index.js';
import { challengesDataset, responsesDataset } from './challenges.datasets.js';
import { challengeIndicators } from './challenges.indicators.js';

/** The challenges feature: shared challenges and the responses to them. Its manifest, and what other features may use of it. */
// Routes are imported when the app registers them: what other features import from here stays small.
export const feature = defineFeature({
  name: 'challenges',
  routes: [(app, deps) => import('./challenges.api.js').then((m) => m.challengesApi(app, deps)), (app, deps) => import('./challenges.pages.js').then((m) => m.challengesPages(app, deps))],
  nav: [{ href: '/challenges', label: (lang) => messages(lang).nav.challenges, current: 'challenges', audience: 'anyone', order: 30, area: 'menu' }],
  datasets: [challengesDataset, responsesDataset],
  indicators: [challengeIndicators],
});

// What other features may use (their only way in).
export type { ChallengeAccessFacts } from './challenges.policy.js';
export type { ChallengeFormSubject } from './challenges.slots.js';
export type { ChallengeListSubject } from './challenges.slots.js';
export type { ChallengePageSubject } from './challenges.slots.js';
export type { ChallengeState } from './challenges.model.js';
export type { LookingFor } from './challenges.model.js';
export { LOOKING_FOR } from './challenges.model.js';
export { RESPONSE_KINDS } from './challenges.model.js';
export { STATES } from './challenges.model.js';
export { can } from './challenges.access.js';
export { canReadChallenge } from './challenges.policy.js';
export { challengeMessages } from './challenges.messages.js';
export { isChallengeOwner } from './challenges.policy.js';
export { ownerOrgIds } from './challenges.policy.js';
export { sqlCan } from './challenges.access.js';
