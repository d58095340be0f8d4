import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { countQueries, type Db } from '../db/database.js';
import { notFound } from '../core/errors.js';
import { ProblemRef } from '../http/openapi.js';
import { findOrganisation } from '../orgs/index.js';
import * as search from './search.service.js';
import { SearchQuery, SearchResponse, SimilarResponse } from './search.schemas.js';

type SearchQueryType = import('@sinclair/typebox').Static<typeof SearchQuery>;

/** The filters of a search request (API or page), one list per facet. */
export function filtersOf(query: SearchQueryType): search.Filters {
  const filters: search.Filters = {};
  for (const f of search.FACETS) {
    const v = (query as Record<string, unknown>)[f];
    if (Array.isArray(v) && v.length) filters[f] = v.map(String);
  }
  return filters;
}

export async function searchApi(app: FastifyInstance, { db }: { db: Db }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/v1/cases',
    {
      schema: {
        tags: ['cases'],
        summary: 'Search cases: full text in bokmål, nynorsk and English, with facet counts',
        querystring: SearchQuery,
        response: { 200: SearchResponse, 400: ProblemRef },
      },
    },
    async (request, reply) => {
      const query = request.query;
      const started = performance.now();
      let ownerOrgId: string | undefined;
      if (query.owner) {
        const found = await findOrganisation(db, query.owner);
        ownerOrgId = found.ok ? found.org.id : '0';
      }
      const sort = query.sort ?? (query.q?.trim() ? 'relevance' : 'newest');
      const { value: result, count, ms } = await countQueries(() =>
        search.searchCases(db, request.auth, { q: query.q ?? '', filters: filtersOf(query), sort, page: query.page, perPage: query.per_page, ownerOrgId }),
      );
      // How long the search took here and how much of it was spent waiting for PostgreSQL.
      reply.header('server-timing', `sql;dur=${ms.toFixed(2)};desc="${count} statements", search;dur=${(performance.now() - started).toFixed(2)}`);
      return {
        items: result.items.map((i) => ({
          id: i.id,
          title: i.title,
          summary: i.summary,
          owner: { orgnr: i.ownerOrgnr, name: i.ownerName },
          status: i.status,
          stage: i.stage,
          types: i.types,
          language: i.language,
          visibility: i.visibility,
          published: i.publishedAt !== null,
          publishedAt: i.publishedAt ? new Date(i.publishedAt).toISOString() : null,
          adoptionCount: i.adoptionCount,
          snippet: i.snippet,
        })),
        total: result.total,
        page: query.page,
        perPage: query.per_page,
        facets: result.facets,
      };
    },
  );

  r.get(
    '/api/v1/cases/similar-to',
    {
      schema: {
        tags: ['cases'],
        summary: 'Existing cases like a text being written ("someone already did this")',
        querystring: Type.Object({ text: Type.String({ minLength: 1, maxLength: 5000 }), theme: Type.Optional(Type.Array(Type.String({ maxLength: 300 }), { maxItems: 20 })), limit: Type.Integer({ minimum: 1, maximum: 20, default: 5 }) }),
        response: { 200: SimilarResponse, 400: ProblemRef },
      },
    },
    async (request) => {
      const items = await search.similarToText(db, request.auth, request.query.text, request.query.theme ?? [], request.query.limit);
      return { items: items.map((i) => ({ id: i.id, title: i.title, summary: i.summary, owner: { orgnr: i.ownerOrgnr, name: i.ownerName } })) };
    },
  );

  r.get(
    '/api/v1/cases/:id/similar',
    {
      schema: {
        tags: ['cases'],
        summary: 'The five cases most like this one',
        params: Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) }),
        response: { 200: SimilarResponse, 404: ProblemRef },
      },
    },
    async (request) => {
      const found = await search.similarToCase(db, request.auth, request.params.id);
      if (!found.ok) throw notFound('No such case, or you may not see it');
      return { items: found.value.map((i) => ({ id: i.id, title: i.title, summary: i.summary, owner: { orgnr: i.ownerOrgnr, name: i.ownerName } })) };
    },
  );
}
