import { Type, type Static } from '@sinclair/typebox';
import { CountyRef, OrgKindSchema } from '../orgs/index.js';

export const PartnerSearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100, description: 'Words in the name, Sámi name, aliases or orgnr' })),
    kind: Type.Optional(OrgKindSchema),
    county: Type.Optional(Type.String({ pattern: '^[0-9]{2}$', description: 'County number, e.g. 03 or 46' })),
    theme: Type.Optional(Type.String({ maxLength: 300, description: 'A main LOS theme URI (GET /api/v1/themes): the organisation’s public cases or its challenges are on it' })),
    looking: Type.Optional(Type.Boolean({ description: 'Only organisations looking for partners (a public case says so, or a challenge is open or in dialogue)' })),
    page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }),
    per_page: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  },
  { additionalProperties: false },
);
export type PartnerSearchQuery = Static<typeof PartnerSearchQuery>;

export const PartnerSchema = Type.Object({
  orgnr: Type.Union([Type.String(), Type.Null()]),
  name: Type.String(),
  kind: OrgKindSchema,
  county: CountyRef,
  country: Type.String({ description: 'ISO 3166-1 alpha-2' }),
  publicCases: Type.Integer({ description: 'Published public cases it owns or co-owns' }),
  openChallenges: Type.Integer({ description: 'Challenges it posted or co-owns that are not closed' }),
  themes: Type.Array(Type.Object({ uri: Type.String(), label: Type.String() }), { description: 'Main LOS themes of its public cases and its challenges, the most frequent first' }),
  lookingForPartners: Type.Boolean(),
  partnerNeeds: Type.Array(Type.String(), { description: 'Kinds of partner its looking cases want: public, business, research, civil_society, citizens' }),
  challengeNeeds: Type.Array(Type.String(), { description: 'What its open challenges look for: peers, solutions, suppliers, research, civil_society' }),
});

export const PartnerSearchResponse = Type.Object({
  items: Type.Array(PartnerSchema),
  total: Type.Integer(),
  page: Type.Integer(),
  perPage: Type.Integer(),
});
