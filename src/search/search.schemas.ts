import { Type, type TSchema } from '@sinclair/typebox';
import { CASE_TYPES, LANGUAGES, STAGES, STATUSES, ACTOR_TYPES } from '../cases/index.js';
import { FACETS } from './search.queries.js';

const lit = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const list = <T extends TSchema>(t: T, description: string) => Type.Optional(Type.Array(t, { maxItems: 20, description: `${description} (repeat the parameter for several; any of them matches)` }));
const ORG_KINDS = ['municipality', 'county_authority', 'state_agency', 'other_public', 'business', 'research', 'civil_society'];

export const SearchQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 500, description: 'Words (any may match, ranked), "quoted phrases" (must match), -excluded words' })),
  type: list(lit(CASE_TYPES), 'Type of innovation'),
  stage: list(lit(STAGES), 'OPSI lifecycle stage'),
  status: list(lit(STATUSES), 'Status'),
  theme: list(Type.String({ maxLength: 300 }), 'LOS main theme URI'),
  county: list(Type.String({ pattern: '^[0-9]{2}$' }), 'County number of the owner'),
  orgKind: list(lit(ORG_KINDS), 'Kind of owner organisation'),
  actor: list(lit(ACTOR_TYPES), 'Partner actor type'),
  year: list(Type.Integer({ minimum: 1950, maximum: 2100 }), 'Year taken into use'),
  language: list(lit(LANGUAGES), 'Language of the case text'),
  lessons: Type.Optional(Type.Array(lit(['true', 'false']), { maxItems: 2, description: 'Has lessons learned or failures documented' })),
  adopted: Type.Optional(Type.Array(lit(['true', 'false']), { maxItems: 2, description: 'Has been adopted by another organisation' })),
  owner: Type.Optional(Type.String({ pattern: '^[0-9]{9}$', description: 'Owner or co-owner organisation (orgnr)' })),
  sort: Type.Optional(lit(['relevance', 'newest', 'adopted'])),
  page: Type.Integer({ minimum: 1, maximum: 1000, default: 1 }),
  per_page: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
});

const FacetCounts = Type.Array(Type.Object({ value: Type.String(), count: Type.Integer() }));

export const SearchResponse = Type.Object({
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
  facets: Type.Object(Object.fromEntries(FACETS.map((f) => [f, FacetCounts])), { description: 'Counts per value, each with the other active filters applied' }),
});

export const SimilarResponse = Type.Object({
  items: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), summary: Type.String(), owner: Type.Object({ orgnr: Type.Union([Type.String(), Type.Null()]), name: Type.String() }) })),
});
