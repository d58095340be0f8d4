import { defineFeature } from '../core/feature.js';
import { auditPages } from './audit.pages.js';

/** The audit feature: the audit log. Its manifest, and what other features may use of it. */
export const feature = defineFeature({
  name: 'audit',
  routes: [auditPages],
});
