import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Db } from '../db/database.js';
import { AppError, forbidden, notFound, unauthenticated, validation } from '../core/errors.js';
import { viewContext } from '../http/context.js';
import { ProblemRef } from '../http/openapi.js';
import type { Lang } from '../i18n/index.js';
import { messages } from '../i18n/index.js';
import { listCounties } from '../orgs/index.js';
import { renderPage } from '../ui/render.js';
import { findItem, optionLabel, SECTOR_LABELS, SIZE_BAND_LABELS } from './questionnaire.js';
import { itemsCsv, trendCsv } from './stats.csv.js';
import { statsMessages } from './stats.messages.js';
import { referencesFor } from './stats.reference.js';
import { AggregatesQuery, AggregatesResponse, RoundParams, SelectionQuery, type AggregatesQueryType } from './stats.schemas.js';
import * as stats from './stats.service.js';
import { NO_COUNTY, THRESHOLD, type Dimension, type Filters } from './stats.js';
import { OrganisationPage } from './organisation-statistics.views.js';
import { StatisticsPage, type DimensionLabels, type StatisticsView } from './statistics.views.js';

/** The items whose trend the statistics page draws (the rest: `by=round` in the API). */
const TREND_ITEMS = ['innovated', 'underDevelopment'];

function filtersOf(q: { county?: string; kind?: string; sector?: string; size?: string }): Filters {
  const f: Filters = {};
  if (q.county) f.county = q.county === 'none' ? NO_COUNTY : q.county;
  if (q.kind) f.kind = q.kind;
  if (q.sector) f.sector = q.sector;
  if (q.size) f.size = q.size;
  return f;
}

async function dimensionLabels(db: Db, lang: Lang): Promise<DimensionLabels> {
  const counties = await listCounties(db);
  const m = messages(lang);
  return {
    county: { ...Object.fromEntries(counties.map((c) => [c.number, c.name])), [NO_COUNTY]: statsMessages(lang).noCounty },
    kind: Object.fromEntries(['municipality', 'county_authority', 'state_agency', 'other_public'].map((k) => [k, (m.orgs.kinds as Record<string, string>)[k] ?? k])),
    sector: Object.fromEntries(Object.entries(SECTOR_LABELS).map(([k, v]) => [k, v[lang]])),
    size: Object.fromEntries(Object.entries(SIZE_BAND_LABELS).map(([k, v]) => [k, v[lang]])),
  };
}

/** An outcome that is not ok, as the error the one error handler turns into problem+json or a page. */
function refusal(reason: string, lang: Lang): AppError {
  const s = statsMessages(lang);
  switch (reason) {
    case 'too_many_dimensions':
      return validation([{ field: 'by', message: s.tooMany }]);
    case 'unknown_item':
      return validation([{ field: 'item', message: 'No such item in the questionnaire' }]);
    case 'forbidden':
      return forbidden();
    case 'not_closed':
      // Rule 1 of disclosure.ts: the same answer before and after every submission of an open round.
      return new AppError('conflict', s.notClosed);
    default:
      return notFound(s.noRound);
  }
}

function groupLabel(d: Dimension | null, labels: DimensionLabels, lang: Lang) {
  return (g: stats.GroupResult) => (g.value === null || d === null ? statsMessages(lang).total : (labels[d][g.value] ?? g.value));
}

function apiGroup(g: stats.GroupResult, label: string, itemId: string, lang: Lang) {
  return {
    value: g.value,
    label,
    n: g.n,
    suppressed: g.suppressed,
    options: g.figures ? g.figures.options.map((o) => ({ value: o.value, label: optionLabel(itemId, o.value, lang), count: o.count, share: o.share, ci: o.ci, band: o.band })) : null,
    mean: g.figures?.mean ?? null,
  };
}

export async function statisticsRoutes(app: FastifyInstance, { db }: { db: Db }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/v1/barometer/rounds/:id/aggregates',
    {
      schema: {
        tags: ['barometer'],
        summary: 'Aggregates of a round: counts, shares with Wilson intervals, scale means, by county, kind, sector, size or round — suppressed groups carry no figures',
        description:
          'Closed rounds only (an open round answers 409, the same before and after every submission). Filters and the breakdown may together name at most two dimensions. A group is shown when it has at least 5 answers in the item’s base from at least 3 organisations and no organisation gives more than half of them; enough other groups are hidden that no hidden group can be recovered from shown ones (complementary suppression); groups under 10 answers give shares as bands. Never returns single answers.',
        params: RoundParams,
        querystring: AggregatesQuery,
        response: { 200: AggregatesResponse, 400: ProblemRef, 404: ProblemRef, 409: ProblemRef },
      },
    },
    async (request) => {
      const query: AggregatesQueryType = request.query;
      const lang = request.lang;
      const filters = filtersOf(query);
      const labels = await dimensionLabels(db, lang);
      if (query.by === 'round') {
        const out = await stats.trends(db, request.params.id, filters, query.item ? [query.item] : undefined);
        if (!out.ok) throw refusal(out.reason, lang);
        const { round } = out.value;
        return {
          round: { id: String(round.id), key: round.key, title: round.title, year: round.year },
          filters: query.county ? { ...filters, county: query.county } : filters,
          by: 'round',
          threshold: THRESHOLD,
          items: out.value.trends.map((t) => ({
            id: t.item.id,
            kind: t.item.kind,
            base: t.item.base,
            question: findItem(t.item.id)?.question[lang] ?? t.item.id,
            total: apiGroup({ value: null, n: null, suppressed: true, figures: null }, statsMessages(lang).total, t.item.id, lang),
            groups: t.points.map((p) => apiGroup({ ...p, value: p.round.key }, p.round.title, t.item.id, lang)),
            references: referencesFor(t.item.id),
          })),
        };
      }
      const out = await stats.roundStatistics(db, request.params.id, filters, (query.by ?? null) as Dimension | null, query.item);
      if (!out.ok) throw refusal(out.reason, lang);
      const { round, by } = out.value;
      const label = groupLabel(by, labels, lang);
      return {
        round: { id: String(round.id), key: round.key, title: round.title, year: round.year },
        filters: query.county ? { ...filters, county: query.county } : filters,
        by,
        threshold: THRESHOLD,
        items: out.value.items.map((it) => ({
          id: it.item.id,
          kind: it.item.kind,
          base: it.item.base,
          question: findItem(it.item.id)?.question[lang] ?? it.item.id,
          total: apiGroup(it.total, label(it.total), it.item.id, lang),
          groups: it.groups.map((g) => apiGroup(g, label(g), it.item.id, lang)),
          references: referencesFor(it.item.id),
        })),
      };
    },
  );

  const PageQuery = Type.Composite([SelectionQuery, Type.Object({ by: Type.Optional(Type.Union([Type.Literal(''), Type.Literal('county'), Type.Literal('kind'), Type.Literal('sector'), Type.Literal('size')])) })]);
  // The form sends every select, chosen or not: empty values mean "all".
  const dropEmpty = (request: FastifyRequest) => {
    const q = request.query as Record<string, unknown>;
    for (const k of Object.keys(q)) if (q[k] === '') delete q[k];
  };

  r.get(
    '/barometer/rounds/:id/statistics',
    { schema: { hide: true, params: RoundParams, querystring: PageQuery }, preValidation: async (request) => dropEmpty(request) },
    async (request, reply) => {
      const lang = request.lang;
      const query = request.query;
      const filters = filtersOf(query);
      const by = (query.by || null) as Dimension | null;
      const [out, labels] = await Promise.all([stats.roundStatistics(db, request.params.id, filters, by), dimensionLabels(db, lang)]);
      if (!out.ok && out.reason !== 'too_many_dimensions' && out.reason !== 'not_closed') throw refusal(out.reason, lang);
      const round = out.ok ? out.value.round : await stats.findRound(db, request.params.id);
      if (!round) throw refusal('no_round', lang);
      const trend = out.ok ? await stats.trends(db, request.params.id, filters, TREND_ITEMS) : null;
      const view: StatisticsView = {
        stats: out.ok ? out.value : null,
        asked: { ...(query.county ? { county: query.county } : {}), ...(query.kind ? { kind: query.kind } : {}), ...(query.sector ? { sector: query.sector } : {}), ...(query.size ? { size: query.size } : {}), ...(by ? { by } : {}) },
        error: out.ok || out.reason === 'not_closed' ? null : statsMessages(lang).tooMany,
        notice: !out.ok && out.reason === 'not_closed' ? statsMessages(lang).notClosed : null,
        trend: trend?.ok ? { rounds: trend.value.rounds, trends: trend.value.trends } : null,
        labels,
        references: Object.fromEntries(TREND_ITEMS.map((i) => [i, referencesFor(i)])),
        roundTitle: round.title,
        roundId: String(round.id),
      };
      return reply.html(renderPage(StatisticsPage({ ctx: viewContext(request, reply), view })), out.ok || out.reason === 'not_closed' ? 200 : 400);
    },
  );

  r.get(
    '/barometer/rounds/:id/statistics/:file',
    {
      schema: { hide: true, params: Type.Object({ id: RoundParams.properties.id, file: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_.]{0,80}\\.csv$' }) }), querystring: PageQuery },
      preValidation: async (request) => dropEmpty(request),
    },
    async (request, reply) => {
      const lang = request.lang;
      const query = request.query;
      const filters = filtersOf(query);
      const by = (query.by || null) as Dimension | null;
      const name = request.params.file.replace(/\.csv$/, '');
      let body: string;
      if (name === 'trend') {
        const out = await stats.trends(db, request.params.id, filters, TREND_ITEMS);
        if (!out.ok) throw refusal(out.reason, lang);
        body = trendCsv(out.value.trends, lang);
      } else {
        const block = name === 'drivers' || name === 'barriers';
        if (!block && !findItem(name)) throw notFound();
        const [out, labels] = await Promise.all([stats.roundStatistics(db, request.params.id, filters, by, block ? undefined : name), dimensionLabels(db, lang)]);
        if (!out.ok) throw refusal(out.reason, lang);
        const results = block ? out.value.items.filter((i) => i.item.block === name) : out.value.items;
        body = itemsCsv(results, groupLabel(by, labels, lang), lang);
      }
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="barometer-${request.params.id}-${name}.csv"`)
        .send(body);
    },
  );

  r.get(
    '/barometer/rounds/:id/organisations/:orgnr',
    { schema: { hide: true, params: Type.Object({ id: RoundParams.properties.id, orgnr: Type.String({ pattern: '^[0-9]{9}$' }) }), querystring: Type.Object({ lang: Type.Optional(Type.String()) }) } },
    async (request, reply) => {
      if (!request.auth) throw unauthenticated();
      const out = await stats.organisationComparison(db, request.auth, request.params.id, request.params.orgnr);
      if (!out.ok) throw out.reason === 'no_organisation' ? notFound() : refusal(out.reason, request.lang);
      const labels = await dimensionLabels(db, request.lang);
      return reply.html(renderPage(OrganisationPage({ ctx: viewContext(request, reply), view: out.value, labels })));
    },
  );
}
