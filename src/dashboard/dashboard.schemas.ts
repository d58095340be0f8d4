import { Type, type Static } from '@sinclair/typebox';
import { ORG_KINDS } from '../core/viewer.js';
import { BODY_KINDS, LEVELS } from './dashboard.model.js';

const lit = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Year = Type.Integer({ minimum: 1900, maximum: 2100 });

/** The filter the API takes: a period (`period=2024` or `period=2020-2024`, or `from`/`to`, or `year`), a county and a kind. */
export const DashboardQuery = Type.Object({
  period: Type.Optional(Type.String({ pattern: '^[0-9]{4}(-[0-9]{4})?$', description: 'A year (2024) or a span of years (2020-2024). Default: the ten years up to this one' })),
  from: Type.Optional(Year),
  to: Type.Optional(Year),
  year: Type.Optional(Year),
  county: Type.Optional(Type.String({ pattern: '^[0-9]{2}$', description: 'County number' })),
  kind: Type.Optional(lit(ORG_KINDS)),
});
export type DashboardQuery = Static<typeof DashboardQuery>;

const Figure = Type.Object({
  count: Type.Integer(),
  total: Type.Union([Type.Integer(), Type.Null()], { description: 'What the count is a share of; null for a plain count' }),
  value: Type.Union([Type.Number(), Type.Null()], { description: 'Per cent (one decimal) for a share, the count for a count; null for a share of nothing' }),
});

const Period = Type.Object({ from: Type.Integer(), to: Type.Integer() });
const Filter = Type.Object({ period: Period, county: Type.Union([Type.String(), Type.Null()]), kind: Type.Union([Type.String(), Type.Null()]) });

export const IndicatorsResponse = Type.Object({
  filter: Filter,
  indicators: Type.Array(
    Type.Object({
      id: Type.String(),
      principle: Type.Integer({ minimum: 0, maximum: 3, description: '0 = on board; 1–3 = the white paper’s principles' }),
      label: Type.Object({ nb: Type.String(), nn: Type.String(), en: Type.String() }),
      unit: lit(['share', 'count']),
      href: Type.String({ description: 'Page listing the cases or organisations behind the figure' }),
      exactLink: Type.Boolean({ description: 'True when href lists the items counted; false when it lists the wider set they were counted among' }),
      period: Figure,
      years: Type.Array(Type.Intersect([Type.Object({ year: Type.Integer() }), Figure])),
    }),
  ),
});

export const ParticipationResponse = Type.Object({
  filter: Filter,
  levels: Type.Array(lit(LEVELS), { description: 'The levels, lowest first' }),
  counts: Type.Object(Object.fromEntries(BODY_KINDS.map((k) => [k, Type.Object(Object.fromEntries(LEVELS.map((l) => [l, Type.Integer()])))]))),
  items: Type.Array(
    Type.Object({
      orgnr: Type.Union([Type.String(), Type.Null()]),
      name: Type.String(),
      kind: lit(BODY_KINDS),
      countyNumber: Type.Union([Type.String(), Type.Null()]),
      municipalityNumber: Type.Union([Type.String(), Type.Null()]),
      level: lit(LEVELS),
    }),
  ),
});
