import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/database.js';
import { forbidden } from '../core/errors.js';
import { redirectWithNotice } from '../http/context.js';
import { loadDemoAs } from './demo.service.js';

export async function demoPages(app: FastifyInstance, { db }: { db: Db }) {
  // The front page's first-run offer posts here (a plain form: works without JavaScript).
  app.post('/demo', { schema: { hide: true } }, async (request, reply) => {
    const outcome = await loadDemoAs(db, request.auth, { requestId: request.id });
    if (!outcome.ok) throw forbidden();
    const m = request.m.home;
    return redirectWithNotice(reply, '/cases', outcome.alreadyLoaded ? m.demoAlreadyLoaded : m.demoLoaded(outcome.cases));
  });
}
