import type { Lang } from '../i18n/index.js';

/** Partner search's words in bokmål, nynorsk and English, and the words it adds to case and organisation pages. */
const nb = {
  title: 'Finn partnere',
  lead: 'Finn virksomheter, bedrifter, forskningsmiljøer og organisasjoner å samarbeide med: etter type, fylke, temaene de arbeider med, og om de leter etter partnere.',
  searchLabel: 'Navn',
  kindLabel: 'Type virksomhet',
  countyLabel: 'Fylke',
  themeLabel: 'Tema de arbeider med',
  lookingLabel: 'Bare de som leter etter partnere',
  all: 'Alle',
  show: 'Vis',
  reset: 'Nullstill filtrene',
  results: (n: string) => (n === '1' ? '1 virksomhet' : `${n} virksomheter`),
  pageOf: (page: string, pages: string) => `side ${page} av ${pages}`,
  noResults: 'Ingen virksomheter passer med filtrene. Prøv å fjerne et filter.',
  publicCases: 'Offentlige innovasjoner',
  openChallenges: 'Åpne utfordringer',
  themes: 'Temaer',
  looking: 'Leter etter partnere',
  lookingFor: (what: string) => `Leter etter partnere: ${what}`,
  notLooking: 'Leter ikke etter partnere nå',
  countsIn: (n: string) => `(${n})`,
  themesFromWork: 'Temaene kommer fra virksomhetens offentlige innovasjoner og utfordringer.',
  findPartnersLink: 'Finn partnere etter tema, fylke og type',
  // case form and case page
  solvesChallenges: 'Løser disse utfordringene',
  // organisation page
  orgChallenges: 'Utfordringer',
  orgNoChallenges: 'Ingen utfordringer.',
  orgPartnerStatus: 'Partnere',
};

export type PartnerMessages = typeof nb;

const nn: PartnerMessages = {
  title: 'Finn partnarar',
  lead: 'Finn verksemder, bedrifter, forskingsmiljø og organisasjonar å samarbeide med: etter type, fylke, tema dei arbeider med, og om dei leitar etter partnarar.',
  searchLabel: 'Namn',
  kindLabel: 'Type verksemd',
  countyLabel: 'Fylke',
  themeLabel: 'Tema dei arbeider med',
  lookingLabel: 'Berre dei som leitar etter partnarar',
  all: 'Alle',
  show: 'Vis',
  reset: 'Nullstill filtera',
  results: (n: string) => (n === '1' ? '1 verksemd' : `${n} verksemder`),
  pageOf: (page: string, pages: string) => `side ${page} av ${pages}`,
  noResults: 'Ingen verksemder passar med filtera. Prøv å fjerne eit filter.',
  publicCases: 'Offentlege innovasjonar',
  openChallenges: 'Opne utfordringar',
  themes: 'Tema',
  looking: 'Leitar etter partnarar',
  lookingFor: (what: string) => `Leitar etter partnarar: ${what}`,
  notLooking: 'Leitar ikkje etter partnarar no',
  countsIn: (n: string) => `(${n})`,
  themesFromWork: 'Tema kjem frå dei offentlege innovasjonane og utfordringane til verksemda.',
  findPartnersLink: 'Finn partnarar etter tema, fylke og type',
  solvesChallenges: 'Løyser desse utfordringane',
  orgChallenges: 'Utfordringar',
  orgNoChallenges: 'Ingen utfordringar.',
  orgPartnerStatus: 'Partnarar',
};

const en: PartnerMessages = {
  title: 'Find partners',
  lead: 'Find public bodies, businesses, research groups and organisations to work with: by kind, county, the themes they work on, and whether they are looking for partners.',
  searchLabel: 'Name',
  kindLabel: 'Kind of organisation',
  countyLabel: 'County',
  themeLabel: 'Theme they work on',
  lookingLabel: 'Only those looking for partners',
  all: 'All',
  show: 'Show',
  reset: 'Clear the filters',
  results: (n: string) => (n === '1' ? '1 organisation' : `${n} organisations`),
  pageOf: (page: string, pages: string) => `page ${page} of ${pages}`,
  noResults: 'No organisations match the filters. Try removing one.',
  publicCases: 'Public innovations',
  openChallenges: 'Open challenges',
  themes: 'Themes',
  looking: 'Looking for partners',
  lookingFor: (what: string) => `Looking for partners: ${what}`,
  notLooking: 'Not looking for partners now',
  countsIn: (n: string) => `(${n})`,
  themesFromWork: 'The themes come from the organisation’s public innovations and challenges.',
  findPartnersLink: 'Find partners by theme, county and kind',
  solvesChallenges: 'Solves these challenges',
  orgChallenges: 'Challenges',
  orgNoChallenges: 'No challenges.',
  orgPartnerStatus: 'Partners',
};

const catalogue: Record<Lang, PartnerMessages> = { nb, nn, en };

export function partnerMessages(lang: Lang): PartnerMessages {
  return catalogue[lang];
}
