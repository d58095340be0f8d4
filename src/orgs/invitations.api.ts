import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { unauthenticated } from '../core/errors.js';
import { raise } from '../core/outcome.js';
import { toFieldErrors } from '../core/validation.js';
import { messages } from '../i18n/index.js';
import { ProblemRef } from '../http/openapi.js';
import { siteUrl } from '../auth/index.js';
import * as invitations from './invitations.service.js';
import type { OrgDetail } from './orgs.queries.js';

const write = { security: [{ bearerAuth: [] }] };
const Role = Type.Union([Type.Literal('member'), Type.Literal('org_admin')]);
const OrgnrParams = Type.Object({ orgnr: Type.String({ maxLength: 20, description: 'Organisation number, 9 digits' }) });
const IdParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) });
const InviteBody = Type.Object(
  { email: Type.String({ maxLength: 300, description: 'The address to invite; it need not have an account yet' }), role: Type.Optional(Role) },
  { additionalProperties: false },
);
const Invited = Type.Object({ email: Type.String(), role: Role, status: Type.Literal('invited') });
const OrgInvitation = Type.Object({ id: Type.String(), email: Type.String(), role: Role, createdAt: Type.String({ format: 'date-time' }), expiresAt: Type.String({ format: 'date-time' }) });
const MyInvitation = Type.Object({
  id: Type.String(),
  organisation: Type.Object({ orgnr: Type.Union([Type.String(), Type.Null()]), name: Type.String() }),
  role: Role,
  createdAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
});
const Answered = Type.Object({ answer: Type.Union([Type.Literal('accept'), Type.Literal('decline')]), organisation: Type.Object({ orgnr: Type.Union([Type.String(), Type.Null()]), name: Type.String() }), role: Type.Union([Role, Type.Null()]) });

/** Invitations to organisations (tag `organisations`): an org admin invites an address; its owner answers. */
export async function invitationApiRoutes(app: FastifyInstance, deps: { db: Db; config: Config; requireOrg: (orgnr: string) => Promise<OrgDetail> }) {
  const { db, config, requireOrg } = deps;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.post(
    '/api/v1/organisations/:orgnr/invitations',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Invite an address to become a member (org admins); the same answer whether or not it has an account',
        ...write,
        params: OrgnrParams,
        body: InviteBody,
        response: { 202: Invited, 400: ProblemRef, 401: ProblemRef, 403: ProblemRef, 404: ProblemRef },
      },
    },
    async (request, reply) => {
      if (!request.auth) throw unauthenticated();
      const org = await requireOrg(request.params.orgnr);
      const site = { baseUrl: siteUrl(config, request), lang: request.lang, requestId: request.id };
      const outcome = await invitations.inviteMember(db, request.auth, org, { email: request.body.email, role: request.body.role ?? 'member' }, site);
      // A validation problem without a detail, as this route has always answered.
      if (!outcome.ok) raise(outcome, { detail: { invalid: null }, errors: outcome.reason === 'invalid' ? toFieldErrors(messages('en'), outcome.violations) : undefined });
      return reply.status(202).send({ email: outcome.email, role: outcome.role, status: 'invited' as const });
    },
  );

  r.get(
    '/api/v1/organisations/:orgnr/invitations',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Open invitations of an organisation (org admins)',
        ...write,
        params: OrgnrParams,
        response: { 200: Type.Object({ items: Type.Array(OrgInvitation) }), 400: ProblemRef, 401: ProblemRef, 403: ProblemRef, 404: ProblemRef },
      },
    },
    async (request) => {
      if (!request.auth) throw unauthenticated();
      const org = await requireOrg(request.params.orgnr);
      const list = await invitations.orgInvitationsFor(db, request.auth, org.id);
      if (!list.ok) raise(list);
      return { items: list.items.map((i) => ({ ...i, createdAt: i.createdAt.toISOString(), expiresAt: i.expiresAt.toISOString() })) };
    },
  );

  r.get(
    '/api/v1/invitations',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Invitations to my address, waiting for my answer',
        ...write,
        response: { 200: Type.Object({ items: Type.Array(MyInvitation) }), 401: ProblemRef },
      },
    },
    async (request) => {
      if (!request.auth) throw unauthenticated();
      const list = await invitations.invitationsFor(db, request.auth);
      return {
        items: list.map((i) => ({
          id: i.id,
          organisation: { orgnr: i.orgnr, name: i.organisationName },
          role: i.role,
          createdAt: i.createdAt.toISOString(),
          expiresAt: i.expiresAt.toISOString(),
        })),
      };
    },
  );

  r.post(
    '/api/v1/invitations/:id',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Accept or decline an invitation to my address',
        ...write,
        params: IdParams,
        body: Type.Object({ answer: Type.Union([Type.Literal('accept'), Type.Literal('decline')]) }, { additionalProperties: false }),
        response: { 200: Answered, 400: ProblemRef, 401: ProblemRef, 404: ProblemRef },
      },
    },
    async (request) => {
      if (!request.auth) throw unauthenticated();
      const outcome = await invitations.answerInvitation(db, request.auth, request.params.id, request.body.answer, { requestId: request.id });
      if (!outcome.ok) raise(outcome, { detail: { not_found: 'No open invitation with this id to your address' } });
      return { answer: outcome.answer, organisation: { orgnr: outcome.orgnr, name: outcome.organisationName }, role: outcome.role };
    },
  );
}
