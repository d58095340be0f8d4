/**
 * The licence of everything under /open-data and /feeds: Creative Commons Attribution 4.0. Chosen
 * over NLOD 2.0 because part of the content is imported from the EU JRC case set (EUPL-1.2 source,
 * attribution kept in `source_url`), harvesters in the EU (data.europa.eu) read CC BY 4.0 without a
 * mapping, and NLOD 2.0 names CC BY 4.0 as compatible anyway. EU vocabulary URI for DCAT.
 */
export const LICENCE = {
  name: 'CC BY 4.0',
  url: 'https://creativecommons.org/licenses/by/4.0/',
  euUri: 'http://publications.europa.eu/resource/authority/licence/CC_BY_4_0',
  attribution: 'Nytenk (nytenk.no), CC BY 4.0',
} as const;
