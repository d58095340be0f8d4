import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FeatureDeps } from '../core/feature.js';
import type { Db } from '../db/database.js';
import { siteUrl } from '../auth/index.js';
import * as invitations from './invitations.service.js';
import { invitationMessages } from './invitations.messages.js';
import { OrgInvitations } from './invitations.views.js';
import { invitationApiRoutes } from './invitations.api.js';
import { AppError, forbidden, notFound, unauthenticated } from '../core/errors.js';
import { toFieldErrors, toFormErrors } from '../core/validation.js';
import { redirectWithNotice, viewContext } from '../http/context.js';
import type { ViewContext } from '../ui/context.js';
import { messages } from '../i18n/index.js';
import { renderPage } from '../ui/render.js';
import { ProblemRef } from '../http/openapi.js';
import { canAddPartner, canManageMembers } from './orgs.policy.js';
import * as orgs from './orgs.service.js';
import type { OrgDetail, OrgSummary } from './orgs.queries.js';
import { CreatePartnerBody, OrgListQuery, OrgListResponse, OrganisationDetailSchema } from './orgs.schemas.js';
import { MembersPage, OrgListPage, OrgPage, PartnerFormPage } from './orgs.views.js';

function present(o: OrgSummary) {
  return {
    orgnr: o.orgnr,
    name: o.name,
    kind: o.kind,
    orgForm: o.orgForm,
    county: o.countyNumber && o.countyName ? { number: o.countyNumber, name: o.countyName } : null,
    municipalityNumber: o.municipalityNumber,
    country: o.country,
  };
}

function presentDetail(o: OrgDetail) {
  return {
    ...present(o),
    nameSami: o.nameSami,
    aliases: o.aliases,
    website: o.website,
    parent: o.parent,
    onTeam: orgs.isOnTeam(o),
    activeMembers: o.activeMembers,
    publishedCases: o.publishedCases,
  };
}

const OrgnrParams = Type.Object({ orgnr: Type.String({ maxLength: 20, description: 'Organisation number, 9 digits' }) });

/** Looks up an org for a route, turning each failure into the catalogue's error. */
async function requireOrg(db: Db, orgnr: string): Promise<OrgDetail> {
  const found = await orgs.findOrganisation(db, orgnr);
  if (found.ok) return found.org;
  if (found.reason === 'not_found') throw notFound(`No organisation with organisation number ${orgnr}`);
  const message = found.reason === 'check_digit' ? 'The check digit is wrong (MOD11)' : 'An organisation number has 9 digits';
  throw new AppError('invalid_orgnr', `${orgnr}: ${message}`, [{ field: 'orgnr', message }]);
}

export async function orgsRoutes(app: FastifyInstance, { db, config, features }: FeatureDeps) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  /** What other features add to a slot of the organisation pages (orgs.slots.ts), rendered side by side. */
  const sections = features.sectionRenderer(db, config);

  // ---- API ----

  r.get(
    '/api/v1/organisations',
    {
      schema: {
        tags: ['organisations'],
        summary: 'List and search organisations',
        querystring: OrgListQuery,
        response: { 200: OrgListResponse, 400: ProblemRef },
      },
    },
    async (request) => {
      const { page, per_page: perPage, kind, county, q } = request.query;
      const result = await orgs.listOrganisations(db, { kind, county, q, limit: perPage, offset: (page - 1) * perPage });
      return { items: result.items.map(present), total: result.total, page, perPage };
    },
  );

  r.get(
    '/api/v1/organisations/:orgnr',
    {
      schema: {
        tags: ['organisations'],
        summary: 'One organisation by organisation number',
        params: OrgnrParams,
        response: { 200: OrganisationDetailSchema, 400: ProblemRef, 404: ProblemRef },
      },
    },
    async (request) => presentDetail(await requireOrg(db, request.params.orgnr)),
  );

  r.post(
    '/api/v1/organisations',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Add a partner organisation (business, research, civil society)',
        security: [{ bearerAuth: [] }],
        body: CreatePartnerBody,
        response: { 201: OrganisationDetailSchema, 400: ProblemRef, 401: ProblemRef },
      },
    },
    async (request, reply) => {
      if (!request.auth) throw unauthenticated();
      const outcome = await orgs.createPartnerOrganisation(db, request.auth, request.body, { requestId: request.id });
      if (!outcome.ok) {
        if (outcome.reason === 'forbidden') throw forbidden();
        throw new AppError('validation', undefined, toFieldErrors(messages('en'), outcome.violations));
      }
      return reply.status(201).header('location', `/api/v1/organisations/${outcome.org.orgnr ?? ''}`).send(presentDetail(outcome.org));
    },
  );

  // ---- pages ----

  const PageQuery = Type.Object({
    q: Type.Optional(Type.String({ maxLength: 100 })),
    kind: Type.Optional(Type.Union([Type.Literal(''), ...orgs.ORG_KINDS.map((k) => Type.Literal(k))])),
    county: Type.Optional(Type.Union([Type.Literal(''), Type.String({ pattern: '^[0-9]{2}$' })])),
    page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }),
  });

  r.get('/organisations', { schema: { hide: true, querystring: PageQuery } }, async (request, reply) => {
    const { q = '', kind = '', county = '', page } = request.query;
    const perPage = 25;
    const ctx = viewContext(request, reply);
    const [result, counties, links] = await Promise.all([
      orgs.listOrganisations(db, { q: q || undefined, kind: kind || undefined, county: county || undefined, limit: perPage, offset: (page - 1) * perPage }),
      orgs.listCounties(db),
      sections(request, 'org.list.links', { ctx }),
    ]);
    return reply.html(
      renderPage(
        OrgListPage({
          ctx,
          view: {
            ...result,
            page,
            perPage,
            filter: { q, kind, county },
            counties,
            kinds: orgs.ORG_KINDS,
            canAddPartner: canAddPartner(request.auth),
            links,
          },
        }),
      ),
    );
  });

  r.get('/organisations/new', { schema: { hide: true } }, async (request, reply) => {
    if (!request.auth) throw unauthenticated();
    return reply.html(renderPage(PartnerFormPage({ ctx: viewContext(request, reply), view: { values: {}, errors: {} } })));
  });

  const PartnerForm = Type.Object({
    name: Type.Optional(Type.String()),
    kind: Type.Optional(Type.String()),
    orgnr: Type.Optional(Type.String()),
    country: Type.Optional(Type.String()),
    website: Type.Optional(Type.String()),
  });

  r.post('/organisations/new', { schema: { hide: true, body: PartnerForm } }, async (request, reply) => {
    if (!request.auth) throw unauthenticated();
    const outcome = await orgs.createPartnerOrganisation(db, request.auth, request.body, { requestId: request.id });
    if (outcome.ok) return redirectWithNotice(reply, `/organisations/${outcome.org.orgnr ?? ''}`, request.m.partner.created);
    if (outcome.reason === 'forbidden') throw forbidden();
    const values = Object.fromEntries(Object.entries(request.body).map(([k, v]) => [k, String(v ?? '')]));
    return reply.html(
      renderPage(PartnerFormPage({ ctx: viewContext(request, reply), view: { values, errors: toFormErrors(request.m, outcome.violations) } })),
      400,
    );
  });

  r.get('/organisations/:orgnr', { schema: { hide: true, params: OrgnrParams } }, async (request, reply) => {
    const org = await requireOrg(db, request.params.orgnr);
    const mine = request.auth?.memberships.find((x) => x.organisationId === org.id) ?? null;
    const ctx = viewContext(request, reply);
    const subject = { ctx, org, path: `/organisations/${org.orgnr ?? request.params.orgnr}` };
    const [heading, more] = await Promise.all([sections(request, 'org.page.heading', subject), sections(request, 'org.page.more', subject)]);
    return reply.html(
      renderPage(
        OrgPage({
          ctx,
          view: {
            org,
            onTeam: orgs.isOnTeam(org),
            isPublic: orgs.PUBLIC_KINDS.includes(org.kind),
            myMembership: mine ? { role: mine.role, status: mine.status } : null,
            canJoin: request.auth !== null,
            canManage: canManageMembers(request.auth, org.id),
            sections: { heading, more },
          },
        }),
      ),
    );
  });

  r.post('/organisations/:orgnr/join', { schema: { hide: true, params: OrgnrParams } }, async (request, reply) => {
    if (!request.auth) throw unauthenticated();
    const org = await requireOrg(db, request.params.orgnr);
    const outcome = await orgs.requestMembership(db, request.auth, org.id, { requestId: request.id });
    if (!outcome.ok) throw forbidden();
    return redirectWithNotice(reply, `/organisations/${org.orgnr}`, request.m.orgs.pending);
  });

  async function membersPage(ctx: ViewContext, currentUserId: string, org: OrgDetail, values: Record<string, string>, errors: Record<string, string>) {
    const [members, open] = await Promise.all([orgs.listMembers(db, org.id), invitations.listOrgInvitations(db, org.id)]);
    const invitationList = OrgInvitations({ ctx, base: `/organisations/${org.orgnr}/members`, invitations: open });
    return { org, members, values, errors, currentUserId, invitations: invitationList };
  }

  r.get('/organisations/:orgnr/members', { schema: { hide: true, params: OrgnrParams } }, async (request, reply) => {
    if (!request.auth) throw unauthenticated();
    const org = await requireOrg(db, request.params.orgnr);
    if (!canManageMembers(request.auth, org.id)) throw forbidden();
    const ctx = viewContext(request, reply);
    return reply.html(renderPage(MembersPage({ ctx, view: await membersPage(ctx, request.auth.user.id, org, {}, {}) })));
  });

  // Adding a member is an invitation the person accepts; the answer is the same whether or not the
  // address has an account (finding 13).
  r.post(
    '/organisations/:orgnr/members',
    { schema: { hide: true, params: OrgnrParams, body: Type.Object({ email: Type.Optional(Type.String()), role: Type.Optional(Type.String()) }) } },
    async (request, reply) => {
      if (!request.auth) throw unauthenticated();
      const org = await requireOrg(db, request.params.orgnr);
      const site = { baseUrl: siteUrl(config, request), lang: request.lang, requestId: request.id };
      const outcome = await invitations.inviteMember(db, request.auth, org, request.body, site);
      if (outcome.ok) return redirectWithNotice(reply, `/organisations/${org.orgnr}/members`, invitationMessages(request.lang).sent(outcome.email));
      if (outcome.reason === 'forbidden') throw forbidden();
      const values = { email: request.body.email ?? '', role: request.body.role ?? '' };
      const ctx = viewContext(request, reply);
      return reply.html(renderPage(MembersPage({ ctx, view: await membersPage(ctx, request.auth.user.id, org, values, toFormErrors(request.m, outcome.violations)) })), 400);
    },
  );

  r.post(
    '/organisations/:orgnr/members/invitations/:id/withdraw',
    { schema: { hide: true, params: Type.Object({ orgnr: Type.String({ maxLength: 20 }), id: Type.String({ pattern: '^[0-9]{1,18}$' }) }) } },
    async (request, reply) => {
      if (!request.auth) throw unauthenticated();
      const org = await requireOrg(db, request.params.orgnr);
      const outcome = await invitations.withdrawInvitation(db, request.auth, org.id, request.params.id, { requestId: request.id });
      if (!outcome.ok) throw outcome.reason === 'forbidden' ? forbidden() : notFound();
      return redirectWithNotice(reply, `/organisations/${org.orgnr}/members`, invitationMessages(request.lang).withdrawn);
    },
  );

  // The invited person's answer, from the form on their profile page.
  r.post(
    '/invitations/:id',
    { schema: { hide: true, params: Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) }), body: Type.Object({ answer: Type.Union([Type.Literal('accept'), Type.Literal('decline')]) }) } },
    async (request, reply) => {
      if (!request.auth) throw unauthenticated();
      const outcome = await invitations.answerInvitation(db, request.auth, request.params.id, request.body.answer, { requestId: request.id });
      const t = invitationMessages(request.lang);
      // Someone else's invitation, or one answered, withdrawn or expired: it does not exist for this reader.
      if (!outcome.ok) throw notFound(t.gone);
      if (outcome.answer === 'decline') return redirectWithNotice(reply, '/profile', t.declined);
      return redirectWithNotice(reply, '/profile', t.accepted(outcome.organisationName));
    },
  );

  await invitationApiRoutes(app, { db, config, requireOrg: (orgnr) => requireOrg(db, orgnr) });

  r.post(
    '/organisations/:orgnr/members/:userId',
    {
      schema: {
        hide: true,
        params: Type.Object({ orgnr: Type.String({ maxLength: 20 }), userId: Type.String({ pattern: '^[0-9]{1,18}$' }) }),
        body: Type.Object({ action: Type.Union(orgs.MEMBER_ACTIONS.map((a) => Type.Literal(a))) }),
      },
    },
    async (request, reply) => {
      if (!request.auth) throw unauthenticated();
      const org = await requireOrg(db, request.params.orgnr);
      const outcome = await orgs.decideMembership(db, request.auth, org.id, request.params.userId, request.body.action, { requestId: request.id });
      if (!outcome.ok) {
        if (outcome.reason === 'forbidden') throw forbidden();
        if (outcome.reason === 'not_found') throw notFound();
        throw new AppError('conflict', 'An organisation must keep at least one administrator');
      }
      return redirectWithNotice(reply, `/organisations/${org.orgnr}/members`, request.m.members.done);
    },
  );
}
