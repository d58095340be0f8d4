import { Type } from '@sinclair/typebox';
import { PAGES, SECTORS, SIZE_BANDS } from './questionnaire.js';

const IsoDate = Type.String({ maxLength: 10, description: 'YYYY-MM-DD' });

export const RoundSchema = Type.Object({
  id: Type.String(),
  key: Type.String({ description: 'Short name, e.g. "2026"' }),
  title: Type.String(),
  year: Type.Integer(),
  periodFrom: Type.String({ format: 'date', description: 'First day of the period the questions cover' }),
  periodTo: Type.String({ format: 'date' }),
  opensOn: Type.String({ format: 'date' }),
  closesOn: Type.String({ format: 'date', description: 'Last day answers are taken; from the next day they are frozen' }),
  state: Type.Union([Type.Literal('scheduled'), Type.Literal('open'), Type.Literal('closed')]),
  questionnaireVersion: Type.Integer(),
  links: Type.Object({ questionnaire: Type.String(), responseRates: Type.String() }),
});

export const RoundCreateBody = Type.Object(
  {
    title: Type.String({ maxLength: 1000 }),
    key: Type.Optional(Type.String({ maxLength: 100, description: 'Defaults to the year' })),
    year: Type.Integer({ minimum: 0, maximum: 9999 }),
    periodFrom: Type.Optional(IsoDate),
    periodTo: Type.Optional(IsoDate),
    opensOn: Type.Optional({ ...IsoDate, description: 'Defaults to today; the period defaults to the two years before it' }),
    closesOn: IsoDate,
  },
  { additionalProperties: false },
);

const OptionSchema = Type.Object({ value: Type.String(), label: Type.String() });

export const QuestionnaireSchema = Type.Object({
  version: Type.Integer(),
  language: Type.String(),
  pages: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), lead: Type.String() })),
  items: Type.Array(
    Type.Object({
      id: Type.String({ description: 'Dotted ids name the answer’s path, e.g. latest.types or drivers.regulations' }),
      kind: Type.Union([Type.Literal('yes_no'), Type.Literal('choice'), Type.Literal('multi_choice'), Type.Literal('scale_1_6')]),
      page: Type.Union(PAGES.map((p) => Type.Literal(p))),
      condition: Type.Union([Type.Literal('always'), Type.Literal('innovated'), Type.Literal('not_innovated')], { description: 'Asked of everyone, only of those who innovated, or only of those who did not' }),
      max: Type.Union([Type.Integer(), Type.Null()], { description: 'multi_choice: how many may be chosen' }),
      block: Type.Union([Type.Literal('drivers'), Type.Literal('barriers'), Type.Null()]),
      question: Type.String(),
      hint: Type.Union([Type.String(), Type.Null()]),
      options: Type.Array(OptionSchema),
    }),
  ),
});

export const WorkplaceSchema = Type.Object(
  {
    unitName: Type.String({ maxLength: 1000 }),
    sector: Type.Optional(Type.String({ maxLength: 50, description: `${SECTORS.join(', ')}; defaults from the organisation's kind` })),
    sizeBand: Type.String({ maxLength: 20, description: SIZE_BANDS.join(', ') }),
    email: Type.String({ maxLength: 1000, description: 'The leader’s e-mail address; the link is sent there' }),
  },
  { additionalProperties: false },
);

export const InviteBody = Type.Object(
  {
    workplaces: Type.Optional(Type.Array(WorkplaceSchema, { maxItems: 2000 })),
    csv: Type.Optional(Type.String({ maxLength: 500_000, description: 'Or lines of "name; sector; size band; e-mail" (a header row is skipped)' })),
    language: Type.Optional(Type.Union([Type.Literal('nb'), Type.Literal('nn'), Type.Literal('en')], { description: 'Language of the e-mails (default: the request’s)' })),
  },
  { additionalProperties: false },
);

/** An invited workplace: nothing here differs between one that has answered and one that has not. */
export const InvitationSchema = Type.Object({
  id: Type.String(),
  unitName: Type.String(),
  email: Type.String(),
  sentAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const InvitationListSchema = Type.Object({
  round: Type.String(),
  orgnr: Type.String(),
  items: Type.Array(InvitationSchema),
  invited: Type.Integer(),
  answered: Type.Integer({ description: 'How many of the invited workplaces have answered (which ones is not shown, so that answers stay anonymous)' }),
});

export const RatesSchema = Type.Object({
  round: Type.String(),
  items: Type.Array(Type.Object({ orgnr: Type.Union([Type.String(), Type.Null()]), name: Type.String(), invited: Type.Integer(), answered: Type.Integer(), rate: Type.Number({ description: 'answered ÷ invited, 0–1' }) })),
  total: Type.Object({ invited: Type.Integer(), answered: Type.Integer() }),
});
