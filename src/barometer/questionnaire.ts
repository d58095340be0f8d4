/**
 * The barometer questionnaire (PRODUCT.md, "The barometer questionnaire"), version 1, worded by us in
 * bokmål, nynorsk and English. Compatible in substance with the KS, state and Danish barometers; item ids
 * and option values are the ones bench/generate.ts (`BenchBarometerAnswer`) writes, so generated and
 * collected answers feed the same statistics.
 *
 * This file is data and pure helpers only: the collection side (pages, validation, answer rows) and the
 * statistics side both read it.
 */
import { BENEFIT_CATEGORIES, CASE_TYPES, INITIATORS } from '../cases/index.js';
import type { BenefitCategory, CaseType, Initiator } from '../cases/index.js';
import type { Lang } from '../i18n/index.js';

export const QUESTIONNAIRE_VERSION = 1;
export const QUESTIONNAIRE_VERSIONS = [1] as const;

export type Text = Record<Lang, string>;

export const SECTORS = ['municipal', 'county', 'state'] as const;
export const SIZE_BANDS = ['1-9', '10-49', '50-249', '250+'] as const;
export const INNOVATION_COUNTS = ['1', '2-3', '4-5', '6+'] as const;
export const ORIGINS = ['first_of_its_kind', 'inspired', 'reused'] as const;
export const DEVELOPED_WITH = ['other_units', 'other_agencies', 'business', 'research', 'civil_society', 'citizens'] as const;
export const YES_NO_DONT_KNOW = ['yes', 'no', 'dont_know'] as const;
export const BAROMETER_DRIVERS = [
  'leadership_support',
  'employee_ideas',
  'citizen_input',
  'new_technology',
  'political_decisions',
  'internal_collaboration',
  'external_collaboration',
  'national_reforms',
] as const;
export const BAROMETER_BARRIERS = [
  'focus_on_stable_operations',
  'how_mistakes_are_handled',
  'limited_finances',
  'lack_of_time',
  'regulations',
  'lack_of_competence',
  'technology_limitations',
  'resistance_to_change',
] as const;
/** The scale's values as stored in jsonb: 1–6, or null for "don't know". In forms: '1'…'6', 'dont_know'. */
export const SCALE_VALUES = ['1', '2', '3', '4', '5', '6', 'dont_know'] as const;

export type Sector = (typeof SECTORS)[number];
export type SizeBand = (typeof SIZE_BANDS)[number];
export type InnovationCount = (typeof INNOVATION_COUNTS)[number];
export type Origin = (typeof ORIGINS)[number];
export type DevelopedWith = (typeof DEVELOPED_WITH)[number];
export type YesNoDontKnow = (typeof YES_NO_DONT_KNOW)[number];
export type BarometerDriver = (typeof BAROMETER_DRIVERS)[number];
export type BarometerBarrier = (typeof BAROMETER_BARRIERS)[number];
/** 1 (not at all) – 6 (to a very large degree); null = don't know. */
export type Score = 1 | 2 | 3 | 4 | 5 | 6 | null;

/** The stored shape of `barometer_answers.latest` (null unless innovated). */
export interface LatestInnovation {
  types: CaseType[];
  origin: Origin;
  initiators: Initiator[];
  developedWith: DevelopedWith[];
  values: BenefitCategory[];
  evaluated: YesNoDontKnow;
  activelySpread: YesNoDontKnow;
}

/** A complete answer as the questionnaire defines it (the answer row adds organisation, round, date). */
export interface BarometerResponse {
  innovated: boolean;
  innovationCount: InnovationCount | null;
  underDevelopment: boolean | null;
  latest: LatestInnovation | null;
  drivers: Record<BarometerDriver, Score>;
  barriers: Record<BarometerBarrier, Score>;
  sector: Sector;
  sizeBand: SizeBand;
}

export type ItemKind = 'yes_no' | 'choice' | 'multi_choice' | 'scale_1_6';
export const PAGES = ['innovation', 'latest', 'drivers', 'barriers', 'background'] as const;
export type PageId = (typeof PAGES)[number];
/** When an item is asked: always, only of those who innovated, only of those who did not. */
export type Condition = 'always' | 'innovated' | 'not_innovated';

export interface ItemOption {
  value: string;
  label: Text;
}

export interface QuestionItem {
  /** Stable id; dotted ids name the answer's jsonb path (`latest.types`, `drivers.regulations`). */
  id: string;
  kind: ItemKind;
  page: PageId;
  condition: Condition;
  /** For multi_choice: how many may be chosen (at least one is always required). */
  max?: number;
  question: Text;
  hint?: Text;
  options: ItemOption[];
  /** For scale items: the block they belong to. */
  block?: 'drivers' | 'barriers';
}

const t = (nb: string, nn: string, en: string): Text => ({ nb, nn, en });

const YES_NO: ItemOption[] = [
  { value: 'yes', label: t('Ja', 'Ja', 'Yes') },
  { value: 'no', label: t('Nei', 'Nei', 'No') },
];
const YES_NO_DK: ItemOption[] = [...YES_NO, { value: 'dont_know', label: t('Vet ikke', 'Veit ikkje', "Don't know") }];

export const SCALE_OPTIONS: ItemOption[] = [
  { value: '1', label: t('1 – i svært liten grad', '1 – i svært liten grad', '1 – to a very small extent') },
  { value: '2', label: t('2', '2', '2') },
  { value: '3', label: t('3', '3', '3') },
  { value: '4', label: t('4', '4', '4') },
  { value: '5', label: t('5', '5', '5') },
  { value: '6', label: t('6 – i svært stor grad', '6 – i svært stor grad', '6 – to a very large extent') },
  { value: 'dont_know', label: t('Vet ikke', 'Veit ikkje', "Don't know") },
];

const TYPE_LABELS: Record<CaseType, Text> = {
  service: t('Ny eller vesentlig endret tjeneste', 'Ny eller vesentleg endra teneste', 'A new or significantly changed service'),
  product: t('Nytt eller vesentlig endret produkt', 'Nytt eller vesentleg endra produkt', 'A new or significantly changed product'),
  process: t('Ny eller vesentlig endret prosess (arbeidsmåte)', 'Ny eller vesentleg endra prosess (arbeidsmåte)', 'A new or significantly changed process (way of working)'),
  organisation: t('Ny måte å organisere eller lede på', 'Ny måte å organisere eller leie på', 'A new way of organising or leading'),
  communication: t('Ny måte å kommunisere med omverdenen på', 'Ny måte å kommunisere med omverda på', 'A new way of communicating with the outside world'),
};
const INITIATOR_LABELS: Record<Initiator, Text> = {
  leaders: t('Ledere', 'Leiarar', 'Managers'),
  employees: t('Medarbeidere', 'Medarbeidarar', 'Employees'),
  users: t('Brukere eller innbyggere', 'Brukarar eller innbyggjarar', 'Users or citizens'),
  business: t('Næringslivet', 'Næringslivet', 'Businesses'),
  politicians: t('Politikere', 'Politikarar', 'Politicians'),
  civil_society: t('Frivillige organisasjoner og sivilsamfunn', 'Frivillige organisasjonar og sivilsamfunn', 'Voluntary organisations and civil society'),
  research: t('Forskere eller utdanningsinstitusjoner', 'Forskarar eller utdanningsinstitusjonar', 'Researchers or educational institutions'),
};
const VALUE_LABELS: Record<BenefitCategory, Text> = {
  quality: t('Bedre kvalitet for brukerne', 'Betre kvalitet for brukarane', 'Better quality for users'),
  efficiency: t('Mer effektiv drift', 'Meir effektiv drift', 'More efficient operations'),
  avoided_cost: t('Unngåtte kostnader', 'Unngåtte kostnader', 'Avoided costs'),
  employee_satisfaction: t('Bedre arbeidsmiljø eller mer fornøyde medarbeidere', 'Betre arbeidsmiljø eller meir nøgde medarbeidarar', 'Better working environment or more satisfied employees'),
  citizen_influence: t('Mer innflytelse for innbyggerne', 'Meir innverknad for innbyggjarane', 'More influence for citizens'),
  business_value: t('Verdi for næringslivet', 'Verdi for næringslivet', 'Value for businesses'),
  other: t('Annet', 'Anna', 'Other'),
};
const DEVELOPED_WITH_LABELS: Record<DevelopedWith, Text> = {
  other_units: t('Andre enheter i egen virksomhet', 'Andre einingar i eiga verksemd', 'Other units in our own organisation'),
  other_agencies: t('Andre offentlige virksomheter', 'Andre offentlege verksemder', 'Other public bodies'),
  business: t('Private virksomheter', 'Private verksemder', 'Private businesses'),
  research: t('Forsknings- eller utdanningsinstitusjoner', 'Forskings- eller utdanningsinstitusjonar', 'Research or educational institutions'),
  civil_society: t('Frivillige organisasjoner og sivilsamfunn', 'Frivillige organisasjonar og sivilsamfunn', 'Voluntary organisations and civil society'),
  citizens: t('Brukere eller innbyggere', 'Brukarar eller innbyggjarar', 'Users or citizens'),
};
const DRIVER_LABELS: Record<BarometerDriver, Text> = {
  leadership_support: t('Støtte fra ledelsen', 'Støtte frå leiinga', 'Support from management'),
  employee_ideas: t('Ideer og initiativ fra medarbeiderne', 'Idear og initiativ frå medarbeidarane', 'Ideas and initiative from employees'),
  citizen_input: t('Innspill fra brukere og innbyggere', 'Innspel frå brukarar og innbyggjarar', 'Input from users and citizens'),
  new_technology: t('Ny teknologi', 'Ny teknologi', 'New technology'),
  political_decisions: t('Politiske vedtak og føringer', 'Politiske vedtak og føringar', 'Political decisions and guidance'),
  internal_collaboration: t('Samarbeid internt på tvers av enheter', 'Samarbeid internt på tvers av einingar', 'Internal collaboration across units'),
  external_collaboration: t('Samarbeid med andre utenfor virksomheten', 'Samarbeid med andre utanfor verksemda', 'Collaboration with others outside the organisation'),
  national_reforms: t('Nasjonale reformer og krav', 'Nasjonale reformer og krav', 'National reforms and requirements'),
};
const BARRIER_LABELS: Record<BarometerBarrier, Text> = {
  focus_on_stable_operations: t('Fokus på stabil drift', 'Fokus på stabil drift', 'Focus on stable operations'),
  how_mistakes_are_handled: t('Måten feil blir håndtert på', 'Måten feil blir handterte på', 'How mistakes are handled'),
  limited_finances: t('Begrenset økonomi', 'Avgrensa økonomi', 'Limited finances'),
  lack_of_time: t('Mangel på tid', 'Mangel på tid', 'Lack of time'),
  regulations: t('Lover og regler', 'Lover og reglar', 'Laws and regulations'),
  lack_of_competence: t('Mangel på kompetanse', 'Mangel på kompetanse', 'Lack of competence'),
  technology_limitations: t('Begrensninger i teknologien', 'Avgrensingar i teknologien', 'Limitations of technology'),
  resistance_to_change: t('Motstand mot endring', 'Motstand mot endring', 'Resistance to change'),
};
export const SECTOR_LABELS: Record<Sector, Text> = {
  municipal: t('Kommunal sektor (kommune)', 'Kommunal sektor (kommune)', 'Local government (municipality)'),
  county: t('Fylkeskommunal sektor', 'Fylkeskommunal sektor', 'Regional government (county authority)'),
  state: t('Statlig sektor', 'Statleg sektor', 'Central government'),
};
export const SIZE_BAND_LABELS: Record<SizeBand, Text> = {
  '1-9': t('1–9 ansatte', '1–9 tilsette', '1–9 employees'),
  '10-49': t('10–49 ansatte', '10–49 tilsette', '10–49 employees'),
  '50-249': t('50–249 ansatte', '50–249 tilsette', '50–249 employees'),
  '250+': t('250 ansatte eller flere', '250 tilsette eller fleire', '250 employees or more'),
};

const opts = <K extends string>(values: readonly K[], labels: Record<K, Text>): ItemOption[] => values.map((value) => ({ value, label: labels[value] }));

const scaleItem = (block: 'drivers' | 'barriers', key: string, label: Text): QuestionItem => ({
  id: `${block}.${key}`,
  kind: 'scale_1_6',
  page: block,
  condition: 'always',
  block,
  question: label,
  options: SCALE_OPTIONS,
});

/** The items of version 1, in the order they are asked. */
const ITEMS_V1: QuestionItem[] = [
  {
    id: 'innovated',
    kind: 'yes_no',
    page: 'innovation',
    condition: 'always',
    question: t(
      'Har arbeidsplassen din innført én eller flere innovasjoner i løpet av de to siste årene?',
      'Har arbeidsplassen din innført éin eller fleire innovasjonar i løpet av dei to siste åra?',
      'Has your workplace introduced one or more innovations in the last two years?',
    ),
    hint: t(
      'En innovasjon er noe nytt for arbeidsplassen (det kan være kopiert fra andre), som er tatt i bruk og som skaper verdi.',
      'Ein innovasjon er noko nytt for arbeidsplassen (det kan vere kopiert frå andre), som er teke i bruk og som skaper verdi.',
      'An innovation is something new to the workplace (it may be copied from others) that has been taken into use and creates value.',
    ),
    options: YES_NO,
  },
  {
    id: 'innovationCount',
    kind: 'choice',
    page: 'innovation',
    condition: 'innovated',
    question: t('Hvor mange innovasjoner har dere innført?', 'Kor mange innovasjonar har de innført?', 'How many innovations have you introduced?'),
    hint: t('Svar bare hvis dere har innført innovasjoner.', 'Svar berre dersom de har innført innovasjonar.', 'Answer only if you have introduced innovations.'),
    options: [
      { value: '1', label: t('1', '1', '1') },
      { value: '2-3', label: t('2–3', '2–3', '2–3') },
      { value: '4-5', label: t('4–5', '4–5', '4–5') },
      { value: '6+', label: t('6 eller flere', '6 eller fleire', '6 or more') },
    ],
  },
  {
    id: 'underDevelopment',
    kind: 'yes_no',
    page: 'innovation',
    condition: 'not_innovated',
    question: t(
      'Er arbeidsplassen i gang med å utvikle en innovasjon som ennå ikke er tatt i bruk?',
      'Er arbeidsplassen i gang med å utvikle ein innovasjon som enno ikkje er teken i bruk?',
      'Is your workplace developing an innovation that has not yet been taken into use?',
    ),
    hint: t('Svar bare hvis dere ikke har innført innovasjoner.', 'Svar berre dersom de ikkje har innført innovasjonar.', 'Answer only if you have not introduced innovations.'),
    options: YES_NO,
  },
  {
    id: 'latest.types',
    kind: 'multi_choice',
    page: 'latest',
    condition: 'innovated',
    max: CASE_TYPES.length,
    question: t('Hva slags innovasjon var den siste? Velg alle som passer.', 'Kva slags innovasjon var den siste? Vel alle som passar.', 'What kind of innovation was the latest one? Choose all that apply.'),
    options: opts(CASE_TYPES, TYPE_LABELS),
  },
  {
    id: 'latest.origin',
    kind: 'choice',
    page: 'latest',
    condition: 'innovated',
    question: t('Var innovasjonen den første i sitt slag, eller bygde den på andres?', 'Var innovasjonen den første i sitt slag, eller bygde han på andre sine?', 'Was the innovation the first of its kind, or did it build on others’?'),
    options: [
      { value: 'first_of_its_kind', label: t('Vi tror den er den første i sitt slag', 'Vi trur han er den første i sitt slag', 'We believe it is the first of its kind') },
      { value: 'inspired', label: t('Vi ble inspirert av andre og tilpasset den', 'Vi vart inspirerte av andre og tilpassa han', 'We were inspired by others and adapted it') },
      { value: 'reused', label: t('Vi tok i bruk en løsning andre hadde laget', 'Vi tok i bruk ei løysing andre hadde laga', 'We took up a solution others had made') },
    ],
  },
  {
    id: 'latest.initiators',
    kind: 'multi_choice',
    page: 'latest',
    condition: 'innovated',
    max: 3,
    question: t('Hvem tok initiativ til og drev innovasjonen fram? Velg opptil tre.', 'Kven tok initiativ til og dreiv innovasjonen fram? Vel opptil tre.', 'Who initiated and drove the innovation? Choose up to three.'),
    options: opts(INITIATORS, INITIATOR_LABELS),
  },
  {
    id: 'latest.developedWith',
    kind: 'multi_choice',
    page: 'latest',
    condition: 'innovated',
    max: DEVELOPED_WITH.length,
    question: t('Hvem utviklet dere innovasjonen sammen med? Velg alle som passer.', 'Kven utvikla de innovasjonen saman med? Vel alle som passar.', 'Who did you develop the innovation with? Choose all that apply.'),
    hint: t('Utviklet dere den alene, lar dere alle stå tomme.', 'Utvikla de han åleine, lèt de alle stå tomme.', 'If you developed it on your own, leave them all empty.'),
    options: opts(DEVELOPED_WITH, DEVELOPED_WITH_LABELS),
  },
  {
    id: 'latest.values',
    kind: 'multi_choice',
    page: 'latest',
    condition: 'innovated',
    max: BENEFIT_CATEGORIES.length,
    question: t('Hvilke verdier har innovasjonen skapt? Velg alle som passer.', 'Kva verdiar har innovasjonen skapt? Vel alle som passar.', 'What value has the innovation created? Choose all that apply.'),
    options: opts(BENEFIT_CATEGORIES, VALUE_LABELS),
  },
  {
    id: 'latest.evaluated',
    kind: 'choice',
    page: 'latest',
    condition: 'innovated',
    question: t('Er innovasjonen evaluert?', 'Er innovasjonen evaluert?', 'Has the innovation been evaluated?'),
    options: YES_NO_DK,
  },
  {
    id: 'latest.activelySpread',
    kind: 'choice',
    page: 'latest',
    condition: 'innovated',
    question: t(
      'Har arbeidsplassen gjort noe aktivt for å spre innovasjonen til andre?',
      'Har arbeidsplassen gjort noko aktivt for å spreie innovasjonen til andre?',
      'Has your workplace done anything active to spread the innovation to others?',
    ),
    options: YES_NO_DK,
  },
  ...BAROMETER_DRIVERS.map((k) => scaleItem('drivers', k, DRIVER_LABELS[k])),
  ...BAROMETER_BARRIERS.map((k) => scaleItem('barriers', k, BARRIER_LABELS[k])),
  {
    id: 'sector',
    kind: 'choice',
    page: 'background',
    condition: 'always',
    question: t('Hvilken sektor hører arbeidsplassen til?', 'Kva sektor høyrer arbeidsplassen til?', 'Which sector does your workplace belong to?'),
    options: opts(SECTORS, SECTOR_LABELS),
  },
  {
    id: 'sizeBand',
    kind: 'choice',
    page: 'background',
    condition: 'always',
    question: t('Hvor mange ansatte har arbeidsplassen?', 'Kor mange tilsette har arbeidsplassen?', 'How many employees does your workplace have?'),
    options: opts(SIZE_BANDS, SIZE_BAND_LABELS),
  },
];

/** The questions heading each page, and the scale blocks' lead-in. */
export const PAGE_TITLES: Record<PageId, Text> = {
  innovation: t('Innovasjon på arbeidsplassen', 'Innovasjon på arbeidsplassen', 'Innovation at your workplace'),
  latest: t('Den siste innovasjonen', 'Den siste innovasjonen', 'The latest innovation'),
  drivers: t('Drivkrefter', 'Drivkrefter', 'Drivers'),
  barriers: t('Barrierer', 'Barrierar', 'Barriers'),
  background: t('Om arbeidsplassen', 'Om arbeidsplassen', 'About your workplace'),
};
export const PAGE_LEADS: Record<PageId, Text> = {
  innovation: t('Spørsmålene gjelder de to siste årene.', 'Spørsmåla gjeld dei to siste åra.', 'The questions are about the last two years.'),
  latest: t(
    'Tenk på den innovasjonen dere sist tok i bruk.',
    'Tenk på den innovasjonen de sist tok i bruk.',
    'Think of the innovation you most recently took into use.',
  ),
  drivers: t(
    'I hvilken grad har disse drevet fram innovasjon på arbeidsplassen de to siste årene? 1 er i svært liten grad, 6 er i svært stor grad.',
    'I kva grad har desse drive fram innovasjon på arbeidsplassen dei to siste åra? 1 er i svært liten grad, 6 er i svært stor grad.',
    'To what extent have these driven innovation at your workplace in the last two years? 1 is to a very small extent, 6 to a very large extent.',
  ),
  barriers: t(
    'I hvilken grad har disse hindret innovasjon på arbeidsplassen de to siste årene? 1 er i svært liten grad, 6 er i svært stor grad.',
    'I kva grad har desse hindra innovasjon på arbeidsplassen dei to siste åra? 1 er i svært liten grad, 6 er i svært stor grad.',
    'To what extent have these hindered innovation at your workplace in the last two years? 1 is to a very small extent, 6 to a very large extent.',
  ),
  background: t(
    'Vi har fylt inn det som står i invitasjonen. Rett det hvis det ikke stemmer.',
    'Vi har fylt inn det som står i invitasjonen. Rett det dersom det ikkje stemmer.',
    'We have filled in what the invitation says. Correct it if it is wrong.',
  ),
};

const BY_VERSION: Record<number, QuestionItem[]> = { 1: ITEMS_V1 };

/** The items of a questionnaire version, in order (throws for an unknown version). */
export function questionnaireItems(version = QUESTIONNAIRE_VERSION): QuestionItem[] {
  const items = BY_VERSION[version];
  if (!items) throw new Error(`unknown barometer questionnaire version ${version}`);
  return items;
}

export function findItem(id: string, version = QUESTIONNAIRE_VERSION): QuestionItem | undefined {
  return questionnaireItems(version).find((i) => i.id === id);
}

/** Items on a page. */
export function pageItems(page: PageId, version = QUESTIONNAIRE_VERSION): QuestionItem[] {
  return questionnaireItems(version).filter((i) => i.page === page);
}

/** Whether an item is asked, given the answer to "innovated" (unknown yet: asked). */
export function isAsked(item: QuestionItem, innovated: boolean | null | undefined): boolean {
  if (item.condition === 'always' || innovated == null) return true;
  return item.condition === 'innovated' ? innovated : !innovated;
}

/** The pages a respondent walks through: the latest-innovation page only for those who innovated. */
export function pagesFor(innovated: boolean | null | undefined): PageId[] {
  return PAGES.filter((p) => p !== 'latest' || innovated !== false);
}

/** A localised, flat view of an item, as the API and the statistics show it. */
export interface LocalisedItem {
  id: string;
  kind: ItemKind;
  page: PageId;
  condition: Condition;
  max: number | null;
  block: 'drivers' | 'barriers' | null;
  question: string;
  hint: string | null;
  options: { value: string; label: string }[];
}

/** Every item of a version with its option values and labels in one language. */
export function localisedItems(lang: Lang, version = QUESTIONNAIRE_VERSION): LocalisedItem[] {
  return questionnaireItems(version).map((i) => ({
    id: i.id,
    kind: i.kind,
    page: i.page,
    condition: i.condition,
    max: i.max ?? null,
    block: i.block ?? null,
    question: i.question[lang],
    hint: i.hint?.[lang] ?? null,
    options: i.options.map((o) => ({ value: o.value, label: o.label[lang] })),
  }));
}

/** The label of one option of one item (for tables and charts); the value itself when unknown. */
export function optionLabel(itemId: string, value: string, lang: Lang, version = QUESTIONNAIRE_VERSION): string {
  return findItem(itemId, version)?.options.find((o) => o.value === value)?.label[lang] ?? value;
}

/** Short labels of the scale blocks' rows (driver/barrier names) for tables. */
export function scaleLabel(block: 'drivers' | 'barriers', key: string, lang: Lang): string {
  const labels: Record<string, Text> = block === 'drivers' ? DRIVER_LABELS : BARRIER_LABELS;
  return labels[key]?.[lang] ?? key;
}
