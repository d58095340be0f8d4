import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { barometerApi } from './barometer.api.js';
import { barometerPages } from './barometer.pages.js';

/** The barometer's collection side: rounds, invitations, answering (API tag `barometer`, pages under /barometer). */
export async function barometerRoutes(app: FastifyInstance, deps: { db: Db; config: Config }) {
  await barometerApi(app, deps);
  await barometerPages(app, deps);
}
