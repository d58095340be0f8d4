import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ORG_KINDS } from '../core/viewer.js';
import { ACTOR_TYPES, BENEFIT_CATEGORIES, CASE_TYPES, INITIATORS, LANGUAGES, NOVELTIES, STAGES, STATUSES, TRIAL_DECISIONS, TRIAL_RESULTS, VISIBILITIES } from './cases.model.js';

const lit = (values: readonly string[], description?: string) => Type.Union(values.map((v) => Type.Literal(v)), description ? { description } : {});
/**
 * `T | null`. For a plain type, a type list (`["number", "null"]`) rather than `anyOf`: the app's
 * Ajv coerces types, and in an `anyOf` whose first branch is `number` it turned `null` into 0 before
 * the `null` branch was tried (`costNok: null` was stored as 0 kr, `evaluated: null` as «no»). With
 * a type list Ajv coerces only when no listed type matches. @fastify/swagger writes it as
 * `nullable: true` in the OpenAPI 3.0 document.
 */
const nullable = <T extends TSchema>(t: T) =>
  typeof t.type === 'string' ? Type.Unsafe<Static<T> | null>({ ...t, type: [t.type, 'null'] }) : Type.Union([t, Type.Null()]);
const Orgnr = Type.String({ pattern: '^[0-9 ]{9,11}$', description: 'Organisation number (MOD11-checked)' });
const IsoDate = Type.String({ format: 'date' });

const PartnerIn = Type.Object({ name: Type.String({ maxLength: 200 }), orgnr: Type.Optional(nullable(Type.String({ maxLength: 11 }))), actorType: lit(ACTOR_TYPES) }, { additionalProperties: false });
const BenefitIn = Type.Object(
  {
    category: lit(BENEFIT_CATEGORIES),
    realised: Type.Boolean({ description: 'true = realised, false = planned' }),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    value: Type.Optional(nullable(Type.Number())),
    unit: Type.Optional(nullable(Type.String({ maxLength: 50 }))),
    method: Type.Optional(nullable(Type.String({ maxLength: 2000 }))),
  },
  { additionalProperties: false },
);
const LinkIn = Type.Object({ url: Type.String({ maxLength: 500 }), label: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });

/** The editable fields; POST requires title, summary, types and themes, PATCH takes any subset. */
const caseFields = {
  title: Type.String({ maxLength: 200 }),
  summary: Type.String({ maxLength: 2000, description: 'A few sentences, shown in search results' }),
  problem: Type.String({ maxLength: 10000, description: 'The problem or need it answers' }),
  whatIsNew: Type.String({ maxLength: 10000 }),
  types: Type.Array(lit(CASE_TYPES), { description: 'At least one: the white paper’s definition', maxItems: 5 }),
  novelty: nullable(lit(NOVELTIES)),
  noveltySourceCaseId: nullable(Type.String({ pattern: '^[0-9]{1,18}$' })),
  noveltySourceText: nullable(Type.String({ maxLength: 500 })),
  stage: nullable(lit(STAGES, 'OECD OPSI lifecycle stage')),
  status: lit(STATUSES),
  takenIntoUseOn: nullable(IsoDate),
  stoppedReason: nullable(Type.String({ maxLength: 5000 })),
  initiators: Type.Array(lit(INITIATORS), { maxItems: 7 }),
  evaluated: nullable(Type.Boolean()),
  evaluationHow: nullable(Type.String({ maxLength: 5000 })),
  evaluationLink: nullable(Type.String({ maxLength: 500 })),
  activelySpread: nullable(Type.Boolean()),
  spreadHow: nullable(Type.String({ maxLength: 5000 })),
  lookingForPartners: Type.Boolean({ description: 'The owners are looking for partners (shown in partner search, GET /api/v1/partners)' }),
  partnerNeeds: Type.Array(lit(ACTOR_TYPES), { maxItems: 5, description: 'Kinds of partner wanted; kept only while lookingForPartners is true' }),
  challenges: Type.String({ maxLength: 20000, description: 'Challenges and failures' }),
  lessons: Type.String({ maxLength: 20000, description: 'Lessons learned' }),
  successConditions: Type.String({ maxLength: 10000 }),
  howToReplicate: Type.String({ maxLength: 10000 }),
  costNok: nullable(Type.Integer({ minimum: 0 })),
  fundingSources: Type.Array(Type.String({ maxLength: 100 }), { maxItems: 20 }),
  links: Type.Array(LinkIn, { maxItems: 20 }),
  contactName: nullable(Type.String({ maxLength: 200 })),
  contactEmail: nullable(Type.String({ maxLength: 254 })),
  contactPhone: nullable(Type.String({ maxLength: 40 })),
  visibility: lit(VISIBILITIES),
  language: lit(LANGUAGES),
  themes: Type.Array(Type.String({ maxLength: 300 }), { description: 'LOS concept URIs (GET /api/v1/themes)', maxItems: 30 }),
  coOwners: Type.Array(Orgnr, { description: 'Co-owner organisations (orgnr); they may edit', maxItems: 30 }),
  partners: Type.Array(PartnerIn, { maxItems: 50 }),
  benefits: Type.Array(BenefitIn, { maxItems: 30 }),
};

export const CaseCreateBody = Type.Object(
  {
    ownerOrgnr: Type.Optional(Type.String({ maxLength: 11, description: 'Owner organisation; defaults to the caller’s only organisation' })),
    ...Object.fromEntries(Object.entries(caseFields).map(([k, s]) => [k, ['title', 'summary', 'types', 'themes'].includes(k) ? s : Type.Optional(s)])),
  },
  { additionalProperties: false },
);

export const CasePatchBody = Type.Partial(Type.Object(caseFields), { additionalProperties: false });

const OrgRef = Type.Object({ orgnr: nullable(Type.String()), name: Type.String() });

export const CaseSchema = Type.Object(
  {
    id: Type.String(),
    title: Type.String(),
    summary: Type.String(),
    problem: Type.String(),
    whatIsNew: Type.String(),
    types: Type.Array(Type.String()),
    novelty: nullable(Type.String()),
    noveltySource: nullable(Type.Object({ caseId: Type.String(), title: nullable(Type.String()) })),
    noveltySourceText: nullable(Type.String()),
    stage: nullable(Type.String()),
    status: Type.String(),
    takenIntoUseOn: nullable(Type.String()),
    stoppedReason: nullable(Type.String()),
    initiators: Type.Array(Type.String()),
    evaluated: nullable(Type.Boolean()),
    evaluationHow: nullable(Type.String()),
    evaluationLink: nullable(Type.String()),
    activelySpread: nullable(Type.Boolean()),
    spreadHow: nullable(Type.String()),
    lookingForPartners: Type.Boolean(),
    partnerNeeds: Type.Array(Type.String()),
    challenges: Type.String(),
    lessons: Type.String(),
    successConditions: Type.String(),
    howToReplicate: Type.String(),
    costNok: nullable(Type.Number()),
    fundingSources: Type.Array(Type.String()),
    links: Type.Array(Type.Object({ url: Type.String(), label: Type.String() })),
    contact: nullable(
      Type.Object(
        { name: nullable(Type.String()), email: nullable(Type.String()), phone: nullable(Type.String()) },
        { description: 'Only for signed-in public-sector users; null for others' },
      ),
    ),
    visibility: Type.String(),
    language: Type.String(),
    published: Type.Boolean(),
    publishedAt: nullable(Type.String({ format: 'date-time' })),
    owner: OrgRef,
    coOwners: Type.Array(OrgRef),
    themes: Type.Array(Type.Object({ uri: Type.String(), label: Type.String() })),
    partners: Type.Array(Type.Object({ name: Type.String(), orgnr: nullable(Type.String()), actorType: Type.String() })),
    benefits: Type.Array(
      Type.Object({ category: Type.String(), realised: Type.Boolean(), description: Type.String(), value: nullable(Type.Number()), unit: nullable(Type.String()), method: nullable(Type.String()) }),
    ),
    trials: Type.Array(Type.Ref('Trial')),
    adoptionCount: Type.Integer(),
    version: Type.Integer(),
    source: Type.String(),
    sourceUrl: nullable(Type.String()),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'Case' },
);

export const TrialSchema = Type.Object(
  {
    id: Type.String(),
    title: Type.String(),
    hypothesis: Type.String(),
    method: Type.String(),
    measure: Type.String(),
    result: nullable(lit(TRIAL_RESULTS)),
    decision: nullable(lit(TRIAL_DECISIONS)),
    startedOn: nullable(Type.String()),
    endedOn: nullable(Type.String()),
  },
  { $id: 'Trial' },
);

export const TrialBody = Type.Object(
  {
    title: Type.String({ maxLength: 200 }),
    hypothesis: Type.String({ maxLength: 5000 }),
    method: Type.Optional(Type.String({ maxLength: 5000 })),
    measure: Type.Optional(Type.String({ maxLength: 2000 })),
    result: Type.Optional(nullable(lit(TRIAL_RESULTS))),
    decision: Type.Optional(nullable(lit(TRIAL_DECISIONS))),
    startedOn: Type.Optional(nullable(IsoDate)),
    endedOn: Type.Optional(nullable(IsoDate)),
  },
  { additionalProperties: false },
);

export const AdoptionBody = Type.Object(
  {
    adopterOrgnr: Type.Optional(Type.String({ maxLength: 11, description: 'Defaults to the caller’s only organisation' })),
    adoptedOn: IsoDate,
    changes: Type.Optional(Type.String({ maxLength: 5000, description: 'What the adopter changed' })),
    result: Type.Optional(Type.String({ maxLength: 5000, description: 'What it gave' })),
    createCase: Type.Optional(Type.Boolean({ description: 'Also create the adopter’s own case (a draft) pre-filled from this one' })),
  },
  { additionalProperties: false },
);

export const AdoptionSchema = Type.Object({
  id: Type.String(),
  adopter: OrgRef,
  adoptedOn: Type.String(),
  changes: Type.String(),
  result: Type.String(),
  adopterCaseId: nullable(Type.String()),
});

export const VersionSchema = Type.Object({
  version: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  action: Type.String(),
  user: nullable(Type.String()),
  changes: Type.Array(Type.Object({ field: Type.String(), old: Type.Unknown(), new: Type.Unknown() })),
});

export const TrialListQuery = Type.Object({
  page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }),
  per_page: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  result: Type.Optional(Type.Union([lit(TRIAL_RESULTS), Type.Literal('ongoing')])),
  decision: Type.Optional(lit(TRIAL_DECISIONS)),
  theme: Type.Optional(Type.String({ maxLength: 300, description: 'LOS concept URI (a main theme matches its sub-themes)' })),
});

/**
 * The facets of the case list (GET /api/v1/cases): each is a filter of the query and a list of
 * counts in the answer. The finder that serves the list (the search feature) counts these.
 */
export const CASE_FACETS = ['type', 'stage', 'status', 'theme', 'county', 'orgKind', 'actor', 'year', 'language', 'lessons', 'adopted'] as const;
export type CaseFacet = (typeof CASE_FACETS)[number];

const filterList = <T extends TSchema>(t: T, description: string) => Type.Optional(Type.Array(t, { maxItems: 20, description: `${description} (repeat the parameter for several; any of them matches)` }));

export const CaseListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 500, description: 'Words (any may match, ranked), "quoted phrases" (must match), -excluded words' })),
  type: filterList(lit(CASE_TYPES), 'Type of innovation'),
  stage: filterList(lit(STAGES), 'OPSI lifecycle stage'),
  status: filterList(lit(STATUSES), 'Status'),
  theme: filterList(Type.String({ maxLength: 300 }), 'LOS main theme URI'),
  county: filterList(Type.String({ pattern: '^[0-9]{2}$' }), 'County number of the owner'),
  orgKind: filterList(lit(ORG_KINDS), 'Kind of owner organisation'),
  actor: filterList(lit(ACTOR_TYPES), 'Partner actor type'),
  year: filterList(Type.Integer({ minimum: 1950, maximum: 2100 }), 'Year taken into use'),
  language: filterList(lit(LANGUAGES), 'Language of the case text'),
  lessons: Type.Optional(Type.Array(lit(['true', 'false']), { maxItems: 2, description: 'Has lessons learned or failures documented' })),
  adopted: Type.Optional(Type.Array(lit(['true', 'false']), { maxItems: 2, description: 'Has been adopted by another organisation' })),
  owner: Type.Optional(Type.String({ pattern: '^[0-9]{9}$', description: 'Owner or co-owner organisation (orgnr)' })),
  sort: Type.Optional(Type.Union([Type.Literal('relevance'), Type.Literal('newest'), Type.Literal('adopted')])),
  page: Type.Integer({ minimum: 1, maximum: 1000, default: 1 }),
  per_page: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
});
export type CaseListQuery = Static<typeof CaseListQuery>;

const FacetCounts = Type.Array(Type.Object({ value: Type.String(), count: Type.Integer() }));

export const CaseListResponse = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      title: Type.String(),
      summary: Type.String(),
      owner: Type.Object({ orgnr: Type.Union([Type.String(), Type.Null()]), name: Type.String() }),
      status: Type.String(),
      stage: Type.Union([Type.String(), Type.Null()]),
      types: Type.Array(Type.String()),
      language: Type.String(),
      visibility: Type.String(),
      published: Type.Boolean(),
      publishedAt: Type.Union([Type.String(), Type.Null()]),
      adoptionCount: Type.Integer(),
      snippet: Type.Union([Type.String(), Type.Null()], { description: 'HTML: the text escaped, matched words in <mark>' }),
    }),
  ),
  total: Type.Integer(),
  page: Type.Integer(),
  perPage: Type.Integer(),
  facets: Type.Object(Object.fromEntries(CASE_FACETS.map((f) => [f, FacetCounts])), { description: 'Counts per value, each with the other active filters applied' }),
});
