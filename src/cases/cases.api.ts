import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { countQueries, type Db } from '../db/database.js';
import { notFound } from '../core/errors.js';
import { raise } from '../core/outcome.js';
import type { FeatureDeps } from '../core/feature.js';
import type { AuthContext } from '../http/context.js';
import { toFieldErrors } from '../core/validation.js';
import { messages } from '../i18n/index.js';
import { ProblemRef } from '../http/openapi.js';
import { findOrganisation } from '../orgs/index.js';
import { presentCase } from './cases.present.js';
import * as cases from './cases.service.js';
import { AdoptionBody, AdoptionSchema, CaseCreateBody, CaseListQuery, CaseListResponse, CasePatchBody, TrialBody, TrialListQuery, VersionSchema, type CaseFacet } from './cases.schemas.js';

/** One case of the list, as the finder gives it. */
export interface CaseListItem {
  id: string;
  title: string;
  summary: string;
  ownerOrgnr: string | null;
  ownerName: string;
  status: string;
  stage: string | null;
  types: string[];
  language: string;
  visibility: string;
  publishedAt: string | null;
  adoptionCount: number;
  /** HTML: the text escaped, matched words in <mark>. */
  snippet: string | null;
}

/** One page of the case list, with every facet counted under the other active filters. */
export interface CaseListPage {
  total: number;
  items: CaseListItem[];
  facets: Record<CaseFacet, { value: string; count: number }[]>;
}

/**
 * Finds the cases a viewer may see that match the list query (full text, facets, sort, page),
 * owned or co-owned by `ownerOrgId` when given. The search feature provides it (its index and
 * ranking); cases, below search in the layers, asks the registry for it rather than importing it.
 */
export type FindCases = (db: Db, auth: AuthContext | null, query: CaseListQuery, ownerOrgId: string | undefined) => Promise<CaseListPage>;

declare module '../core/feature.js' {
  interface Services {
    findCases: FindCases;
  }
}

const IdParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$', description: 'Case id' }) });

/** Turns a service failure into the catalogue's error (404 hides existence; 403 when visible). */
export function failure(f: cases.Failure | { ok: false; reason: 'duplicate' }): never {
  raise(f, {
    detail: { not_found: 'No such case, or you may not see it', forbidden: 'You may see this case but not change it', duplicate: 'This organisation has already recorded an adoption of this case', invalid: null },
    errors: f.reason === 'invalid' ? toFieldErrors(messages('en'), f.violations) : undefined,
  });
}

const write = { security: [{ bearerAuth: [] }] };

export async function casesApi(app: FastifyInstance, { db, features }: FeatureDeps) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  const respondWithCase = async (request: { auth: AuthContext | null; lang: import('../i18n/index.js').Lang }, id: string) => {
    const found = await cases.getCase(db, request.auth, id);
    if (!found.ok) failure(found);
    return presentCase(found.value.row, found.value.viewer, request.lang);
  };

  r.get(
    '/api/v1/cases',
    {
      schema: {
        tags: ['cases'],
        summary: 'Search cases: full text in bokmål, nynorsk and English, with facet counts',
        querystring: CaseListQuery,
        response: { 200: CaseListResponse, 400: ProblemRef },
      },
    },
    async (request, reply) => {
      const query = request.query;
      const started = performance.now();
      let ownerOrgId: string | undefined;
      if (query.owner) {
        const found = await findOrganisation(db, query.owner);
        ownerOrgId = found.ok ? found.org.id : '0';
      }
      const findCases = features.service('findCases');
      const { value: result, count, ms } = await countQueries(() => findCases(db, request.auth, query, ownerOrgId));
      // How long the search took here and how much of it was spent waiting for PostgreSQL.
      reply.header('server-timing', `sql;dur=${ms.toFixed(2)};desc="${count} statements", search;dur=${(performance.now() - started).toFixed(2)}`);
      return {
        items: result.items.map((i) => ({
          id: i.id,
          title: i.title,
          summary: i.summary,
          owner: { orgnr: i.ownerOrgnr, name: i.ownerName },
          status: i.status,
          stage: i.stage,
          types: i.types,
          language: i.language,
          visibility: i.visibility,
          published: i.publishedAt !== null,
          publishedAt: i.publishedAt ? new Date(i.publishedAt).toISOString() : null,
          adoptionCount: i.adoptionCount,
          snippet: i.snippet,
        })),
        total: result.total,
        page: query.page,
        perPage: query.per_page,
        facets: result.facets,
      };
    },
  );

  r.post(
    '/api/v1/cases',
    { schema: { tags: ['cases'], summary: 'Register a case (a draft until published)', ...write, body: CaseCreateBody, response: { 201: Type.Ref('Case'), 400: ProblemRef, 401: ProblemRef, 403: ProblemRef } } },
    async (request, reply) => {
      const outcome = await cases.createCase(db, request.auth, request.body as Record<string, unknown>, { requestId: request.id });
      if (!outcome.ok) failure(outcome);
      return reply.status(201).header('location', `/api/v1/cases/${outcome.caseId}`).send(await respondWithCase(request, outcome.caseId));
    },
  );

  r.get(
    '/api/v1/cases/:id',
    { schema: { tags: ['cases'], summary: 'One case', params: IdParams, response: { 200: Type.Ref('Case'), 404: ProblemRef } } },
    async (request) => respondWithCase(request, request.params.id),
  );

  r.patch(
    '/api/v1/cases/:id',
    { schema: { tags: ['cases'], summary: 'Change some fields of a case (each change is kept as a version)', ...write, params: IdParams, body: CasePatchBody, response: { 200: Type.Ref('Case'), 400: ProblemRef, 401: ProblemRef, 403: ProblemRef, 404: ProblemRef } } },
    async (request) => {
      const outcome = await cases.updateCase(db, request.auth, request.params.id, request.body as Record<string, unknown>, { requestId: request.id });
      if (!outcome.ok) failure(outcome);
      return respondWithCase(request, request.params.id);
    },
  );

  r.post(
    '/api/v1/cases/:id/publish',
    { schema: { tags: ['cases'], summary: 'Publish a draft', ...write, params: IdParams, response: { 200: Type.Ref('Case'), 400: ProblemRef, 401: ProblemRef, 403: ProblemRef, 404: ProblemRef } } },
    async (request) => {
      const outcome = await cases.publishCase(db, request.auth, request.params.id, { requestId: request.id });
      if (!outcome.ok) failure(outcome);
      return respondWithCase(request, request.params.id);
    },
  );

  r.get(
    '/api/v1/cases/:id/history',
    { schema: { tags: ['cases'], summary: 'Every version of a case: who, when, which fields, old → new', params: IdParams, response: { 200: Type.Object({ items: Type.Array(VersionSchema), total: Type.Integer() }), 404: ProblemRef } } },
    async (request) => {
      const found = await cases.caseHistory(db, request.auth, request.params.id);
      if (!found.ok) failure(found);
      const items = found.value.versions.map((v) => ({ version: v.version, at: new Date(v.at).toISOString(), action: v.action, user: v.userName, changes: v.changes }));
      return { items, total: items.length };
    },
  );

  r.post(
    '/api/v1/cases/:id/adoptions',
    { schema: { tags: ['cases'], summary: 'Record that another organisation took this case into use', ...write, params: IdParams, body: AdoptionBody, response: { 201: AdoptionSchema, 400: ProblemRef, 401: ProblemRef, 403: ProblemRef, 404: ProblemRef, 409: ProblemRef } } },
    async (request, reply) => {
      const outcome = await cases.recordAdoption(db, request.auth, request.params.id, request.body, { requestId: request.id });
      if (!outcome.ok) failure(outcome);
      const list = await cases.listAdoptions(db, request.auth, request.params.id);
      const a = list.ok ? list.value.find((x) => x.id === outcome.adoptionId) : undefined;
      if (!a) throw notFound();
      return reply.status(201).send({ id: a.id, adopter: { orgnr: a.orgnr, name: a.name }, adoptedOn: a.adoptedOn, changes: a.changes, result: a.result, adopterCaseId: a.adopterCaseId });
    },
  );

  r.get(
    '/api/v1/cases/:id/adoptions',
    { schema: { tags: ['cases'], summary: 'Who took this case into use', params: IdParams, response: { 200: Type.Object({ items: Type.Array(AdoptionSchema), total: Type.Integer() }), 404: ProblemRef } } },
    async (request) => {
      const list = await cases.listAdoptions(db, request.auth, request.params.id);
      if (!list.ok) failure(list);
      const items = list.value.map((a) => ({ id: a.id, adopter: { orgnr: a.orgnr, name: a.name }, adoptedOn: a.adoptedOn, changes: a.changes, result: a.result, adopterCaseId: a.adopterCaseId }));
      return { items, total: items.length };
    },
  );

  r.post(
    '/api/v1/cases/:id/trials',
    { schema: { tags: ['trials'], summary: 'Add a trial to a case', ...write, params: IdParams, body: TrialBody, response: { 201: Type.Ref('Trial'), 400: ProblemRef, 401: ProblemRef, 403: ProblemRef, 404: ProblemRef } } },
    async (request, reply) => {
      const outcome = await cases.addTrial(db, request.auth, request.params.id, request.body, { requestId: request.id });
      if (!outcome.ok) failure(outcome);
      return reply.status(201).send(outcome.trial);
    },
  );

  r.get(
    '/api/v1/trials',
    {
      schema: {
        tags: ['trials'],
        summary: 'Trials and pilots across every case the caller may see',
        querystring: TrialListQuery,
        response: {
          200: Type.Object({
            items: Type.Array(Type.Intersect([Type.Ref('Trial'), Type.Object({ case: Type.Object({ id: Type.String(), title: Type.String() }), owner: Type.Object({ orgnr: Type.Union([Type.String(), Type.Null()]), name: Type.String() }) })])),
            total: Type.Integer(),
            page: Type.Integer(),
            perPage: Type.Integer(),
          }),
          400: ProblemRef,
        },
      },
    },
    async (request) => {
      const { page, per_page: perPage, result, decision, theme } = request.query;
      const list = await cases.listTrials(db, request.auth, { result, decision, theme, limit: perPage, offset: (page - 1) * perPage });
      return {
        items: list.items.map((t) => ({
          id: t.id,
          title: t.title,
          hypothesis: t.hypothesis,
          method: t.method,
          measure: t.measure,
          result: t.result as 'confirmed' | null,
          decision: t.decision as 'scale' | null,
          startedOn: t.startedOn,
          endedOn: t.endedOn,
          case: { id: t.caseId, title: t.caseTitle },
          owner: { orgnr: t.orgnr, name: t.orgName },
        })),
        total: list.total,
        page,
        perPage,
      };
    },
  );

}
