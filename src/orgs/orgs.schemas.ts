import { Type, type Static } from '@sinclair/typebox';

export const OrgKindSchema = Type.Union(
  ['municipality', 'county_authority', 'state_agency', 'other_public', 'business', 'research', 'civil_society'].map((k) => Type.Literal(k)),
  { description: 'Kind of organisation' },
);

export const CountyRef = Type.Union([Type.Object({ number: Type.String(), name: Type.String() }), Type.Null()]);

export const OrganisationSchema = Type.Object(
  {
    orgnr: Type.Union([Type.String({ pattern: '^[0-9]{9}$' }), Type.Null()], { description: 'Norwegian organisation number (MOD11-checked)' }),
    name: Type.String(),
    kind: OrgKindSchema,
    orgForm: Type.Union([Type.String(), Type.Null()], { description: 'Enhetsregisteret organisation form code (KOMM, FYLK, STAT, ORGL …)' }),
    county: CountyRef,
    municipalityNumber: Type.Union([Type.String({ pattern: '^[0-9]{4}$' }), Type.Null()]),
    country: Type.String({ description: 'ISO 3166-1 alpha-2' }),
  },
  { $id: 'Organisation' },
);

export const OrganisationDetailSchema = Type.Object(
  {
    ...OrganisationSchema.properties,
    nameSami: Type.Union([Type.String(), Type.Null()]),
    aliases: Type.Array(Type.String()),
    website: Type.Union([Type.String(), Type.Null()]),
    parent: Type.Union([Type.Object({ orgnr: Type.Union([Type.String(), Type.Null()]), name: Type.String() }), Type.Null()]),
    onTeam: Type.Boolean({ description: 'Has active members or published cases (later also barometer answers)' }),
    publishedCases: Type.Integer({ description: 'Published public cases it owns or co-owns' }),
    activeMembers: Type.Integer(),
  },
  { $id: 'OrganisationDetail' },
);

export const OrgListQuery = Type.Object(
  {
    kind: Type.Optional(OrgKindSchema),
    county: Type.Optional(Type.String({ pattern: '^[0-9]{2}$', description: 'County number, e.g. 03 or 46' })),
    q: Type.Optional(Type.String({ maxLength: 100, description: 'Words in the name, Sámi name, aliases or orgnr' })),
    page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }),
    per_page: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  },
  { additionalProperties: false },
);
export type OrgListQuery = Static<typeof OrgListQuery>;

export const OrgListResponse = Type.Object({
  items: Type.Array(Type.Ref('Organisation')),
  total: Type.Integer(),
  page: Type.Integer(),
  perPage: Type.Integer(),
});

export const CreatePartnerBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    kind: Type.Union(['business', 'research', 'civil_society'].map((k) => Type.Literal(k))),
    orgnr: Type.Optional(Type.String({ maxLength: 20 })),
    country: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$' })),
    website: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
