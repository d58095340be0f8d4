import { defineFeature, defineSection } from '../core/feature.js';
import { messages } from '../i18n/index.js';
import { CaseSchema, TrialSchema } from './cases.schemas.js';
import { adoptionsDataset, casesDataset } from './cases.datasets.js';
import { caseIndicators } from './cases.indicators.js';
import { caseReadableByAnyone } from './cases.derived.js';

/** The cases feature: the case bank: innovations, their trials, adoptions and history. Its manifest, and what other features may use of it. */
// Routes are imported when the app registers them: what other features import from here stays small.
export const feature = defineFeature({
  name: 'cases',
  routes: [(app, deps) => import('./cases.api.js').then((m) => m.casesApi(app, deps)), (app, deps) => import('./cases.pages.js').then((m) => m.casesPages(app, deps))],
  schemas: [TrialSchema, CaseSchema],
  nav: [{ href: '/cases', label: (lang) => messages(lang).nav.cases, current: 'cases', audience: 'anyone', order: 20, area: 'menu' }],
  datasets: [casesDataset, adoptionsDataset],
  indicators: [caseIndicators],
  database: { derived: [caseReadableByAnyone] },
  // Renderers are imported at the first page that shows them, as routes are.
  sections: [defineSection({ slot: 'org.page.more', name: 'cases', order: 20, render: (ctx, s) => import('./cases.sections.js').then((m) => m.orgCases(ctx, s)) })],
});

// What other features may use (their only way in).
export * as casesQueries from './cases.queries.js';
export type { BenefitCategory } from './cases.model.js';
export type { CaseAccessFacts } from './cases.policy.js';
export type { CaseFacet } from './cases.schemas.js';
export type { CaseListItem } from './cases.api.js';
export type { CaseListPage } from './cases.api.js';
export type { CaseAudience } from './cases.access.js';
export type { CaseFormSubject } from './cases.slots.js';
export type { CaseListSubject } from './cases.slots.js';
export type { CaseMessages } from './cases.messages.js';
export type { CasePageSubject } from './cases.slots.js';
export type { CaseStatus } from './cases.model.js';
export type { CaseType } from './cases.model.js';
export type { CaseValues } from './cases.model.js';
export type { FindCases } from './cases.api.js';
export type { CaseVisibility } from './cases.access.js';
export type { Initiator } from './cases.model.js';
export type { Stage } from './cases.model.js';
export type { TrialDecision } from './cases.model.js';
export type { TrialResult } from './cases.model.js';
export { ACTOR_TYPES } from './cases.model.js';
export { BENEFIT_CATEGORIES } from './cases.model.js';
export { CASE_FACETS } from './cases.schemas.js';
export { CASE_TYPES } from './cases.model.js';
export { CaseListQuery } from './cases.schemas.js';
export { EMPTY_CASE } from './cases.model.js';
export { INITIATORS } from './cases.model.js';
export { LANGUAGES } from './cases.model.js';
export { NOVELTIES } from './cases.model.js';
export { STAGES } from './cases.model.js';
export { STATUSES } from './cases.model.js';
export { audienceIncludes } from './cases.access.js';
export { audienceReaches } from './cases.access.js';
export { audienceReachesRecipient } from './cases.access.js';
export { canReadCase } from './cases.policy.js';
export { caseAudience } from './cases.access.js';
export { caseMessages } from './cases.messages.js';
export { caseReadableBy } from './cases.access.js';
export { diffCase } from './cases.validation.js';
export { insertCase } from './cases.queries.js';
export { orgIdsByOrgnr } from './cases.queries.js';
export { readPlan } from './cases.access.js';
export { refreshCaseSearch } from './cases.queries.js';
export { replaceCaseChildren } from './cases.queries.js';
export { stateReadable } from './cases.access.js';
export { storedCaseQuery } from './cases.queries.js';
export { themeLabel } from './cases.present.js';
export { validateCaseInput } from './cases.validation.js';
export { validateTrial } from './cases.service.js';
export { visibleTo } from './case-facts.queries.js';
