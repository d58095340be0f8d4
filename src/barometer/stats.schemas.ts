import { Type, type Static } from '@sinclair/typebox';
import { ORG_KINDS } from '../core/viewer.js';
import { SECTORS, SIZE_BANDS } from './questionnaire.js';

const lit = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));

export const RoundParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$', description: 'Round id' }) });

/** The selection: filters on up to two dimensions, counting the breakdown. */
export const SelectionQuery = Type.Object({
  county: Type.Optional(Type.String({ pattern: '^([0-9]{2}|none)$', description: 'County number (two digits), or `none` for organisations without a county' })),
  kind: Type.Optional(lit(ORG_KINDS)),
  sector: Type.Optional(lit(SECTORS)),
  size: Type.Optional(lit(SIZE_BANDS)),
  lang: Type.Optional(lit(['nb', 'nn', 'en'])),
});

export const AggregatesQuery = Type.Composite([
  SelectionQuery,
  Type.Object({
    item: Type.Optional(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_.]{0,80}$', description: 'One item id (see the questionnaire); all items when left out' })),
    by: Type.Optional(Type.Union([lit(['county', 'kind', 'sector', 'size', 'round'])], { description: 'Break down by a dimension, or `round` for the trend across rounds' })),
  }),
]);
export type AggregatesQueryType = Static<typeof AggregatesQuery>;

const Interval = Type.Tuple([Type.Number(), Type.Number()], { description: '95 % interval (Wilson for shares, t for means)' });

const Group = Type.Object({
  value: Type.Union([Type.String(), Type.Null()], { description: 'The breakdown value (county number, kind, sector, size band, round key); null for the whole selection' }),
  label: Type.String(),
  n: Type.Union([Type.Integer(), Type.Null()], { description: 'Answers in the base; null when suppressed' }),
  suppressed: Type.Boolean({ description: 'Fewer than 5 answers, fewer than 3 organisations, one organisation over half the answers, or hidden so that no such group can be derived from others (complementary suppression)' }),
  options: Type.Union([
    Type.Array(
      Type.Object({
        value: Type.String(),
        label: Type.String(),
        count: Type.Union([Type.Integer(), Type.Null()], { description: 'null in groups under 10 answers (see band)' }),
        share: Type.Union([Type.Number(), Type.Null()], { description: '0–1; null in groups under 10 answers (see band)' }),
        ci: Type.Union([Interval, Type.Null()]),
        band: Type.Union([Type.Tuple([Type.Number(), Type.Number()]), Type.Null()], {
          description: 'In groups under 10 answers only: the share as a band ([0, 0.2], [0.2, 0.8] or [0.8, 1]) instead of an exact value, so 0 % and 100 % are never exact there',
        }),
      }),
    ),
    Type.Null(),
  ]),
  mean: Type.Union([Type.Object({ n: Type.Integer(), value: Type.Number(), ci: Interval }), Type.Null()]),
});

export const AggregatesResponse = Type.Object({
  round: Type.Object({ id: Type.String(), key: Type.String(), title: Type.String(), year: Type.Integer() }),
  filters: Type.Object({ county: Type.Optional(Type.String()), kind: Type.Optional(Type.String()), sector: Type.Optional(Type.String()), size: Type.Optional(Type.String()) }),
  by: Type.Union([Type.String(), Type.Null()]),
  threshold: Type.Integer({ description: 'Groups with fewer answers than this are suppressed' }),
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      kind: Type.String(),
      base: Type.String({ description: '`always`, `innovated` (innovators only) or `not_innovated`' }),
      question: Type.String(),
      total: Group,
      groups: Type.Array(Group),
      references: Type.Array(Type.Object({ option: Type.String(), source: Type.String(), value: Type.Number(), published: Type.String(), url: Type.String() })),
    }),
  ),
});
