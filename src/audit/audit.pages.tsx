import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import type { Db, DbOrTrx } from '../db/database.js';
import { forbidden } from '../core/errors.js';
import { viewContext } from '../http/context.js';
import type { Lang } from '../i18n/index.js';
import type { ViewContext } from '../ui/context.js';
import { Pagination, TextField } from '../ui/forms.js';
import { Layout } from '../ui/layout.js';
import { renderPage } from '../ui/render.js';
import { Button, Heading, Paragraph } from '../ui/ds.js';

const words = {
  nb: {
    title: 'Revisjonslogg',
    lead: 'Hver endring på plattformen: hvem, når, hva. Bare for plattformadministratorer.',
    action: 'Handling (begynner med)',
    entity: 'Type',
    actor: 'Utført av (e-post)',
    show: 'Vis',
    none: 'Ingen oppføringer.',
    count: (n: number) => `${n} oppføringer`,
    cols: { at: 'Tid', actor: 'Utført av', action: 'Handling', entity: 'Gjelder', details: 'Detaljer' },
    system: 'systemet',
  },
  nn: {
    title: 'Revisjonslogg',
    lead: 'Kvar endring på plattforma: kven, når, kva. Berre for plattformadministratorar.',
    action: 'Handling (byrjar med)',
    entity: 'Type',
    actor: 'Utført av (e-post)',
    show: 'Vis',
    none: 'Ingen oppføringar.',
    count: (n: number) => `${n} oppføringar`,
    cols: { at: 'Tid', actor: 'Utført av', action: 'Handling', entity: 'Gjeld', details: 'Detaljar' },
    system: 'systemet',
  },
  en: {
    title: 'Audit log',
    lead: 'Every change on the platform: who, when, what. For platform administrators only.',
    action: 'Action (starts with)',
    entity: 'Type',
    actor: 'Done by (e-mail)',
    show: 'Show',
    none: 'No entries.',
    count: (n: number) => `${n} entries`,
    cols: { at: 'Time', actor: 'Done by', action: 'Action', entity: 'Concerns', details: 'Details' },
    system: 'the system',
  },
} satisfies Record<Lang, unknown>;

interface AuditFilter {
  action?: string | undefined;
  entity?: string | undefined;
  actor?: string | undefined;
}

interface AuditRow {
  id: string;
  at: Date;
  actorEmail: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  details: unknown;
}

async function listAudit(db: DbOrTrx, f: AuditFilter, limit: number, offset: number): Promise<{ items: AuditRow[]; total: number }> {
  let q = db.selectFrom('audit_log as a').leftJoin('users as u', 'u.id', 'a.actor_user_id');
  if (f.action) q = q.where('a.action', 'like', `${f.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (f.entity) q = q.where('a.entity_type', '=', f.entity);
  if (f.actor) q = q.where(sql`lower(u.email)`, '=', f.actor.toLowerCase());
  const [items, total] = await Promise.all([
    q
      .select(['a.id', 'a.at', 'u.email as actorEmail', 'a.action', 'a.entity_type as entityType', 'a.entity_id as entityId', 'a.details'])
      .orderBy('a.at', 'desc')
      .orderBy('a.id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: items as AuditRow[], total: Number(total.n) };
}

function AuditPage({ ctx, items, total, page, perPage, filter }: { ctx: ViewContext; items: AuditRow[]; total: number; page: number; perPage: number; filter: AuditFilter }) {
  const w = words[ctx.lang];
  const time = new Intl.DateTimeFormat(ctx.lang === 'en' ? 'en-GB' : 'nb-NO', { dateStyle: 'short', timeStyle: 'medium', timeZone: 'Europe/Oslo' });
  return (
    <Layout ctx={ctx} title={w.title}>
      <Heading level={1} size="lg">
        {w.title}
      </Heading>
      <Paragraph>{w.lead}</Paragraph>
      <form method="get" action="/admin/audit" class="filter-form" role="search">
        <TextField name="action" label={w.action} value={filter.action ?? ''} />
        <TextField name="entity" label={w.entity} value={filter.entity ?? ''} />
        <TextField name="actor" label={w.actor} value={filter.actor ?? ''} />
        <div class="filter-form__submit">
          <Button variant="secondary">
            {w.show}
          </Button>
        </div>
      </form>
      <Paragraph role="status">
        {w.count(total)}
      </Paragraph>
      {items.length === 0 ? (
        <Paragraph>{w.none}</Paragraph>
      ) : (
        <div class="table-scroll" tabIndex={0} role="region" aria-label={w.title}>
          <table class="ds-table" data-border="true">
            <thead>
              <tr>
                <th scope="col">{w.cols.at}</th>
                <th scope="col">{w.cols.actor}</th>
                <th scope="col">{w.cols.action}</th>
                <th scope="col">{w.cols.entity}</th>
                <th scope="col">{w.cols.details}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr>
                  <td>
                    <time datetime={r.at.toISOString()}>{time.format(r.at)}</time>
                  </td>
                  <td class="break-anywhere">{r.actorEmail ?? w.system}</td>
                  <td>{r.action}</td>
                  <td>
                    {r.entityType}
                    {r.entityId ? ` ${r.entityId}` : ''}
                  </td>
                  <td class="break-anywhere">
                    <code>{JSON.stringify(r.details)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination m={ctx.m} url={ctx.url} page={page} totalPages={Math.max(1, Math.ceil(total / perPage))} />
    </Layout>
  );
}

/** The audit log viewer (platform administrators). */
export async function auditPages(app: FastifyInstance, { db }: { db: Db }) {
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
      const list = await listAudit(db, filter, perPage, (page - 1) * perPage);
      return reply.html(renderPage(AuditPage({ ctx: viewContext(request, reply), items: list.items, total: list.total, page, perPage, filter })));
    },
  );
}
