import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type pg from 'pg';
import client from 'prom-client';
import { AppError, notFound } from '../core/errors.js';
import { isMigrated } from '../db/migrate.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Whether the request carries `Authorization: Bearer <METRICS_TOKEN>` (compared in constant time).
 * /metrics is off (404) without METRICS_TOKEN: its route labels, counts and timings tell an outsider
 * which pages are used and how the server is doing.
 */
function checkMetricsToken(request: FastifyRequest, token: string | undefined): void {
  if (!token) throw notFound('Metrics are off on this server (no METRICS_TOKEN)');
  const given = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
  if (!timingSafeEqual(digest(given), digest(token))) throw new AppError('unauthenticated', 'GET /metrics needs the METRICS_TOKEN as a bearer token', undefined, { 'www-authenticate': 'Bearer realm="metrics"' });
}

/** The metrics route checks its own bearer token (METRICS_TOKEN), not an API token: app.ts skips the user sign-in check for it. */
export const METRICS_PATH = '/metrics';

/** Liveness, readiness (database reachable and migrated) and Prometheus metrics. */
export async function healthRoutes(app: FastifyInstance, { pool, registry, metricsToken }: { pool: pg.Pool; registry: client.Registry; metricsToken: string | undefined }) {
  const Status = Type.Object({ status: Type.String(), checks: Type.Optional(Type.Record(Type.String(), Type.String())) });

  app.get('/health/live', { schema: { tags: ['health'], summary: 'The process is up', response: { 200: Status } } }, async () => ({ status: 'ok' }));

  app.get(
    '/health/ready',
    { schema: { tags: ['health'], summary: 'The database answers and is migrated', response: { 200: Status, 503: Status } } },
    async (_request, reply) => {
      let database = 'ok';
      try {
        await pool.query({ text: 'select 1', query_timeout: 2_000 } as pg.QueryConfig);
        if (!(await isMigrated(pool))) database = 'not migrated';
      } catch {
        database = 'unreachable';
      }
      const ok = database === 'ok';
      return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', checks: { database } });
    },
  );

  app.get(METRICS_PATH, {
    schema: { tags: ['health'], summary: 'Prometheus metrics (bearer METRICS_TOKEN; off without it)' },
    onRequest: async (request) => checkMetricsToken(request, metricsToken),
  }, async (_request, reply) => {
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}

/** A registry per app (tests build many apps in one process). */
export function createMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const httpDuration = new client.Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  return { registry, httpDuration };
}
