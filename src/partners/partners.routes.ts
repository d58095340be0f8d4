import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Db } from '../db/database.js';
import { AppError } from '../core/errors.js';
import { viewContext } from '../http/context.js';
import { ProblemRef } from '../http/openapi.js';
import { renderPage } from '../ui/render.js';
import { listCounties } from '../orgs/index.js';
import { ORG_KINDS } from '../core/viewer.js';
import { PartnerSearchQuery, PartnerSearchResponse } from './partners.schemas.js';
import * as partners from './partners.service.js';
import { PartnerSearchPage } from './partners.views.js';

const THEME_MESSAGE = 'Not a main LOS theme (see GET /api/v1/themes)';

function present(o: partners.PartnerRow, labels: Map<string, string>) {
  return {
    orgnr: o.orgnr,
    name: o.name,
    kind: o.kind,
    county: o.countyNumber && o.countyName ? { number: o.countyNumber, name: o.countyName } : null,
    country: o.country,
    publicCases: o.publicCases,
    openChallenges: o.openChallenges,
    themes: o.themes.map((uri) => ({ uri, label: labels.get(uri) ?? uri })),
    lookingForPartners: o.looking,
    partnerNeeds: o.caseNeeds,
    challengeNeeds: o.challengeNeeds,
  };
}

/** Partner search: GET /api/v1/partners and the page /partners (a GET form: the URL holds the whole search). */
export async function partnersRoutes(app: FastifyInstance, { db }: { db: Db }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/v1/partners',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Find partners: organisations by kind, county, the themes they work on, and whether they are looking for partners',
        querystring: PartnerSearchQuery,
        response: { 200: PartnerSearchResponse, 400: ProblemRef },
      },
    },
    async (request) => {
      const { q, kind, county, theme, looking, page, per_page: perPage } = request.query;
      const found = await partners.searchPartners(db, request.lang, { q, kind, county, theme, looking, page, perPage });
      if (!found.ok) throw new AppError('validation', `theme: ${THEME_MESSAGE}`, [{ field: 'theme', message: THEME_MESSAGE }]);
      const labels = new Map(found.mainThemes.map((t) => [t.uri, t.label]));
      return { items: found.items.map((o) => present(o, labels)), total: found.total, page, perPage };
    },
  );

  // Empty values are what an untouched GET form sends: they mean «all».
  const PageQuery = Type.Object({
    q: Type.Optional(Type.String({ maxLength: 100 })),
    kind: Type.Optional(Type.Union([Type.Literal(''), ...ORG_KINDS.map((k) => Type.Literal(k))])),
    county: Type.Optional(Type.Union([Type.Literal(''), Type.String({ pattern: '^[0-9]{2}$' })])),
    theme: Type.Optional(Type.String({ maxLength: 300 })),
    looking: Type.Optional(Type.Union([Type.Literal(''), Type.Literal('true')])),
    page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }),
  });
  const perPage = 20;

  r.get('/partners', { schema: { hide: true, querystring: PageQuery } }, async (request, reply) => {
    const { q = '', kind = '', county = '', theme = '', looking = '', page } = request.query;
    return app.pageCache.serve(
      request,
      reply,
      async () => {
        const [found, counties] = await Promise.all([
          partners.searchPartners(db, request.lang, {
            q: q || undefined,
            kind: kind || undefined,
            county: county || undefined,
            theme: theme || undefined,
            looking: looking === 'true' || undefined,
            page,
            perPage,
            facets: true,
          }),
          listCounties(db),
        ]);
        if (!found.ok) throw new AppError('validation', THEME_MESSAGE, [{ field: 'theme', message: THEME_MESSAGE }]);
        return renderPage(
          PartnerSearchPage({
            ctx: viewContext(request, reply),
            view: {
              items: found.items,
              total: found.total,
              page,
              perPage,
              filter: { q, kind, county, theme, looking: looking === 'true' },
              facets: found.facets,
              kinds: ORG_KINDS,
              counties,
              mainThemes: found.mainThemes,
            },
          }),
        );
      },
      // Every search is a page of its own to an anonymous visitor; the cache is bounded in bytes.
      { allowedQuery: /^(?:(?:q|kind|county|theme|looking|page)=[^&]{0,300}(?:&|$))*$/ },
    );
  });
}
