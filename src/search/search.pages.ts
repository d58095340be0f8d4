import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FeatureDeps } from '../core/feature.js';
import { viewContext } from '../http/context.js';
import { renderPage } from '../ui/render.js';
import { listCounties } from '../orgs/index.js';
import { themeTree } from '../themes/index.js';
import * as search from './search.service.js';
import { SearchQuery } from './search.schemas.js';
import { filtersOf } from './search.service.js';
import { searchMessages } from './search.messages.js';
import { SearchPage } from './search.views.js';

export async function searchPages(app: FastifyInstance, { db, config, features }: FeatureDeps) {
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
    // A search that asks for something (not the whole case bank) may be followed, and so may its one theme.
    const key = search.savedSearchKey(new URLSearchParams(request.url.split('?')[1] ?? ''));
    const theme1 = filters.theme?.length === 1 ? filters.theme[0]! : null;
    const sm = searchMessages(request.lang);
    const ctx = viewContext(request, reply);
    const subject = {
      ctx,
      search: key ? { key, label: q ? `«${q}»` : sm.title } : null,
      theme: theme1 && theme[theme1] ? { key: theme1, label: `${sm.facets.theme}: ${theme[theme1]}` } : null,
    };
    const heading = await features.sectionRenderer(db, config)(request, 'search.page.heading', subject);
    return reply.html(
      renderPage(
        SearchPage({
          ctx,
          view: { q, sort, filters, total: result.total, page: query.page, perPage, items: result.items, facets: result.facets, labels: { theme, county }, heading },
        }),
      ),
    );
  });
}
