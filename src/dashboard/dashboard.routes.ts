import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FeatureDeps } from '../core/feature.js';
import type { OrgKind } from '../db/schema.js';
import { viewContext } from '../http/context.js';
import { ProblemRef } from '../http/openapi.js';
import { renderPage } from '../ui/render.js';
import { ORG_KINDS } from '../core/viewer.js';
import { FIRST_YEAR, LEVELS, periodFrom } from './dashboard.model.js';
import { type DashboardFilter } from '../core/indicators.js';
import { DashboardQuery, IndicatorsResponse, ParticipationResponse } from './dashboard.schemas.js';
import * as dashboard from './dashboard.service.js';
import { figureValue } from './dashboard.chart.js';
import { dashboardMessages } from './dashboard.messages.js';
import { BODY_SORTS, DashboardPage, type BodySort } from './dashboard.views.js';
import { indicatorsCsv, participationCsv, summaryCsv } from './dashboard.csv.js';

/** The API's filter: `period` (2024 or 2020-2024) wins over `year`, which wins over `from`/`to`. */
function apiFilter(q: DashboardQuery, now: Date): DashboardFilter {
  const m = q.period ? /^(\d{4})(?:-(\d{4}))?$/.exec(q.period) : null;
  const period = m ? periodFrom({ from: Number(m[1]), to: Number(m[2] ?? m[1]) }, now) : periodFrom(q, now);
  return { ...period, county: q.county, kind: q.kind as OrgKind | undefined };
}

const presentFilter = (f: DashboardFilter) => ({ period: { from: f.from, to: f.to }, county: f.county ?? null, kind: f.kind ?? null });

// Empty values are what an untouched GET form sends: they mean «all».
const PageQuery = Type.Object({
  from: Type.Optional(Type.Integer({ minimum: 1900, maximum: 2100 })),
  to: Type.Optional(Type.Integer({ minimum: 1900, maximum: 2100 })),
  year: Type.Optional(Type.Integer({ minimum: 1900, maximum: 2100 })),
  county: Type.Optional(Type.Union([Type.Literal(''), Type.String({ pattern: '^[0-9]{2}$' })])),
  kind: Type.Optional(Type.Union([Type.Literal(''), ...ORG_KINDS.map((k) => Type.Literal(k))])),
  sort: Type.Optional(Type.Union(BODY_SORTS.map((s) => Type.Literal(s)))),
});
const CsvQuery = Type.Intersect([PageQuery, Type.Object({ indicator: Type.Optional(Type.String({ pattern: '^[a-z0-9-]{1,60}$' })) })]);

function pageFilter(q: { from?: number | undefined; to?: number | undefined; year?: number | undefined; county?: string | undefined; kind?: string | undefined }, now: Date): DashboardFilter {
  return { ...periodFrom(q, now), county: q.county || undefined, kind: (q.kind || undefined) as OrgKind | undefined };
}

const collator = new Intl.Collator('nb');
function sortBodies(bodies: dashboard.BodyLevel[], sort: BodySort, countyNames: Map<string, string>): dashboard.BodyLevel[] {
  const byName = (a: dashboard.BodyLevel, b: dashboard.BodyLevel) => collator.compare(a.name, b.name);
  const cmp: Record<BodySort, (a: dashboard.BodyLevel, b: dashboard.BodyLevel) => number> = {
    county: (a, b) => collator.compare(countyNames.get(a.countyNumber ?? '') ?? '~', countyNames.get(b.countyNumber ?? '') ?? '~') || byName(a, b),
    name: byName,
    number: (a, b) => (a.municipalityNumber ?? '').localeCompare(b.municipalityNumber ?? '') || byName(a, b),
    level: (a, b) => b.level - a.level || byName(a, b),
  };
  return [...bodies].sort(cmp[sort]);
}

function sendCsv(reply: FastifyReply, name: string, body: string) {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}"`)
    .header('cache-control', 'no-store')
    .send(body);
}

/** The follow-up dashboard: the page, its CSV files, and GET /api/v1/indicators and /api/v1/participation. */
export async function dashboardRoutes(app: FastifyInstance, { db, features }: FeatureDeps) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const now = () => new Date();
  // The figures are kept while nothing changes, and dropped with the page cache on every committed write.
  const snapshots = new dashboard.DashboardSnapshots(db, features.indicators, () => app.pageCache.enabled);
  app.pageCache.onClear(() => snapshots.invalidate());
  /** The snapshot; the response says whether it has caught up with the last write (tests wait for «fresh»). */
  const snapshot = async (reply: FastifyReply) => {
    const got = await snapshots.get();
    reply.header('x-dashboard-data', got.fresh ? 'fresh' : 'stale');
    return got;
  };

  r.get(
    '/api/v1/indicators',
    {
      schema: {
        tags: ['dashboard'],
        summary: 'Indicators per principle for a period, county and organisation kind (public data only)',
        querystring: DashboardQuery,
        response: { 200: IndicatorsResponse, 400: ProblemRef },
      },
    },
    async (request, reply) => {
      const filter = apiFilter(request.query, now());
      const items = dashboard.indicators((await snapshot(reply)).snapshot, filter);
      const fig = (f: { count: number; total: number | null }) => ({ count: f.count, total: f.total, value: figureValue(f) });
      return {
        filter: presentFilter(filter),
        indicators: items.map(({ def, series }) => ({
          id: def.id,
          principle: def.principle,
          label: def.label,
          unit: def.unit,
          href: def.href(filter),
          exactLink: def.exactLink,
          period: fig(series.period),
          years: Object.entries(series.years).map(([y, f]) => ({ year: Number(y), ...fig(f) })),
        })),
      };
    },
  );

  r.get(
    '/api/v1/participation',
    {
      schema: {
        tags: ['dashboard'],
        summary: 'Who is on board: every municipality, county authority and state agency with its highest level in the period',
        querystring: DashboardQuery,
        response: { 200: ParticipationResponse, 400: ProblemRef },
      },
    },
    async (request, reply) => {
      const filter = apiFilter(request.query, now());
      const p = dashboard.participation((await snapshot(reply)).snapshot, filter);
      return {
        filter: presentFilter(filter),
        levels: [...LEVELS],
        counts: Object.fromEntries(Object.entries(p.counts).map(([k, n]) => [k, Object.fromEntries(LEVELS.map((l, i) => [l, n[i] ?? 0]))])) as never,
        items: p.bodies.map((b) => ({ orgnr: b.orgnr, name: b.name, kind: b.kind, countyNumber: b.countyNumber, municipalityNumber: b.municipalityNumber, level: LEVELS[b.level] })),
      };
    },
  );

  r.get('/dashboard', { schema: { hide: true, querystring: PageQuery } }, async (request, reply) => {
    const { snapshot: data, fresh } = await snapshot(reply);
    const render = async () => {
      const filter = pageFilter(request.query, now());
      const view = dashboard.dashboard(data, filter);
      const countyNames = new Map(view.counties.map((c) => [c.number, c.name]));
      const sort = request.query.sort ?? 'county';
      view.participation.bodies = sortBodies(view.participation.bodies, sort, countyNames);
      const current = now().getUTCFullYear();
      const yearOptions: number[] = [];
      for (let y = current; y >= FIRST_YEAR; y--) yearOptions.push(y);
      return renderPage(DashboardPage({ ctx: viewContext(request, reply), view: { filter, yearOptions, kinds: ORG_KINDS, sort, data: view } }));
    };
    // A page drawn from figures that have not caught up with a write is never kept.
    if (!fresh) return reply.html(await render());
    // Every filter is a page of its own to an anonymous visitor; the cache is bounded in bytes.
    return app.pageCache.serve(request, reply, render, { allowedQuery: /^(?:(?:from|to|year|county|kind|sort|lang)=[\w-]{0,20}(?:&|$))*$/ });
  });

  r.get('/follow-up', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/dashboard', 301));
  r.get('/oppfolging', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/dashboard', 301));

  r.get('/dashboard/participation.csv', { schema: { hide: true, querystring: PageQuery } }, async (request, reply) => {
    const filter = pageFilter(request.query, now());
    const data = (await snapshot(reply)).snapshot;
    const p = dashboard.participation(data, filter);
    const countyNames = new Map(data.counties.map((c) => [c.number, c.name]));
    const rows = sortBodies(p.bodies, request.query.sort ?? 'number', countyNames);
    return sendCsv(reply, `deltakelse-${filter.kind ?? 'alle'}-${filter.from}-${filter.to}.csv`, participationCsv(dashboardMessages(request.lang), rows, countyNames, filter));
  });

  r.get('/dashboard/levels.csv', { schema: { hide: true, querystring: PageQuery } }, async (request, reply) => {
    const filter = pageFilter(request.query, now());
    const p = dashboard.participation((await snapshot(reply)).snapshot, filter);
    return sendCsv(reply, `nivaa-${filter.from}-${filter.to}.csv`, summaryCsv(dashboardMessages(request.lang), p.counts, filter));
  });

  r.get('/dashboard/indicators.csv', { schema: { hide: true, querystring: CsvQuery } }, async (request, reply) => {
    const filter = pageFilter(request.query, now());
    const items = dashboard.indicators((await snapshot(reply)).snapshot, filter).filter((i) => !request.query.indicator || i.def.id === request.query.indicator);
    return sendCsv(reply, `indikatorer-${request.query.indicator ?? 'alle'}-${filter.from}-${filter.to}.csv`, indicatorsCsv(request.lang, items, filter));
  });
}
