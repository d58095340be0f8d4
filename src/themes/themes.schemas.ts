import { Type, type Static } from '@sinclair/typebox';

const ThemeRefSchema = Type.Object({
  uri: Type.String({ description: 'LOS concept URI (https://psi.norge.no/los/…)' }),
  label: Type.String(),
});

export const ThemeSchema = Type.Object(
  {
    uri: Type.String({ description: 'LOS concept URI (https://psi.norge.no/los/…); store this, not the label' }),
    label: Type.String({ description: 'Preferred label in the language asked for (bokmål where LOS has no English label)' }),
    kind: Type.Union([Type.Literal('tema'), Type.Literal('ord'), Type.Literal('hendelse')], {
      description: 'tema: a theme; ord: a word under a theme; hendelse: a life event',
    }),
    mainTheme: Type.Union([ThemeRefSchema, Type.Null()], { description: 'The main theme it sits under (itself for a main theme); null for life events' }),
    matchedSynonym: Type.Optional(Type.String({ description: 'The hidden label that matched the query, when one did' })),
  },
  { $id: 'Theme' },
);

const LangSchema = Type.Union([Type.Literal('nb'), Type.Literal('nn'), Type.Literal('en')], {
  description: 'Language of the labels: nb, nn or en (default: the lang cookie, else nb)',
});

export const ThemeSearchQuery = Type.Object(
  {
    q: Type.Optional(
      Type.String({
        maxLength: 100,
        description: 'Text in a label (bokmål, nynorsk or English) or a hidden synonym; case and accents do not matter, æ ø å do. Without it: the main themes.',
      }),
    ),
    lang: Type.Optional(LangSchema),
    limit: Type.Integer({ minimum: 1, maximum: 50, default: 20 }),
  },
  { additionalProperties: false },
);
export type ThemeSearchQuery = Static<typeof ThemeSearchQuery>;

export const ThemeLangQuery = Type.Object({ lang: Type.Optional(LangSchema) }, { additionalProperties: false });

export const ThemeListResponse = Type.Object({ items: Type.Array(Type.Ref('Theme')) });
