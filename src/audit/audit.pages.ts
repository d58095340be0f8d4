import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { forbidden } from '../core/errors.js';
import type { FeatureDeps } from '../core/feature.js';
import { viewContext } from '../http/context.js';
import { renderPage } from '../ui/render.js';
import * as q from './audit.queries.js';
import { AuditPage } from './audit.views.js';

/** The audit log viewer (platform administrators). */
export async function auditPages(app: FastifyInstance, { db }: FeatureDeps) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const perPage = 50;
  r.get(
    '/admin/audit',
    {
      schema: {
        hide: true,
        querystring: Type.Object({
          page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }),
          action: Type.Optional(Type.String({ maxLength: 100 })),
          entity: Type.Optional(Type.String({ maxLength: 100 })),
          actor: Type.Optional(Type.String({ maxLength: 254 })),
        }),
      },
    },
    async (request, reply) => {
      const auth = request.auth;
      if (!auth) return reply.redirect(`/signin?next=${encodeURIComponent(request.url)}`, 303);
      if (auth.user.platformRole !== 'admin') throw forbidden();
      const { page, action, entity, actor } = request.query;
      const filter = { action: action?.trim() || undefined, entity: entity?.trim() || undefined, actor: actor?.trim() || undefined };
      const list = await q.listAudit(db, filter, perPage, (page - 1) * perPage);
      return reply.html(renderPage(AuditPage({ ctx: viewContext(request, reply), items: list.items, total: list.total, page, perPage, filter })));
    },
  );
}
