import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/database.js';
import { demoOffer } from '../demo/index.js';
import { viewContext } from '../http/context.js';
import { platformCounts } from '../orgs/index.js';
import { renderPage } from '../ui/render.js';
import { DataSourcesPage, HomePage } from './home.views.js';

export async function homePages(app: FastifyInstance, { db }: { db: Db }) {
  app.get('/', { schema: { hide: true } }, async (request, reply) => {
    return app.pageCache.serve(request, reply, async () => {
      const [counts, demo] = await Promise.all([platformCounts(db), demoOffer(db, request.auth)]);
      return renderPage(HomePage({ ctx: viewContext(request, reply), counts, demo }));
      // The counts behind the page are themselves up to ten seconds old (platformCounts): no older.
    }, { ttlMs: 10_000 });
  });
  app.get('/about/data', { schema: { hide: true } }, async (request, reply) => {
    return reply.html(renderPage(DataSourcesPage({ ctx: viewContext(request, reply) })));
  });
}
