import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Db } from '../db/database.js';
import { viewContext } from '../http/context.js';
import { renderPage } from '../ui/render.js';
import { listCounties } from '../orgs/index.js';
import { themeTree } from '../themes/index.js';
import * as search from './search.service.js';
import { SearchQuery } from './search.schemas.js';
import { filtersOf } from './search.routes.js';
import { SearchPage } from './search.views.js';
import { followState } from '../notifications/notifications.service.js';

export async function searchPages(app: FastifyInstance, { db }: { db: Db }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get('/search', { schema: { hide: true, querystring: SearchQuery } }, async (request, reply) => {
    const query = request.query;
    const q = query.q?.trim() ?? '';
    const sort = query.sort ?? (q ? 'relevance' : 'newest');
    const perPage = 20;
    const filters = filtersOf(query);
    const [result, counties] = await Promise.all([search.searchCases(db, request.auth, { q, filters, sort, page: query.page, perPage }), listCounties(db)]);
    const theme = Object.fromEntries(themeTree(request.lang).map((t) => [t.uri, t.label]));
    const county = Object.fromEntries(counties.map((c) => [c.number, c.name]));
    // A signed-in user may follow a search that asks for something (not the whole case bank).
    const key = search.savedSearchKey(new URLSearchParams(request.url.split('?')[1] ?? ''));
    const follow = request.auth && key ? { kind: 'search' as const, ...(await followState(db, request.auth, 'search', key)) } : null;
    const theme1 = filters.theme?.length === 1 ? filters.theme[0]! : null;
    const followTheme = request.auth && theme1 && theme[theme1] ? { kind: 'theme' as const, ...(await followState(db, request.auth, 'theme', theme1)) } : null;
    return reply.html(
      renderPage(
        SearchPage({
          ctx: viewContext(request, reply),
          view: { q, sort, filters, total: result.total, page: query.page, perPage, items: result.items, facets: result.facets, labels: { theme, county }, follow, followTheme },
        }),
      ),
    );
  });
}
