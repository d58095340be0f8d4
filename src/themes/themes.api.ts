import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Db } from '../db/database.js';
import { ProblemRef } from '../http/openapi.js';
import * as themes from './themes.service.js';
import { ThemeLangQuery, ThemeListResponse, ThemeSearchQuery } from './themes.schemas.js';

/** The LOS themes API: public, read-only. `lang` is resolved for every request (query, then cookie). */
export async function themesApi(app: FastifyInstance, { db }: { db: Db }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/v1/themes',
    {
      schema: {
        tags: ['themes'],
        summary: 'Search the LOS themes, words and life events (without q: the main themes)',
        querystring: ThemeSearchQuery,
        response: { 200: ThemeListResponse, 400: ProblemRef },
      },
    },
    async (request) => {
      const q = request.query.q?.trim();
      const items = q ? await themes.searchThemes(db, q, request.lang, request.query.limit) : await themes.listMainThemes(db, request.lang);
      return { items };
    },
  );

  r.get(
    '/api/v1/themes/main',
    {
      schema: {
        tags: ['themes'],
        summary: 'The 14 main themes of LOS, in Norwegian alphabetical order',
        querystring: ThemeLangQuery,
        response: { 200: ThemeListResponse, 400: ProblemRef },
      },
    },
    async (request) => ({ items: await themes.listMainThemes(db, request.lang) }),
  );
}
