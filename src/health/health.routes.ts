import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type pg from 'pg';
import client from 'prom-client';
import { isMigrated } from '../db/migrate.js';

/** Liveness, readiness (database reachable and migrated) and Prometheus metrics. */
export async function healthRoutes(app: FastifyInstance, { pool, registry }: { pool: pg.Pool; registry: client.Registry }) {
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

  app.get('/metrics', { schema: { tags: ['health'], summary: 'Prometheus metrics' } }, async (_request, reply) => {
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
