import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/database.js';
import { commentsApi } from './comments.api.js';
import { commentsPages } from './comments.pages.js';

/** Comments and questions on cases and challenges: the API (tag `comments`), the forms and the moderation page. */
export async function commentsRoutes(app: FastifyInstance, deps: { db: Db }) {
  await commentsApi(app, deps);
  await commentsPages(app, deps);
}
