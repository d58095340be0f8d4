import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { LANGUAGES, LOOKING_FOR, OUTCOMES, REQUEST_STATUSES, RESPONSE_KINDS, STATES } from './challenges.model.js';

const lit = (values: readonly string[], description?: string) => Type.Union(values.map((v) => Type.Literal(v)), description ? { description } : {});
/** `T | null` as a type list, so the app's coercing Ajv does not turn null into '' or 0 (see cases.schemas.ts). */
const nullable = <T extends TSchema>(t: T) =>
  typeof t.type === 'string' ? Type.Unsafe<Static<T> | null>({ ...t, type: [t.type, 'null'] }) : Type.Union([t, Type.Null()]);
const IsoDate = Type.String({ maxLength: 10, description: 'YYYY-MM-DD' });

/**
 * The editable fields. Lengths and formats are checked by the service so that every bad field is
 * named in one answer with a message in words; the schema only bounds sizes and shapes.
 */
const challengeFields = {
  title: Type.String({ maxLength: 1000 }),
  description: Type.String({ maxLength: 20000 }),
  usersConcerned: Type.String({ maxLength: 5000, description: 'Who the need concerns' }),
  lookingFor: Type.Array(Type.String({ maxLength: 50 }), { maxItems: 10, description: `At least one of: ${LOOKING_FOR.join(', ')}` }),
  themes: Type.Array(Type.String({ maxLength: 300 }), { maxItems: 30, description: 'LOS concept URIs (GET /api/v1/themes); at least one' }),
  deadline: nullable(IsoDate),
  contactName: nullable(Type.String({ maxLength: 1000 })),
  contactEmail: nullable(Type.String({ maxLength: 1000 })),
  language: Type.String({ maxLength: 5, description: LANGUAGES.join(', ') }),
};

export const ChallengeCreateBody = Type.Object(
  {
    ownerOrgnr: Type.Optional(Type.String({ maxLength: 20, description: 'The public body posting it; defaults to the caller’s only public body' })),
    ...Object.fromEntries(Object.entries(challengeFields).map(([k, s]) => [k, Type.Optional(s)])),
  },
  { additionalProperties: false },
);

export const ChallengePatchBody = Type.Partial(Type.Object(challengeFields), { additionalProperties: false });

export const StateChangeBody = Type.Object(
  {
    state: Type.String({ maxLength: 20, description: `One of ${STATES.join(', ')}: open → dialogue → procurement or partnership → closed` }),
    reason: Type.String({ maxLength: 5000, description: 'Why; shown in the timeline' }),
    outcome: Type.Optional(nullable(Type.String({ maxLength: 20, description: `Required when closing: ${OUTCOMES.join(', ')}` }))),
    mergedInto: Type.Optional(nullable(Type.String({ maxLength: 20, description: 'Challenge id; required when the outcome is merged' }))),
    changedOn: Type.Optional(nullable(Type.String({ maxLength: 20, description: 'YYYY-MM-DD; today (Europe/Oslo) when left out' }))),
  },
  { additionalProperties: false },
);

export const ResponseBody = Type.Object(
  {
    kind: Type.String({ maxLength: 20, description: RESPONSE_KINDS.join(', ') }),
    body: Type.Optional(Type.String({ maxLength: 20000, description: 'Required for a proposal' })),
    caseId: Type.Optional(nullable(Type.String({ maxLength: 20, description: 'For solved: the published case that meets the need' }))),
    public: Type.Optional(Type.Boolean({ description: 'For a proposal: visible to all (default false: owners and the proposer’s organisation only)' })),
    joinAsCoOwner: Type.Optional(Type.Boolean({ description: 'For same_need: ask to join as co-owner (the owners accept or decline)' })),
    orgnr: Type.Optional(Type.String({ maxLength: 20, description: 'Responding organisation; defaults to the caller’s only organisation' })),
  },
  { additionalProperties: false },
);

const OrgRef = Type.Object({ orgnr: nullable(Type.String()), name: Type.String() });
const Theme = Type.Object({ uri: Type.String(), label: Type.String() });

export const ResponseSchema = Type.Object(
  {
    id: Type.String(),
    kind: Type.String({ description: RESPONSE_KINDS.join(', ') }),
    organisation: Type.Object({ orgnr: nullable(Type.String()), name: Type.String(), kind: Type.String() }),
    body: Type.String(),
    case: nullable(Type.Object({ id: Type.String(), title: Type.String() })),
    public: Type.Boolean(),
    coOwner: Type.Boolean({ description: 'The responding organisation is a co-owner of the challenge' }),
    sender: nullable(
      Type.Object({ name: Type.String(), email: nullable(Type.String()) }, { description: 'Who sent it: for the owners when it was sent (to follow it up) and the sender’s organisation; null for others' }),
    ),
    request: nullable(
      Type.Object(
        { status: lit(REQUEST_STATUSES), canDecide: Type.Boolean({ description: 'The caller may accept or decline it' }) },
        { description: 'A request to join as co-owner or to link a solving case, for the owners and the requester; null for others and for what is not a request' },
      ),
    ),
    canShare: Type.Boolean({ description: 'The caller may share this private proposal with the co-owners who joined after it was sent' }),
    createdAt: Type.String({ format: 'date-time' }),
  },

);

export const ChallengeSchema = Type.Object(
  {
    id: Type.String(),
    title: Type.String(),
    description: Type.String(),
    usersConcerned: Type.String(),
    lookingFor: Type.Array(Type.String()),
    themes: Type.Array(Theme),
    deadline: nullable(Type.String()),
    contact: nullable(Type.Object({ name: nullable(Type.String()), email: nullable(Type.String()) }, { description: 'Signed-in users only; null for others' })),
    language: Type.String(),
    state: Type.String({ description: STATES.join(', ') }),
    outcome: nullable(Type.String({ description: OUTCOMES.join(', ') })),
    mergedInto: nullable(Type.Object({ id: Type.String(), title: Type.String() })),
    owner: OrgRef,
    coOwners: Type.Array(Type.Object({ orgnr: nullable(Type.String()), name: Type.String(), joinedAt: Type.String({ format: 'date-time' }) })),
    solvedBy: Type.Array(Type.Object({ case: Type.Object({ id: Type.String(), title: Type.String() }), organisation: OrgRef }), { description: '«We solved this» responses the caller may see' }),
    timeline: Type.Array(
      Type.Object({
        from: nullable(Type.String()),
        to: Type.String(),
        outcome: nullable(Type.String()),
        mergedInto: nullable(Type.Object({ id: Type.String(), title: nullable(Type.String()) })),
        reason: Type.String(),
        changedOn: Type.String(),
        at: Type.String({ format: 'date-time' }),
      }),
    ),
    version: Type.Integer(),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },

);

export const ChallengeListQuery = Type.Object({
  page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }),
  per_page: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  state: Type.Optional(lit(STATES)),
  theme: Type.Optional(Type.String({ maxLength: 300, description: 'LOS concept URI (a main theme matches its sub-themes)' })),
  owner: Type.Optional(Type.String({ pattern: '^[0-9]{9}$', description: 'Organisation number: challenges it posted or co-owns' })),
});

export const ChallengeListItemSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  state: Type.String(),
  outcome: nullable(Type.String()),
  deadline: nullable(Type.String()),
  lookingFor: Type.Array(Type.String()),
  language: Type.String(),
  owner: OrgRef,
  coOwners: Type.Array(OrgRef),
  themes: Type.Array(Theme),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
