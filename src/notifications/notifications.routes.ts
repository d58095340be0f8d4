import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { notificationsApi } from './notifications.api.js';
import { notificationsPages } from './notifications.pages.js';

/** Following, notifications and the outbox: the API (tags `following`, `notifications`) and the pages. */
export async function notificationsRoutes(app: FastifyInstance, deps: { db: Db; config: Config }) {
  await notificationsApi(app, deps);
  await notificationsPages(app, deps);
}
