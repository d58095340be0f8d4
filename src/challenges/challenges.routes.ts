import type { FastifyInstance } from 'fastify';
import type { FeatureDeps } from '../core/feature.js';
import { challengesApi } from './challenges.api.js';
import { challengesPages } from './challenges.pages.js';

/** Challenges and responses: the API (tag `challenges`) and the pages under /challenges. */
export async function challengesRoutes(app: FastifyInstance, deps: FeatureDeps) {
  await challengesApi(app, deps);
  await challengesPages(app, deps);
}
