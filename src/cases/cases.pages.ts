import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { VNode } from 'preact';
import type { FeatureDeps } from '../core/feature.js';
import { AppError, forbidden, notFound, unauthenticated } from '../core/errors.js';
import { raise } from '../core/outcome.js';
import { toFormErrors } from '../core/validation.js';
import { redirectWithNotice, viewContext } from '../http/context.js';
import { renderPage } from '../ui/render.js';
import { canEditCase, canHandOverCase, canPublishCase, canReadCase, canSeeContact, type CaseAccessFacts } from './cases.policy.js';
import { viewerOf } from '../core/viewer.js';
import * as cases from './cases.service.js';
import * as q from './cases.queries.js';
import { formToInput, valuesToForm, type FormState } from './cases.form.js';
import { caseMessages } from './cases.messages.js';
import { STATUSES, TRIAL_DECISIONS, TRIAL_RESULTS } from './cases.model.js';
import { CaseListPage } from './cases.views.js';
import { CaseFormPage } from './case-form.views.js';
import { CasePage } from './case-page.views.js';
import { TrialFormPage, TrialsOverviewPage } from './trials.views.js';
import { AdoptPage } from './adoption.views.js';
import { HistoryPage } from './history.views.js';
import { casesPageExtras, type CasePageExtras } from './cases.extras.js';

const IdParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) });
const FormBody = Type.Record(Type.String({ maxLength: 100 }), Type.Union([Type.String({ maxLength: 20000 }), Type.Array(Type.String({ maxLength: 20000 }), { maxItems: 200 })]), {
  maxProperties: 400,
});
const PageQuery = Type.Object({ page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }), status: Type.Optional(Type.Union([Type.Literal(''), ...STATUSES.map((s) => Type.Literal(s))])) });

export async function casesPages(app: FastifyInstance, { db, config, features }: FeatureDeps) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const extras: CasePageExtras = casesPageExtras(db);

  /** What other features add to a slot of these pages (cases.slots.ts), rendered side by side. */
  const sections = features.sectionRenderer(db, config);
  const perPage = 20;

  const ownerOptions = (request: FastifyRequest) =>
    (request.auth?.memberships ?? []).filter((m) => m.status === 'active' && m.orgnr).map((m) => ({ value: m.orgnr!, label: m.name }));

  const renderForm = async (request: FastifyRequest, reply: FastifyReply, mode: 'create' | 'edit', state: FormState, errors: Record<string, string>, status = 200, caseId?: string) => {
    const ctx = viewContext(request, reply);
    // After the first save the server shows similar cases; before it, similar-hint.js does.
    const text = mode === 'edit' ? ['title', 'summary', 'problem'].map((k) => (typeof state[k] === 'string' ? state[k] : '')).join(' ') : '';
    const [themePicker, hint]: [VNode, VNode[]] = await Promise.all([
      extras.themePicker(request, state, errors.themes),
      sections(request, 'case.form.hint', { ctx, caseId: mode === 'edit' ? caseId : undefined, text }),
    ]);
    return reply.html(renderPage(CaseFormPage({ ctx, view: { mode, caseId, state, errors, ownerOptions: ownerOptions(request), themePicker, hint } })), status);
  };

  // ---- lists ----

  r.get('/cases', { schema: { hide: true, querystring: PageQuery } }, async (request, reply) => {
    const { page, status } = request.query;
    return app.pageCache.serve(
      request,
      reply,
      async () => {
        const ctx = viewContext(request, reply);
        const [list, head] = await Promise.all([
          cases.listCases(db, request.auth, { status: status || undefined, limit: perPage, offset: (page - 1) * perPage }),
          sections(request, 'case.list.head', { ctx }),
        ]);
        const cm = caseMessages(request.lang);
        return renderPage(CaseListPage({ ctx, view: { ...list, page, perPage, heading: cm.title, canCreate: ownerOptions(request).length > 0, status: status ?? '', head } }));
      },
      { allowedQuery: /^page=\d{1,6}$/ },
    );
  });

  r.get('/cases/mine', { schema: { hide: true, querystring: PageQuery } }, async (request, reply) => {
    if (!request.auth) throw unauthenticated();
    const { page, status } = request.query;
    const orgIds = viewerOf(request.auth).orgIds;
    const ctx = viewContext(request, reply);
    const [list, head] = await Promise.all([
      cases.listCases(db, request.auth, { ownerOrgIds: orgIds, status: status || undefined, limit: perPage, offset: (page - 1) * perPage }),
      sections(request, 'case.list.head', { ctx }),
    ]);
    const cm = caseMessages(request.lang);
    return reply.html(renderPage(CaseListPage({ ctx, view: { ...list, page, perPage, heading: cm.myCases, canCreate: orgIds.length > 0, status: status ?? '', head } })));
  });

  // ---- create and edit ----

  r.get('/cases/new', { schema: { hide: true } }, async (request, reply) => {
    if (!request.auth) throw unauthenticated();
    if (ownerOptions(request).length === 0) throw new AppError('forbidden', caseMessages(request.lang).needMembership);
    return renderForm(request, reply, 'create', { language: request.lang, visibility: 'public', status: 'active' }, {});
  });

  r.post('/cases/new', { schema: { hide: true, body: FormBody } }, async (request, reply) => {
    if (!request.auth) throw unauthenticated();
    // As the form itself: the page registers cases for the user's own bodies only.
    if (ownerOptions(request).length === 0) throw new AppError('forbidden', caseMessages(request.lang).needMembership);
    const state = request.body as FormState;
    if (state.action === 'theme-search') return renderForm(request, reply, 'create', state, {});
    const outcome = await cases.createCase(db, request.auth, formToInput(state), { requestId: request.id });
    if (outcome.ok) return redirectWithNotice(reply, `/cases/${outcome.caseId}`, caseMessages(request.lang).created);
    if (outcome.reason !== 'invalid') raise(outcome);
    return renderForm(request, reply, 'create', state, toFormErrors(request.m, outcome.violations), 400);
  });

  r.get('/cases/:id/edit', { schema: { hide: true, params: IdParams } }, async (request, reply) => {
    const stored = await q.loadCase(db, request.params.id);
    const viewer = viewerOf(request.auth);
    const facts = stored && { ownerOrgId: stored.owner_org_id, coOwnerIds: stored.coOwnerIds, published: stored.published_at !== null, visibility: stored.visibility as CaseAccessFacts['visibility'] };
    // One read: a case the viewer may not see is not found, whoever asks.
    if (!stored || !facts || !canReadCase(viewer, facts)) throw notFound();
    if (!request.auth) throw unauthenticated();
    if (!canEditCase(viewer, facts)) throw forbidden();
    return renderForm(request, reply, 'edit', valuesToForm(q.storedToValues(stored)), {}, 200, request.params.id);
  });

  r.post('/cases/:id/edit', { schema: { hide: true, params: IdParams, body: FormBody } }, async (request, reply) => {
    const state = request.body as FormState;
    const { id } = request.params;
    if (state.action === 'theme-search') {
      const found = await cases.getCase(db, request.auth, id);
      if (!found.ok) throw notFound();
      return renderForm(request, reply, 'edit', state, {}, 200, id);
    }
    const outcome = await cases.updateCase(db, request.auth, id, formToInput(state), { requestId: request.id });
    if (outcome.ok) return redirectWithNotice(reply, `/cases/${id}`, caseMessages(request.lang).saved);
    if (outcome.reason !== 'invalid') raise(outcome);
    return renderForm(request, reply, 'edit', state, toFormErrors(request.m, outcome.violations), 400, id);
  });

  r.post('/cases/:id/publish', { schema: { hide: true, params: IdParams } }, async (request, reply) => {
    const outcome = await cases.publishCase(db, request.auth, request.params.id, { requestId: request.id });
    if (outcome.ok) return redirectWithNotice(reply, `/cases/${request.params.id}`, caseMessages(request.lang).publishedNotice);
    if (outcome.reason === 'invalid') {
      // A draft that does not meet the rules opens in the editor with what is missing.
      const stored = await q.loadCase(db, request.params.id);
      return renderForm(request, reply, 'edit', valuesToForm(q.storedToValues(stored!)), toFormErrors(request.m, outcome.violations), 400, request.params.id);
    }
    raise(outcome);
  });

  // ---- the case page ----

  r.get('/cases/:id', { schema: { hide: true, params: IdParams } }, async (request, reply) => app.pageCache.serve(request, reply, () => casePage(request, reply, request.params.id)));

  const casePage = async (request: FastifyRequest, reply: FastifyReply, id: string): Promise<string> => {
    const found = await cases.getCase(db, request.auth, id);
    if (!found.ok) throw notFound();
    const { row, lineage, facts, viewer } = found.value;
    const mayHandOver = canHandOverCase(viewer, facts);
    const ctx = viewContext(request, reply);
    const subject = { ctx, row };
    const [members, adoptersMap, head, heading, related, end] = await Promise.all([
      mayHandOver ? q.listUserOrgMembers(db, row.owner_org_id) : Promise.resolve([]),
      extras.adoptersMap(request, row),
      sections(request, 'case.page.head', subject),
      sections(request, 'case.page.heading', subject),
      sections(request, 'case.page.related', subject),
      sections(request, 'case.page.end', subject),
    ]);
    const adopterOrgOptions = ownerOptions(request).filter((o) => o.value !== row.ownerOrgnr && !row.coOwners.some((c) => c.orgnr === o.value));
    return renderPage(
      CasePage({
        ctx,
        view: {
          row,
          lineage,
          canEdit: canEditCase(viewer, facts),
          canPublish: canPublishCase(viewer, facts),
          canAdopt: row.published_at !== null && adopterOrgOptions.length > 0,
          canHandOver: mayHandOver,
          canSeeContact: canSeeContact(viewer),
          handOverOptions: members.map((m) => ({ value: m.id, label: `${m.name} (${m.email})` })),
          adoptersMap,
          sections: { head, heading, related, end },
        },
      }),
    );
  };

  r.get('/cases/:id/history', { schema: { hide: true, params: IdParams } }, async (request, reply) => {
    const found = await cases.caseHistory(db, request.auth, request.params.id);
    if (!found.ok) throw notFound();
    const { title, versions } = found.value;
    const themeLabels = await extras.themeLabels(request, versions.flatMap((v) => v.changes.filter((c) => c.field === 'themes').flatMap((c) => [c.old, c.new].flat())));
    return reply.html(renderPage(HistoryPage({ ctx: viewContext(request, reply), view: { caseId: request.params.id, title, versions, themeLabels } })));
  });

  r.post('/cases/:id/handover', { schema: { hide: true, params: IdParams, body: Type.Object({ userId: Type.String({ pattern: '^[0-9]{1,18}$' }) }) } }, async (request, reply) => {
    const outcome = await cases.handOverCase(db, request.auth, request.params.id, request.body.userId, { requestId: request.id });
    if (outcome.ok) return redirectWithNotice(reply, `/cases/${request.params.id}`, caseMessages(request.lang).handedOver);
    if (outcome.reason === 'invalid') throw new AppError('bad_request');
    raise(outcome);
  });

  // ---- adoption ----

  const adoptPage = async (request: FastifyRequest, reply: FastifyReply, caseId: string, state: FormState, errors: Record<string, string>, status = 200) => {
    const found = await cases.getCase(db, request.auth, caseId);
    if (!found.ok) throw notFound();
    if (!request.auth) throw unauthenticated();
    const row = found.value.row;
    const options = ownerOptions(request).filter((o) => o.value !== row.ownerOrgnr && !row.coOwners.some((c) => c.orgnr === o.value));
    if (row.published_at === null || options.length === 0) throw forbidden();
    return reply.html(
      renderPage(AdoptPage({ ctx: viewContext(request, reply), caseId: row.id, caseTitle: row.title, ownerName: row.ownerName, state, errors, orgOptions: options })),
      status,
    );
  };

  r.get('/cases/:id/adopt', { schema: { hide: true, params: IdParams } }, async (request, reply) => adoptPage(request, reply, request.params.id, { adoptedOn: new Date().toISOString().slice(0, 10) }, {}));

  r.post('/cases/:id/adopt', { schema: { hide: true, params: IdParams, body: FormBody } }, async (request, reply) => {
    const state = request.body as FormState;
    const one = (k: string) => (Array.isArray(state[k]) ? state[k]![0] : state[k]) as string | undefined;
    const outcome = await cases.recordAdoption(
      db,
      request.auth,
      request.params.id,
      { adopterOrgnr: one('adopterOrgnr'), adoptedOn: one('adoptedOn')?.trim(), changes: one('changes'), result: one('result'), createCase: one('createCase') },
      { requestId: request.id },
    );
    const cm = caseMessages(request.lang);
    if (outcome.ok) return redirectWithNotice(reply, outcome.adopterCaseId ? `/cases/${outcome.adopterCaseId}/edit` : `/cases/${request.params.id}`, cm.adopted);
    if (outcome.reason === 'invalid') return adoptPage(request, reply, request.params.id, state, toFormErrors(request.m, outcome.violations), 400);
    if (outcome.reason === 'duplicate') return redirectWithNotice(reply, `/cases/${request.params.id}`, cm.adopted);
    raise(outcome);
  });

  // ---- trials ----

  const trialPage = async (request: FastifyRequest, reply: FastifyReply, caseId: string, state: FormState, errors: Record<string, string>, status = 200) => {
    const found = await cases.getCase(db, request.auth, caseId);
    if (!found.ok) throw notFound();
    if (!request.auth) throw unauthenticated();
    if (!canEditCase(found.value.viewer, found.value.facts)) throw forbidden();
    return reply.html(renderPage(TrialFormPage({ ctx: viewContext(request, reply), caseId, caseTitle: found.value.row.title, state, errors })), status);
  };

  r.get('/cases/:id/trials/new', { schema: { hide: true, params: IdParams } }, async (request, reply) => trialPage(request, reply, request.params.id, {}, {}));

  r.post('/cases/:id/trials/new', { schema: { hide: true, params: IdParams, body: FormBody } }, async (request, reply) => {
    const state = request.body as FormState;
    const one = (k: string) => (Array.isArray(state[k]) ? state[k]![0] : state[k]) as string | undefined;
    const input = Object.fromEntries(['title', 'hypothesis', 'method', 'measure', 'result', 'decision', 'startedOn', 'endedOn'].map((k) => [k, one(k)?.trim() ?? '']));
    const outcome = await cases.addTrial(db, request.auth, request.params.id, input, { requestId: request.id });
    if (outcome.ok) return redirectWithNotice(reply, `/cases/${request.params.id}#s-trials`, caseMessages(request.lang).trial.added);
    if (outcome.reason === 'invalid') return trialPage(request, reply, request.params.id, state, toFormErrors(request.m, outcome.violations), 400);
    raise(outcome);
  });

  const TrialsQuery = Type.Object({
    page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }),
    result: Type.Optional(Type.Union([Type.Literal(''), Type.Literal('ongoing'), ...TRIAL_RESULTS.map((x) => Type.Literal(x))])),
    decision: Type.Optional(Type.Union([Type.Literal(''), ...TRIAL_DECISIONS.map((x) => Type.Literal(x))])),
    theme: Type.Optional(Type.String({ maxLength: 300 })),
  });

  r.get('/trials', { schema: { hide: true, querystring: TrialsQuery } }, async (request, reply) => {
    const { page, result = '', decision = '', theme = '' } = request.query;
    const [list, themes] = await Promise.all([
      cases.listTrials(db, request.auth, { result: result || undefined, decision: decision || undefined, theme: theme || undefined, limit: perPage, offset: (page - 1) * perPage }),
      extras.mainThemeOptions(request),
    ]);
    return reply.html(
      renderPage(TrialsOverviewPage({ ctx: viewContext(request, reply), view: { items: list.items, total: list.total, page, perPage, filter: { result, decision, theme }, themes } })),
    );
  });
}
