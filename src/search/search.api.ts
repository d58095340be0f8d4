import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Db } from '../db/database.js';
import { notFound } from '../core/errors.js';
import { ProblemRef } from '../http/openapi.js';
import * as search from './search.service.js';
import { SimilarResponse } from './search.schemas.js';

// The search page (search.pages.ts) reads its filters with the finder's own reading.

/** The routes around one case's neighbours; the case list itself (GET /api/v1/cases) is cases' API, served by `findCases`. */
export async function searchApi(app: FastifyInstance, { db }: { db: Db }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

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
