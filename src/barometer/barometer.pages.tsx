import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { AppError } from '../core/errors.js';
import { raise } from '../core/outcome.js';
import { redirectWithNotice, viewContext } from '../http/context.js';
import { renderPage } from '../ui/render.js';
import { barometerMessages } from './barometer.messages.js';
import { canOpenRound, isAnalyst } from './barometer.policy.js';
import * as barometer from './barometer.service.js';
import { addDays, addYears, CASE_FIELD, describeLineProblem, langOr, osloToday, toBarometerFormErrors, type AnswerState } from './barometer.validation.js';
import { InvitationsPage, RatesPage, RoundsPage } from './barometer.views.js';
import { MessagePage, QuestionnairePage, ReviewPage } from './questionnaire.views.js';
import { pageItems, PAGES, type PageId } from './questionnaire.js';

const FormBody = Type.Record(Type.String({ maxLength: 100 }), Type.Union([Type.String({ maxLength: 300_000 }), Type.Array(Type.String({ maxLength: 1000 }), { maxItems: 50 })]), { maxProperties: 100 });
const RoundParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) });
const OrgParams = Type.Object({ id: RoundParams.properties.id, orgnr: Type.String({ pattern: '^[0-9]{9}$' }) });
const TokenParams = Type.Object({ token: Type.String({ pattern: '^[A-Za-z0-9_-]{20,100}$' }) });
const PageParams = Type.Object({ token: TokenParams.properties.token, page: Type.Union([...PAGES.map((p) => Type.Literal(p)), Type.Literal('review')]) });

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** Where links in e-mails point. */
/** Where links in invitation mails point: PUBLIC_URL, never the request's Host header (the request is unused). */
export const siteOf = (config: Config, _request?: FastifyRequest): barometer.Site => ({ baseUrl: config.publicUrl });

export async function barometerPages(app: FastifyInstance, { db, config }: { db: Db; config: Config }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  // ---- rounds (analysts open them; org admins find their invitations here) ----

  const roundsPage = async (request: FastifyRequest, reply: FastifyReply, form: { state: Record<string, string>; errors: Record<string, string> }, status = 200) => {
    const [rounds, adminOrgs] = await Promise.all([barometer.listRounds(db), barometer.administeredOrgs(db, request.auth)]);
    return reply.html(
      renderPage(
        RoundsPage({
          ctx: viewContext(request, reply),
          view: { rounds, canOpen: canOpenRound(request.auth), adminOrgs: adminOrgs.filter((o) => o.orgnr).map((o) => ({ orgnr: o.orgnr!, name: o.name })), canSeeRates: isAnalyst(request.auth) || adminOrgs.length > 0, form },
        }),
      ),
      status,
    );
  };

  r.get('/barometer/rounds', { schema: { hide: true } }, async (request, reply) => {
    const today = osloToday();
    const year = Number(today.slice(0, 4));
    const defaults = { title: '', key: '', year: String(year), periodFrom: addYears(today, -2), periodTo: addDays(today, -1), opensOn: today, closesOn: addDays(today, 42) };
    return roundsPage(request, reply, { state: defaults, errors: {} });
  });

  r.post('/barometer/rounds', { schema: { hide: true, body: FormBody } }, async (request, reply) => {
    const body = request.body as Record<string, unknown>;
    const outcome = await barometer.openRound(db, request.auth, body, { requestId: request.id });
    if (outcome.ok) return redirectWithNotice(reply, '/barometer/rounds', barometerMessages(request.lang).roundOpened);
    if (outcome.reason !== 'invalid') raise(outcome);
    const state = Object.fromEntries(['title', 'key', 'year', 'periodFrom', 'periodTo', 'opensOn', 'closesOn'].map((k) => [k, str(body[k])]));
    return roundsPage(request, reply, { state, errors: toBarometerFormErrors(request.lang, outcome.violations) }, 400);
  });

  r.get('/barometer/rounds/:id/response-rates', { schema: { hide: true, params: RoundParams } }, async (request, reply) => {
    const outcome = await barometer.responseRates(db, request.auth, request.params.id);
    if (!outcome.ok) raise(outcome);
    return reply.html(renderPage(RatesPage({ ctx: viewContext(request, reply), round: outcome.round, items: outcome.items, total: outcome.total })));
  });

  // ---- invitations of one organisation ----

  const invitationsPage = async (request: FastifyRequest, reply: FastifyReply, id: string, orgnr: string, form: { workplaces: string; language: string }, errors: Record<string, string>, lineErrors: string[], status = 200) => {
    const found = await barometer.listInvitations(db, request.auth, id, orgnr);
    if (!found.ok) raise(found);
    const { round, org, invitations, counts } = found.value;
    return reply.html(renderPage(InvitationsPage({ ctx: viewContext(request, reply), view: { round, org: { orgnr: org.orgnr!, name: org.name }, invitations, counts, state: form, errors, lineErrors } })), status);
  };

  r.get('/barometer/rounds/:id/invitations/:orgnr', { schema: { hide: true, params: OrgParams } }, async (request, reply) =>
    invitationsPage(request, reply, request.params.id, request.params.orgnr, { workplaces: '', language: request.lang }, {}, []),
  );

  r.post('/barometer/rounds/:id/invitations/:orgnr', { schema: { hide: true, params: OrgParams, body: FormBody } }, async (request, reply) => {
    const { id, orgnr } = request.params;
    const body = request.body as Record<string, unknown>;
    const form = { workplaces: str(body.workplaces), language: langOr(body.language, request.lang) };
    const outcome = await barometer.inviteWorkplaces(db, request.auth, id, orgnr, { text: form.workplaces, language: form.language }, siteOf(config, request), { requestId: request.id });
    const bm = barometerMessages(request.lang);
    if (outcome.ok) return redirectWithNotice(reply, `/barometer/rounds/${id}/invitations/${orgnr}`, bm.invitationsSent(outcome.invited));
    if (outcome.reason === 'lines') return invitationsPage(request, reply, id, orgnr, form, {}, outcome.problems.map((p) => describeLineProblem(request.lang, p)), 400);
    if (outcome.reason === 'invalid') return invitationsPage(request, reply, id, orgnr, form, toBarometerFormErrors(request.lang, outcome.violations), [], 400);
    if (outcome.reason === 'closed') return invitationsPage(request, reply, id, orgnr, form, { workplaces: bm.v.roundClosed }, [], 409);
    raise(outcome);
  });

  r.post('/barometer/rounds/:id/invitations/:orgnr/reminders', { schema: { hide: true, params: OrgParams } }, async (request, reply) => {
    const { id, orgnr } = request.params;
    const outcome = await barometer.sendReminders(db, request.auth, id, orgnr, siteOf(config, request), { requestId: request.id });
    const bm = barometerMessages(request.lang);
    if (outcome.ok) return redirectWithNotice(reply, `/barometer/rounds/${id}/invitations/${orgnr}`, bm.remindersSent(outcome.reminded));
    if (outcome.reason === 'closed') return redirectWithNotice(reply, `/barometer/rounds/${id}/invitations/${orgnr}`, bm.v.roundClosed);
    raise(outcome);
  });

  // ---- answering, by the one-time link (no account) ----
  // These routes log only warnings and errors: an access log line would pair the link's secret with
  // the moment of a submission.

  const linkFailure = (request: FastifyRequest, reply: FastifyReply, f: barometer.LinkFailure) => {
    const bm = barometerMessages(request.lang);
    const ctx = viewContext(request, reply);
    if (f.reason === 'not_open') return reply.html(renderPage(MessagePage({ ctx, title: bm.q.notOpenTitle, text: bm.q.notOpen(barometer.formatDay(request.lang, f.opensOn)) })), 409);
    if (f.reason === 'closed') return reply.html(renderPage(MessagePage({ ctx, title: bm.q.closedTitle, text: bm.q.closed })), 409);
    return reply.html(renderPage(MessagePage({ ctx, title: bm.q.invalidTitle, text: bm.q.invalid })), 404);
  };

  const questionnairePage = (request: FastifyRequest, reply: FastifyReply, token: string, page: PageId, qn: barometer.Questionnaire, state: AnswerState, errors: Record<string, string>, status = 200) =>
    reply.html(
      renderPage(
        QuestionnairePage({
          ctx: viewContext(request, reply),
          view: { token, page, orgName: qn.invitation.orgName, unitName: qn.invitation.unitName, roundTitle: qn.round.title, state, errors, innovated: qn.innovated, cases: qn.cases, version: qn.round.questionnaireVersion },
        }),
      ),
      status,
    );

  // The link itself: where the respondent left off (the first page not saved yet).
  r.get('/barometer/answer/:token', { schema: { hide: true, params: TokenParams }, logLevel: 'warn' }, async (request, reply) => {
    const opened = await barometer.openQuestionnaire(db, request.params.token);
    if (!opened.ok) return linkFailure(request, reply, opened);
    const qn = opened.value;
    const next = ([...PAGES] as PageId[]).filter((p) => p !== 'latest' || qn.innovated !== false).find((p) => !qn.pagesDone.includes(p)) ?? 'review';
    return reply.redirect(`/barometer/answer/${request.params.token}/${next}`, 303);
  });

  r.get('/barometer/answer/:token/:page', { schema: { hide: true, params: PageParams }, logLevel: 'warn' }, async (request, reply) => {
    const { token, page } = request.params;
    const opened = await barometer.openQuestionnaire(db, token);
    if (!opened.ok) return linkFailure(request, reply, opened);
    const qn = opened.value;
    if (page === 'review') {
      return reply.html(
        renderPage(
          ReviewPage({
            ctx: viewContext(request, reply),
            view: { token, orgName: qn.invitation.orgName, unitName: qn.invitation.unitName, roundTitle: qn.round.title, state: qn.draft, innovated: qn.innovated, cases: qn.cases, version: qn.round.questionnaireVersion },
          }),
        ),
      );
    }
    // The latest-innovation page is not for those who answered that they did not innovate.
    if (page === 'latest' && qn.innovated === false) return reply.redirect(`/barometer/answer/${token}/drivers`, 303);
    return questionnairePage(request, reply, token, page, qn, qn.draft, {});
  });

  r.post('/barometer/answer/:token/:page', { schema: { hide: true, params: PageParams, body: FormBody }, logLevel: 'warn' }, async (request, reply) => {
    const { token, page } = request.params;
    if (page === 'review') throw new AppError('method_not_allowed');
    const posted = request.body as AnswerState;
    const outcome = await barometer.saveAnswerPage(db, token, page, posted, request.lang);
    if (outcome.ok) return reply.redirect(`/barometer/answer/${token}/${outcome.next}`, 303);
    if (outcome.reason === 'invalid_answers') {
      // This page shows what was posted (a box left unticked stays unticked), the others what is saved.
      const onPage = [...pageItems(page, outcome.questionnaire.round.questionnaireVersion).map((i) => i.id), CASE_FIELD];
      const state = { ...outcome.questionnaire.draft, ...Object.fromEntries(onPage.map((id) => [id, posted[id] ?? ''])) };
      return questionnairePage(request, reply, token, page, outcome.questionnaire, state, toBarometerFormErrors(request.lang, outcome.violations), 400);
    }
    return linkFailure(request, reply, outcome);
  });

  r.post('/barometer/answer/:token/submit', { schema: { hide: true, params: TokenParams }, logLevel: 'warn' }, async (request, reply) => {
    const outcome = await barometer.submitAnswers(db, request.params.token, request.lang);
    if (outcome.ok) return reply.redirect('/barometer/answered', 303);
    if (outcome.reason === 'incomplete') return reply.redirect(`/barometer/answer/${request.params.token}/${outcome.page}`, 303);
    return linkFailure(request, reply, outcome);
  });

  r.get('/barometer/answered', { schema: { hide: true } }, async (request, reply) => {
    const bm = barometerMessages(request.lang);
    return reply.html(renderPage(MessagePage({ ctx: viewContext(request, reply), title: bm.q.doneTitle, text: bm.q.done })));
  });
}
