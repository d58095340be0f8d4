import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Db } from '../db/database.js';
import { notFound } from '../core/errors.js';
import { raise } from '../core/outcome.js';
import { ProblemRef } from '../http/openapi.js';
import { presentChallenge, presentListItem, presentResponse } from './challenges.present.js';
import { ChallengeCreateBody, ChallengeListItemSchema, ChallengeListQuery, ChallengePatchBody, ChallengeSchema, ResponseBody, ResponseSchema, StateChangeBody } from './challenges.schemas.js';
import * as challenges from './challenges.service.js';
import { toChallengeFieldErrors } from './challenges.validation.js';

const IdParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$', description: 'Challenge id' }) });

/** Turns a service failure into the catalogue's error; field errors are worded in English, as the rest of the API. */
export function failure(f: challenges.Failure): never {
  raise(f, {
    detail: {
      not_found: 'No such challenge',
      forbidden: 'You may see this challenge but not do this',
      closed: 'The challenge is closed and takes no new responses',
      duplicate: 'This response is already recorded',
      already_decided: 'This request has already been answered',
    },
    errors: f.reason === 'invalid' ? toChallengeFieldErrors('en', f.violations) : undefined,
  });
}

const write = { security: [{ bearerAuth: [] }] };
const tags = ['challenges'];

export async function challengesApi(app: FastifyInstance, { db }: { db: Db }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  const respondWithChallenge = async (request: { auth: import('../http/context.js').AuthContext | null; lang: import('../i18n/index.js').Lang }, id: string) => {
    const found = await challenges.getChallenge(db, request.auth, id);
    if (!found.ok) failure(found);
    return presentChallenge(found.value.row, found.value.responses, found.value.viewer, request.lang);
  };

  r.get(
    '/api/v1/challenges',
    {
      schema: {
        tags,
        summary: 'Challenges (needs posted by public bodies), newest first',
        querystring: ChallengeListQuery,
        response: { 200: Type.Object({ items: Type.Array(ChallengeListItemSchema), total: Type.Integer(), page: Type.Integer(), perPage: Type.Integer() }), 400: ProblemRef },
      },
    },
    async (request) => {
      const { page, per_page: perPage, state, theme, owner } = request.query;
      const list = await challenges.listChallenges(db, { state, theme, ownerOrgnr: owner, limit: perPage, offset: (page - 1) * perPage });
      return { items: list.items.map((c) => presentListItem(c, request.lang)), total: list.total, page, perPage };
    },
  );

  r.post(
    '/api/v1/challenges',
    { schema: { tags, summary: 'Post a challenge for a public body (it opens at once)', ...write, body: ChallengeCreateBody, response: { 201: ChallengeSchema, 400: ProblemRef, 401: ProblemRef, 403: ProblemRef } } },
    async (request, reply) => {
      const outcome = await challenges.createChallenge(db, request.auth, request.body as Record<string, unknown>, { requestId: request.id });
      if (!outcome.ok) failure(outcome);
      return reply.status(201).header('location', `/api/v1/challenges/${outcome.challengeId}`).send(await respondWithChallenge(request, outcome.challengeId));
    },
  );

  r.get(
    '/api/v1/challenges/:id',
    { schema: { tags, summary: 'One challenge with its owners, timeline and the cases that solved it', params: IdParams, response: { 200: ChallengeSchema, 404: ProblemRef } } },
    async (request) => respondWithChallenge(request, request.params.id),
  );

  r.patch(
    '/api/v1/challenges/:id',
    { schema: { tags, summary: 'Change some fields of a challenge (owners and co-owners)', ...write, params: IdParams, body: ChallengePatchBody, response: { 200: ChallengeSchema, 400: ProblemRef, 401: ProblemRef, 403: ProblemRef, 404: ProblemRef } } },
    async (request) => {
      const outcome = await challenges.updateChallenge(db, request.auth, request.params.id, request.body as Record<string, unknown>, { requestId: request.id });
      if (!outcome.ok) failure(outcome);
      return respondWithChallenge(request, request.params.id);
    },
  );

  r.post(
    '/api/v1/challenges/:id/state',
    {
      schema: {
        tags,
        summary: 'Move a challenge: open → dialogue → procurement or partnership → closed (with an outcome), with a reason',
        ...write,
        params: IdParams,
        body: StateChangeBody,
        response: { 200: ChallengeSchema, 400: ProblemRef, 401: ProblemRef, 403: ProblemRef, 404: ProblemRef },
      },
    },
    async (request) => {
      const outcome = await challenges.changeChallengeState(db, request.auth, request.params.id, request.body as Record<string, unknown>, { requestId: request.id });
      if (!outcome.ok) failure(outcome);
      return respondWithChallenge(request, request.params.id);
    },
  );

  r.delete(
    '/api/v1/challenges/:id/co-owners/:orgnr',
    {
      schema: {
        tags,
        summary: 'Take a co-owner off a challenge (a member of the posting body, or the co-owner leaving)',
        ...write,
        params: Type.Object({ id: IdParams.properties.id, orgnr: Type.String({ pattern: '^[0-9]{9}$', description: 'The co-owner’s organisation number' }) }),
        response: { 204: Type.Null(), 401: ProblemRef, 403: ProblemRef, 404: ProblemRef },
      },
    },
    async (request, reply) => {
      const outcome = await challenges.removeCoOwner(db, request.auth, request.params.id, request.params.orgnr, { requestId: request.id });
      if (!outcome.ok) failure(outcome);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/v1/challenges/:id/responses',
    {
      schema: {
        tags,
        summary: 'Responses the caller may see (a private proposal only by the owners and the proposer’s organisation)',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(ResponseSchema), total: Type.Integer() }), 404: ProblemRef },
      },
    },
    async (request) => {
      const list = await challenges.listResponses(db, request.auth, request.params.id);
      if (!list.ok) failure(list);
      const items = list.value.map((x) => presentResponse(x));
      return { items, total: items.length };
    },
  );

  r.post(
    '/api/v1/challenges/:id/responses',
    {
      schema: {
        tags,
        summary: 'Respond: same_need (a public body; may join as co-owner), solved (links a case) or proposal',
        ...write,
        params: IdParams,
        body: ResponseBody,
        response: { 201: ResponseSchema, 400: ProblemRef, 401: ProblemRef, 403: ProblemRef, 404: ProblemRef, 409: ProblemRef },
      },
    },
    async (request, reply) => {
      const outcome = await challenges.respondToChallenge(db, request.auth, request.params.id, request.body as Record<string, unknown>, { requestId: request.id });
      if (!outcome.ok) failure(outcome);
      const list = await challenges.listResponses(db, request.auth, request.params.id);
      const created = list.ok ? list.value.find((x) => x.id === outcome.responseId) : undefined;
      if (!created) throw notFound();
      return reply.status(201).send(presentResponse(created));
    },
  );

  /** The response as the caller now sees it, after a change. */
  const responseAsSeen = async (request: { auth: import('../http/context.js').AuthContext | null }, id: string, responseId: string) => {
    const list = await challenges.listResponses(db, request.auth, id);
    const found = list.ok ? list.value.find((x) => x.id === responseId) : undefined;
    if (!found) throw notFound();
    return presentResponse(found);
  };

  const ResponseParams = Type.Object({ id: IdParams.properties.id, responseId: Type.String({ pattern: '^[0-9]{1,18}$', description: 'Response id' }) });
  for (const decision of ['accept', 'decline'] as const) {
    r.post(
      `/api/v1/challenges/:id/responses/:responseId/${decision}`,
      {
        schema: {
          tags,
          summary:
            decision === 'accept'
              ? 'Accept a request (an owner): a body that asked to join becomes a co-owner; a «we solved this» link is shown to everyone'
              : 'Decline a request (an owner): the body does not join, the link is not shown; the requester is told',
          ...write,
          params: ResponseParams,
          response: { 200: ResponseSchema, 401: ProblemRef, 403: ProblemRef, 404: ProblemRef, 409: ProblemRef },
        },
      },
      async (request) => {
        const outcome = await challenges.decideRequest(db, request.auth, request.params.id, request.params.responseId, decision, { requestId: request.id });
        if (!outcome.ok) failure(outcome);
        return responseAsSeen(request, request.params.id, request.params.responseId);
      },
    );
  }

  r.post(
    '/api/v1/challenges/:id/responses/:responseId/share',
    {
      schema: {
        tags,
        summary: 'Share a private proposal with the co-owners who joined after it was sent (an owner who may read it)',
        ...write,
        params: ResponseParams,
        response: { 200: ResponseSchema, 401: ProblemRef, 403: ProblemRef, 404: ProblemRef },
      },
    },
    async (request) => {
      const outcome = await challenges.shareProposal(db, request.auth, request.params.id, request.params.responseId, { requestId: request.id });
      if (!outcome.ok) failure(outcome);
      return responseAsSeen(request, request.params.id, request.params.responseId);
    },
  );
}
