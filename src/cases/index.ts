import { defineFeature } from '../core/feature.js';
import { CaseSchema, TrialSchema } from './cases.schemas.js';
import { casesApi } from './cases.api.js';
import { casesPages } from './cases.pages.js';

/** The cases feature: the case bank: innovations, their trials, adoptions and history. Its manifest, and what other features may use of it. */
export const feature = defineFeature({
  name: 'cases',
  routes: [casesApi, casesPages],
  schemas: [TrialSchema, CaseSchema],
});
