import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FeatureDeps } from '../core/feature.js';
import { AppError, notFound, unauthenticated } from '../core/errors.js';
import { raise } from '../core/outcome.js';
import { redirectWithNotice, viewContext } from '../http/context.js';
import { renderPage } from '../ui/render.js';
import type { Option } from '../ui/forms.js';
import { PUBLIC_KINDS } from '../core/viewer.js';
import { listMainThemes, themePickerState } from '../themes/index.js';
import { ThemePicker } from '../themes/index.js';
import { challengeFormToInput, challengeValuesToForm, one, responseErrorsToForm, responseFormToInput, type FormState, type ResponseFormKind } from './challenges.form.js';
import { challengeMessages } from './challenges.messages.js';
import { STATES } from './challenges.model.js';
import { canChangeState, canEditChallenge, canRemoveCoOwner, canSeeChallengeContact, ownerOrgIds } from './challenges.policy.js';
import * as challenges from './challenges.service.js';
import { toChallengeFormErrors } from './challenges.validation.js';
import { ChallengeListPage } from './challenges.views.js';
import { ChallengeFormPage } from './challenge-form.views.js';
import { ChallengePage, type ChallengePageView, type RespondChoices } from './challenge-page.views.js';

const IdParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) });
const FormBody = Type.Record(Type.String({ maxLength: 100 }), Type.Union([Type.String({ maxLength: 20000 }), Type.Array(Type.String({ maxLength: 20000 }), { maxItems: 200 })]), {
  maxProperties: 200,
});
const ListQuery = Type.Object({
  page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }),
  state: Type.Optional(Type.Union([Type.Literal(''), ...STATES.map((s) => Type.Literal(s))])),
  theme: Type.Optional(Type.String({ maxLength: 300 })),
});

const isPublic = (kind: string) => (PUBLIC_KINDS as readonly string[]).includes(kind);

export async function challengesPages(app: FastifyInstance, { db, config, features }: FeatureDeps) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const perPage = 20;

  /** What other features add to a slot of these pages (challenges.slots.ts), rendered side by side. */
  const sections = features.sectionRenderer(db, config);

  const active = (request: FastifyRequest) => (request.auth?.memberships ?? []).filter((m) => m.status === 'active');
  const ownerOptions = (request: FastifyRequest): Option[] => active(request).filter((m) => m.orgnr && isPublic(m.kind)).map((m) => ({ value: m.orgnr!, label: m.name }));
  const isAdmin = (request: FastifyRequest) => request.auth?.user.platformRole === 'admin';

  const renderForm = async (request: FastifyRequest, reply: FastifyReply, mode: 'create' | 'edit', state: FormState, errors: Record<string, string>, status = 200, id?: string) => {
    const ctx = viewContext(request, reply);
    const text = ['title', 'description'].map((k) => one(state, k)).join(' ');
    const [picker, hint] = await Promise.all([themePickerState(db, state as Record<string, unknown>, request.lang), sections(request, 'challenge.form.hint', { ctx, text })]);
    const themePicker = <ThemePicker m={request.m} lang={request.lang} selected={picker.selected} searchResults={picker.searchResults} search={picker.search} error={errors.themes} />;
    const options = ownerOptions(request);
    return reply.html(
      renderPage(ChallengeFormPage({ ctx, view: { mode, id, state, errors, ownerOptions: options, ownerByOrgnr: options.length === 0 && isAdmin(request), themePicker, hint } })),
      status,
    );
  };

  // ---- list ----

  r.get('/challenges', { schema: { hide: true, querystring: ListQuery } }, async (request, reply) => {
    const { page, state = '', theme = '' } = request.query;
    return app.pageCache.serve(
      request,
      reply,
      async () => {
        const ctx = viewContext(request, reply);
        const [list, themes, head] = await Promise.all([
          challenges.listChallenges(db, { state: state || undefined, theme: theme || undefined, limit: perPage, offset: (page - 1) * perPage }),
          listMainThemes(db, request.lang),
          sections(request, 'challenge.list.head', { ctx }),
        ]);
        return renderPage(
          ChallengeListPage({
            ctx,
            view: { ...list, page, perPage, state, theme, themeOptions: themes.map((t) => ({ value: t.uri, label: t.label })), canCreate: ownerOptions(request).length > 0 || isAdmin(request), head },
          }),
        );
      },
      { allowedQuery: /^page=\d{1,6}$/ },
    );
  });

  // ---- create and edit ----

  r.get('/challenges/new', { schema: { hide: true } }, async (request, reply) => {
    if (!request.auth) throw unauthenticated();
    if (ownerOptions(request).length === 0 && !isAdmin(request)) throw new AppError('forbidden', challengeMessages(request.lang).needMembership);
    return renderForm(request, reply, 'create', { language: request.lang }, {});
  });

  r.post('/challenges/new', { schema: { hide: true, body: FormBody } }, async (request, reply) => {
    if (!request.auth) throw unauthenticated();
    const state = request.body as FormState;
    if (state.action === 'theme-search') return renderForm(request, reply, 'create', state, {});
    const outcome = await challenges.createChallenge(db, request.auth, challengeFormToInput(state), { requestId: request.id });
    if (outcome.ok) return redirectWithNotice(reply, `/challenges/${outcome.challengeId}`, challengeMessages(request.lang).created);
    if (outcome.reason !== 'invalid') raise(outcome);
    return renderForm(request, reply, 'create', state, toChallengeFormErrors(request.lang, outcome.violations), 400);
  });

  r.get('/challenges/:id/edit', { schema: { hide: true, params: IdParams } }, async (request, reply) => {
    const found = await challenges.challengeForEdit(db, request.auth, request.params.id);
    if (!found.ok) raise(found);
    return renderForm(request, reply, 'edit', challengeValuesToForm(found.value.values), {}, 200, request.params.id);
  });

  r.post('/challenges/:id/edit', { schema: { hide: true, params: IdParams, body: FormBody } }, async (request, reply) => {
    const state = request.body as FormState;
    const { id } = request.params;
    if (state.action === 'theme-search') {
      const found = await challenges.challengeForEdit(db, request.auth, id);
      if (!found.ok) raise(found);
      return renderForm(request, reply, 'edit', state, {}, 200, id);
    }
    const outcome = await challenges.updateChallenge(db, request.auth, id, challengeFormToInput(state), { requestId: request.id });
    if (outcome.ok) return redirectWithNotice(reply, `/challenges/${id}`, challengeMessages(request.lang).saved);
    if (outcome.reason !== 'invalid') raise(outcome);
    return renderForm(request, reply, 'edit', state, toChallengeFormErrors(request.lang, outcome.violations), 400, id);
  });

  // ---- the challenge page, and its two forms ----

  /** The page; `posted` gives the failed form's input and errors (it may need to know which choices the page offers). */
  const challengePage = async (request: FastifyRequest, reply: FastifyReply, id: string, posted?: (respond: RespondChoices) => ChallengePageView['posted']): Promise<string> => {
    const found = await challenges.getChallenge(db, request.auth, id);
    if (!found.ok) throw notFound();
    const { row, responses, facts, viewer } = found.value;
    const owners = ownerOrgIds(facts);
    const mine = active(request);
    const option = (m: (typeof mine)[number]): Option => ({ value: m.orgnr ?? '', label: m.name });
    const respond: RespondChoices = {
      signedIn: request.auth !== null,
      sameNeed: mine.filter((m) => isPublic(m.kind) && !owners.includes(m.organisationId)).map(option),
      solved: mine.map(option),
      proposal: mine.filter((m) => !owners.includes(m.organisationId)).map(option),
    };
    const ctx = viewContext(request, reply);
    const [heading, end] = await Promise.all([sections(request, 'challenge.page.heading', { ctx, row }), sections(request, 'challenge.page.end', { ctx, row })]);
    return renderPage(
      ChallengePage({
        ctx,
        view: {
          row,
          responses,
          canEdit: canEditChallenge(viewer, facts),
          canChangeState: canChangeState(viewer, facts),
          canSeeContact: canSeeChallengeContact(viewer),
          removableCoOwners: request.auth ? row.coOwners.filter((o) => o.orgnr && canRemoveCoOwner(viewer, facts, o.id)).map((o) => o.orgnr!) : [],
          respond,
          posted: posted?.(respond),
          sections: { heading, end },
        },
      }),
    );
  };

  r.get('/challenges/:id', { schema: { hide: true, params: IdParams } }, async (request, reply) => app.pageCache.serve(request, reply, () => challengePage(request, reply, request.params.id)));

  r.post('/challenges/:id/state', { schema: { hide: true, params: IdParams, body: FormBody } }, async (request, reply) => {
    const state = request.body as FormState;
    const { id } = request.params;
    const input = Object.fromEntries(['state', 'outcome', 'mergedInto', 'reason', 'changedOn'].map((k) => [k, one(state, k)]));
    const outcome = await challenges.changeChallengeState(db, request.auth, id, input, { requestId: request.id });
    if (outcome.ok) return redirectWithNotice(reply, `/challenges/${id}#s-timeline`, challengeMessages(request.lang).stateChanged);
    if (outcome.reason !== 'invalid') raise(outcome);
    const errors = toChallengeFormErrors(request.lang, outcome.violations);
    return reply.html(await challengePage(request, reply, id, () => ({ form: 'state', state, errors })), 400);
  });

  r.post(
    '/challenges/:id/co-owners/:orgnr/remove',
    { schema: { hide: true, params: Type.Object({ id: IdParams.properties.id, orgnr: Type.String({ pattern: '^[0-9]{9}$' }) }) } },
    async (request, reply) => {
      const outcome = await challenges.removeCoOwner(db, request.auth, request.params.id, request.params.orgnr, { requestId: request.id });
      if (outcome.ok) return redirectWithNotice(reply, `/challenges/${request.params.id}`, challengeMessages(request.lang).coOwnerRemoved);
      raise(outcome);
    },
  );

  r.post('/challenges/:id/responses', { schema: { hide: true, params: IdParams, body: FormBody } }, async (request, reply) => {
    const state = request.body as FormState;
    const { id } = request.params;
    const kindRaw = one(state, 'kind');
    // Who asks comes before what they sent: an anonymous visitor is sent to sign in, not told the form is wrong.
    if (!request.auth) throw new AppError('unauthenticated');
    if (kindRaw !== 'same_need' && kindRaw !== 'solved' && kindRaw !== 'proposal') throw new AppError('bad_request');
    const kind: ResponseFormKind = kindRaw;
    const outcome = await challenges.respondToChallenge(db, request.auth, id, responseFormToInput(kind, state), { requestId: request.id });
    const cm = challengeMessages(request.lang);
    if (outcome.ok) return redirectWithNotice(reply, `/challenges/${id}#s-responses`, outcome.pending ? cm.requestSent : cm.responded);
    if (outcome.reason === 'duplicate') return redirectWithNotice(reply, `/challenges/${id}#s-responses`, cm.alreadyResponded);
    if (outcome.reason !== 'invalid') raise(outcome);
    const errors = toChallengeFormErrors(request.lang, outcome.violations);
    // The organisation is a field of its own only where the form offers more than one to choose.
    const kindChoices = (respond: RespondChoices) => (kind === 'same_need' ? respond.sameNeed : kind === 'solved' ? respond.solved : respond.proposal);
    return reply.html(await challengePage(request, reply, id, (respond) => ({ form: kind, state, errors: responseErrorsToForm(kind, errors, kindChoices(respond).length > 1) })), 400);
  });

  // ---- an owner's answer to a request, and sharing a private proposal ----

  const ResponseParams = Type.Object({ id: IdParams.properties.id, responseId: Type.String({ pattern: '^[0-9]{1,18}$' }) });
  for (const decision of ['accept', 'decline'] as const) {
    r.post(`/challenges/:id/responses/:responseId/${decision}`, { schema: { hide: true, params: ResponseParams } }, async (request, reply) => {
      const { id, responseId } = request.params;
      const outcome = await challenges.decideRequest(db, request.auth, id, responseId, decision, { requestId: request.id });
      const cm = challengeMessages(request.lang);
      if (outcome.ok) return redirectWithNotice(reply, `/challenges/${id}#s-responses`, outcome.status === 'accepted' ? cm.requests.accepted : cm.requests.declined);
      // Answered already (by another owner, or in another tab): say so on the page, not as an error.
      if (outcome.reason === 'already_decided') return redirectWithNotice(reply, `/challenges/${id}#s-responses`, cm.requests.alreadyDecided);
      raise(outcome);
    });
  }

  r.post('/challenges/:id/responses/:responseId/share', { schema: { hide: true, params: ResponseParams } }, async (request, reply) => {
    const { id, responseId } = request.params;
    const outcome = await challenges.shareProposal(db, request.auth, id, responseId, { requestId: request.id });
    if (outcome.ok) return redirectWithNotice(reply, `/challenges/${id}#s-responses`, challengeMessages(request.lang).shared);
    raise(outcome);
  });
}
