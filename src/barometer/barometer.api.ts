import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { notFound } from '../core/errors.js';
import { raise } from '../core/outcome.js';
import { ProblemRef } from '../http/openapi.js';
import { isLang } from '../i18n/index.js';
import { siteOf } from './barometer.pages.js';
import { InvitationListSchema, InviteBody, QuestionnaireSchema, RatesSchema, RoundCreateBody, RoundSchema } from './barometer.schemas.js';
import * as barometer from './barometer.service.js';
import { describeLineProblem, toBarometerFieldErrors } from './barometer.validation.js';
import { localisedItems, PAGE_LEADS, PAGE_TITLES, PAGES } from './questionnaire.js';

const tags = ['barometer'];
const write = { security: [{ bearerAuth: [] }] };
const RoundParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$', description: 'Round id' }) });
const OrgParams = Type.Object({ id: RoundParams.properties.id, orgnr: Type.String({ pattern: '^[0-9]{9}$', description: 'The inviting organisation’s number' }) });

/** A service failure as the catalogue's error; field errors name the field (or the line) in English. */
function failure(f: barometer.InviteFailure): never {
  if (f.reason === 'lines') {
    // Rows of the pasted list that do not parse: a validation problem naming each row.
    const errors = f.problems.map((p) => ({ field: `workplaces[${p.line - 1}]`, message: describeLineProblem('en', p) }));
    raise({ reason: 'invalid' }, { detail: { invalid: errors.map((e) => e.message).join(' ') }, errors });
  }
  raise(f, {
    detail: { not_found: 'No such round or organisation', forbidden: 'Only analysts, and org admins for their own organisation, may do this', closed: 'The round is closed: answers and invitations are frozen' },
    errors: f.reason === 'invalid' ? toBarometerFieldErrors('en', f.violations) : undefined,
  });
}

const present = (r: barometer.RoundWithState) => ({
  ...r,
  links: { questionnaire: `/api/v1/barometer/rounds/${r.id}/questionnaire`, responseRates: `/api/v1/barometer/rounds/${r.id}/response-rates` },
});

export async function barometerApi(app: FastifyInstance, { db, config }: { db: Db; config: Config }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  // An uploaded CSV file as the body (curl --data-binary @units.csv -H 'content-type: text/csv').
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: 1024 * 1024 }, (_req, body, done) => done(null, { csv: body }));

  r.get(
    '/api/v1/barometer/rounds',
    { schema: { tags, summary: 'Barometer rounds, newest first', response: { 200: Type.Object({ items: Type.Array(RoundSchema), total: Type.Integer() }), 400: ProblemRef } } },
    async () => {
      const rounds = await barometer.listRounds(db);
      return { items: rounds.map(present), total: rounds.length };
    },
  );

  r.post(
    '/api/v1/barometer/rounds',
    { schema: { tags, summary: 'Open a round (analysts); the current questionnaire version is fixed on it', ...write, body: RoundCreateBody, response: { 201: RoundSchema, 400: ProblemRef, 401: ProblemRef, 403: ProblemRef } } },
    async (request, reply) => {
      const outcome = await barometer.openRound(db, request.auth, request.body as Record<string, unknown>, { requestId: request.id });
      if (!outcome.ok) failure(outcome);
      const round = await barometer.getRound(db, outcome.roundId);
      return reply.status(201).header('location', `/api/v1/barometer/rounds/${outcome.roundId}`).send(present(round!));
    },
  );

  r.get(
    '/api/v1/barometer/rounds/:id',
    { schema: { tags, summary: 'One round', params: RoundParams, response: { 200: RoundSchema, 404: ProblemRef } } },
    async (request) => {
      const round = await barometer.getRound(db, request.params.id);
      if (!round) throw notFound();
      return present(round);
    },
  );

  r.get(
    '/api/v1/barometer/rounds/:id/questionnaire',
    {
      schema: {
        tags,
        summary: 'The round’s questionnaire: items, kinds, conditions and options, worded in the requested language (?lang=nb|nn|en)',
        params: RoundParams,
        querystring: Type.Object({ lang: Type.Optional(Type.Union([Type.Literal('nb'), Type.Literal('nn'), Type.Literal('en')])) }),
        response: { 200: QuestionnaireSchema, 404: ProblemRef },
      },
    },
    async (request) => {
      const round = await barometer.getRound(db, request.params.id);
      if (!round) throw notFound();
      const lang = isLang(request.query.lang) ? request.query.lang : request.lang;
      return {
        version: round.questionnaireVersion,
        language: lang,
        pages: PAGES.map((p) => ({ id: p, title: PAGE_TITLES[p][lang], lead: PAGE_LEADS[p][lang] })),
        items: localisedItems(lang, round.questionnaireVersion),
      };
    },
  );

  r.get(
    '/api/v1/barometer/rounds/:id/invitations/:orgnr',
    {
      schema: {
        tags,
        summary: 'The workplaces an organisation invited to a round (its org admins, analysts), and how many have answered — never which, never the answers',
        ...write,
        params: OrgParams,
        response: { 200: InvitationListSchema, 401: ProblemRef, 403: ProblemRef, 404: ProblemRef },
      },
    },
    async (request) => {
      const found = await barometer.listInvitations(db, request.auth, request.params.id, request.params.orgnr);
      if (!found.ok) failure(found);
      const items = found.value.invitations.map((i) => ({ id: i.id, unitName: i.unitName, email: i.email, sentAt: i.sentAt?.toISOString() ?? null }));
      return { round: found.value.round.id, orgnr: found.value.org.orgnr!, items, ...found.value.counts };
    },
  );

  r.post(
    '/api/v1/barometer/rounds/:id/invitations/:orgnr',
    {
      schema: {
        tags,
        summary: 'Invite workplaces (JSON list, CSV text in `csv`, or a text/csv body) and e-mail each leader a one-time link; every wrong line is named',
        ...write,
        params: OrgParams,
        body: InviteBody,
        response: { 201: Type.Object({ invited: Type.Integer() }), 400: ProblemRef, 401: ProblemRef, 403: ProblemRef, 404: ProblemRef, 409: ProblemRef },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const outcome = await barometer.inviteWorkplaces(
        db,
        request.auth,
        request.params.id,
        request.params.orgnr,
        { text: body.csv, workplaces: body.workplaces, language: body.language ?? request.lang },
        siteOf(config, request),
        { requestId: request.id },
      );
      if (!outcome.ok) failure(outcome);
      return reply.status(201).send({ invited: outcome.invited });
    },
  );

  r.post(
    '/api/v1/barometer/rounds/:id/invitations/:orgnr/reminders',
    { schema: { tags, summary: 'E-mail a reminder (a new link) to every invited workplace that has not answered', ...write, params: OrgParams, response: { 200: Type.Object({ reminded: Type.Integer() }), 401: ProblemRef, 403: ProblemRef, 404: ProblemRef, 409: ProblemRef } } },
    async (request) => {
      const outcome = await barometer.sendReminders(db, request.auth, request.params.id, request.params.orgnr, siteOf(config, request), { requestId: request.id });
      if (!outcome.ok) failure(outcome);
      return { reminded: outcome.reminded };
    },
  );

  r.get(
    '/api/v1/barometer/rounds/:id/response-rates',
    { schema: { tags, summary: 'Invited and answered workplaces per organisation (analysts: all; org admins: their own)', ...write, params: RoundParams, response: { 200: RatesSchema, 401: ProblemRef, 403: ProblemRef, 404: ProblemRef } } },
    async (request) => {
      const outcome = await barometer.responseRates(db, request.auth, request.params.id);
      if (!outcome.ok) failure(outcome);
      return { round: outcome.round.id, items: outcome.items.map(({ orgnr, name, invited, answered, rate }) => ({ orgnr, name, invited, answered, rate })), total: outcome.total };
    },
  );
}
