import { sql } from 'kysely';
import { ANONYMOUS } from '../core/viewer.js';
import { codeList, column, fingerprintOf, isoTime, keysetBatches, LOS_PUBLIC_SECTOR, text, type Dataset } from '../core/datasets.js';
import type { DbOrTrx } from '../db/database.js';
import { caseReadableBy } from './cases.access.js';
import { CASE_TYPES, INITIATORS, NOVELTIES, STAGES, STATUSES } from './cases.model.js';

/**
 * The case bank's open data (listed in the manifest, served by opendata/): the public cases and
 * the adoptions of public cases. Only what an anonymous visitor may read: a case when the read rule
 * (cases.access.ts) lets the ANONYMOUS viewer read it; contact people, members, drafts and who
 * wrote what are never exported. Read in keyset batches (`after` = the last id of the previous
 * batch), so an export of any size holds one batch in memory.
 */

/** The read rule (cases.access.ts) for the anonymous viewer, for a table aliased `c`. */
const isPublicCase = caseReadableBy(ANONYMOUS, 'c');

/** A case id that may be named: anyone may read the case, else null (a draft's id is not for the public). */
const publicCaseIdOr = (column: string) =>
  sql<string | null>`(select x.id::text from cases x where x.id = ${sql.ref(column)} and ${caseReadableBy(ANONYMOUS, 'x')})`;

export async function publicCasesBatch(db: DbOrTrx, after: string, limit: number) {
  return db
    .selectFrom('cases as c')
    .innerJoin('organisations as o', 'o.id', 'c.owner_org_id')
    .where(isPublicCase)
    .where('c.id', '>', after)
    .orderBy('c.id')
    .limit(limit)
    .select([
      'c.id',
      'c.title',
      'c.summary',
      'c.problem',
      'c.what_is_new as whatIsNew',
      'c.types',
      'c.novelty',
      publicCaseIdOr('c.novelty_source_case_id').as('noveltySourceCaseId'),
      'c.stage',
      'c.status',
      'c.taken_into_use_on as takenIntoUseOn',
      'c.stopped_reason as stoppedReason',
      'c.initiators',
      'c.evaluated',
      'c.actively_spread as activelySpread',
      'c.challenges',
      'c.lessons',
      'c.success_conditions as successConditions',
      'c.how_to_replicate as howToReplicate',
      'c.cost_nok as costNok',
      'c.language',
      'c.cofog',
      'c.source',
      'c.source_url as sourceUrl',
      'c.adoption_count as adoptionCount',
      'c.looking_for_partners as lookingForPartners',
      'c.published_at as publishedAt',
      'c.updated_at as updatedAt',
      'o.orgnr as ownerOrgnr',
      'o.name as ownerName',
      'o.municipality_number as ownerMunicipalityNumber',
      'o.county_number as ownerCountyNumber',
      sql<string[]>`array(select o2.orgnr from case_coowners cc join organisations o2 on o2.id = cc.org_id where cc.case_id = c.id and o2.orgnr is not null order by o2.orgnr)`.as('coOwnerOrgnrs'),
      sql<string[]>`array(select ct.theme_uri from case_themes ct where ct.case_id = c.id order by ct.theme_uri)`.as('themes'),
    ])
    .execute();
}

/** Adoptions of public cases; the adopter's own case is named only when it is public too. */
export async function adoptionsBatch(db: DbOrTrx, after: string, limit: number) {
  return db
    .selectFrom('adoptions as a')
    .innerJoin('cases as c', 'c.id', 'a.source_case_id')
    .innerJoin('organisations as so', 'so.id', 'c.owner_org_id')
    .innerJoin('organisations as ao', 'ao.id', 'a.adopter_org_id')
    .where(isPublicCase)
    .where('a.id', '>', after)
    .orderBy('a.id')
    .limit(limit)
    .select([
      'a.id',
      'a.source_case_id as sourceCaseId',
      'c.title as sourceCaseTitle',
      'so.orgnr as sourceOrgnr',
      'ao.orgnr as adopterOrgnr',
      'ao.name as adopterName',
      'ao.municipality_number as adopterMunicipalityNumber',
      'ao.county_number as adopterCountyNumber',
      'a.adopted_on as adoptedOn',
      'a.changes',
      'a.result',
      publicCaseIdOr('a.adopter_case_id').as('adopterCaseId'),
      'a.created_at as createdAt',
    ])
    .execute();
}

/** Count and newest change of what the dataset is made of; cheap aggregates over indexed tables. */
async function casesFingerprint(db: DbOrTrx) {
  const row = (await sql<{ count: number; last: Date | null; extra: string }>`
      select count(*)::int as count, max(c.updated_at) as last,
        (select count(*) || ':' || coalesce(max(a.created_at)::text, '') from adoptions a) || ':' || (select max(updated_at)::text from organisations) as extra
      from cases c where ${isPublicCase}`.execute(db)).rows[0]!;
  return { count: row.count, last: row.last ? new Date(row.last) : null, extra: row.extra ?? '' };
}

/** Count and newest change of what the dataset is made of; cheap aggregates over indexed tables. */
async function adoptionsFingerprint(db: DbOrTrx) {
  const row = (await sql<{ count: number; last: Date | null; extra: string }>`
      select count(*)::int as count, max(a.created_at) as last,
        (select count(*) || ':' || coalesce(max(c.updated_at)::text, '') from cases c) || ':' || (select max(updated_at)::text from organisations) as extra
      from adoptions a`.execute(db)).rows[0]!;
  return { count: row.count, last: row.last ? new Date(row.last) : null, extra: row.extra ?? '' };
}

export const casesDataset: Dataset = {
  id: 'cases',
  order: 10,
  title: text('Innovasjoner i offentlig sektor', 'Innovasjonar i offentleg sektor', 'Public-sector innovations'),
  description: text(
    'Alle publiserte, offentlige innovasjonssaker i Nytenk: hva som er nytt, hvem som eier dem, status, tema (LOS), læring og gjenbruk.',
    'Alle publiserte, opne innovasjonssaker i Nytenk: kva som er nytt, kven som eig dei, status, tema (LOS), læring og gjenbruk.',
    'Every published, public innovation case on Nytenk: what is new, who owns it, status, themes (LOS), lessons and reuse.',
  ),
  keywords: text('innovasjon, offentlig sektor, gjenbruk', 'innovasjon, offentleg sektor, gjenbruk', 'innovation, public sector, reuse'),
  losTheme: LOS_PUBLIC_SECTOR,
  landingPage: '/cases',
  columns: [
    column('id', 'id', 'Saksnummer i Nytenk', 'Saksnummer i Nytenk', 'Case number on Nytenk'),
    column('url', 'uri', 'Sakens side', 'Sida til saka', 'The case page'),
    column('title', 'string', 'Tittel', 'Tittel', 'Title'),
    column('summary', 'text', 'Sammendrag', 'Samandrag', 'Summary'),
    column('problem', 'text', 'Problem eller behov', 'Problem eller behov', 'Problem or need'),
    column('what_is_new', 'text', 'Hva som er nytt', 'Kva som er nytt', 'What is new'),
    column('types', 'list', `Innovasjonstyper (${codeList(CASE_TYPES)})`, `Innovasjonstypar (${codeList(CASE_TYPES)})`, `Innovation types (${codeList(CASE_TYPES)})`),
    column('novelty', 'string', `Nyhetsgrad (${codeList(NOVELTIES)})`, `Nyheitsgrad (${codeList(NOVELTIES)})`, `Novelty (${codeList(NOVELTIES)})`),
    column('novelty_source_case_id', 'id', 'Saken den er tilpasset eller kopiert fra, når den er offentlig', 'Saka ho er tilpassa eller kopiert frå, når ho er open', 'The case it was adapted or copied from, when that case is public'),
    column('stage', 'string', `Fase, OECD OPSI (${codeList(STAGES)})`, `Fase, OECD OPSI (${codeList(STAGES)})`, `Stage, OECD OPSI (${codeList(STAGES)})`),
    column('status', 'string', `Status (${codeList(STATUSES)})`, `Status (${codeList(STATUSES)})`, `Status (${codeList(STATUSES)})`),
    column('taken_into_use_on', 'date', 'Dato tatt i bruk', 'Dato teken i bruk', 'Date taken into use'),
    column('stopped_reason', 'text', 'Hvorfor den ble stanset', 'Kvifor ho vart stansa', 'Why it was stopped'),
    column('initiators', 'list', `Hvem som tok initiativet (${codeList(INITIATORS)})`, `Kven som tok initiativet (${codeList(INITIATORS)})`, `Who initiated it (${codeList(INITIATORS)})`),
    column('evaluated', 'boolean', 'Evaluert (true/false, tom = ukjent)', 'Evaluert (true/false, tom = ukjend)', 'Evaluated (true/false, empty = unknown)'),
    column('actively_spread', 'boolean', 'Aktivt spredt (true/false, tom = ukjent)', 'Aktivt spreidd (true/false, tom = ukjend)', 'Actively spread (true/false, empty = unknown)'),
    column('challenges', 'text', 'Utfordringer og feil', 'Utfordringar og feil', 'Challenges and failures'),
    column('lessons', 'text', 'Læring', 'Læring', 'Lessons learned'),
    column('success_conditions', 'text', 'Forutsetninger for å lykkes', 'Føresetnader for å lukkast', 'Conditions for success'),
    column('how_to_replicate', 'text', 'Slik gjør du det samme', 'Slik gjer du det same', 'How to replicate'),
    column('cost_nok', 'number', 'Kostnad i kroner', 'Kostnad i kroner', 'Cost in NOK'),
    column('owner_orgnr', 'string', 'Eierens organisasjonsnummer', 'Organisasjonsnummeret til eigaren', 'Owner organisation number'),
    column('owner_name', 'string', 'Eierorganisasjon', 'Eigarorganisasjon', 'Owner organisation'),
    column('owner_municipality_number', 'string', 'Eierens kommunenummer', 'Kommunenummeret til eigaren', "Owner's municipality number"),
    column('owner_county_number', 'string', 'Eierens fylkesnummer', 'Fylkesnummeret til eigaren', "Owner's county number"),
    column('co_owner_orgnrs', 'list', 'Medeiere (organisasjonsnummer)', 'Medeigarar (organisasjonsnummer)', 'Co-owners (organisation numbers)'),
    column('themes', 'list', 'Tema (LOS-URI-er)', 'Tema (LOS-URI-ar)', 'Themes (LOS URIs)'),
    column('cofog', 'string', 'COFOG-sektor (importerte saker)', 'COFOG-sektor (importerte saker)', 'COFOG sector (imported cases)'),
    column('adoption_count', 'integer', 'Antall organisasjoner som har tatt den i bruk', 'Talet på organisasjonar som har teke ho i bruk', 'Number of organisations that adopted it'),
    column('looking_for_partners', 'boolean', 'Søker partnere', 'Søkjer partnarar', 'Looking for partners'),
    column('language', 'string', 'Språk (nb, nn, en)', 'Språk (nb, nn, en)', 'Language (nb, nn, en)'),
    column('source', 'string', 'Kilde (user, jrc, demo …)', 'Kjelde (user, jrc, demo …)', 'Source (user, jrc, demo …)'),
    column('source_url', 'uri', 'Opprinnelig kilde for importerte saker', 'Opphavleg kjelde for importerte saker', 'Original source of imported cases'),
    column('published_at', 'datetime', 'Publisert (UTC)', 'Publisert (UTC)', 'Published (UTC)'),
    column('updated_at', 'datetime', 'Sist endret (UTC)', 'Sist endra (UTC)', 'Last changed (UTC)'),
  ],
  batches: (db, site) =>
    keysetBatches(
      (after, limit) => publicCasesBatch(db, after, limit),
      (r) => ({
        id: r.id,
        url: `${site.baseUrl}/cases/${r.id}`,
        title: r.title,
        summary: r.summary,
        problem: r.problem,
        what_is_new: r.whatIsNew,
        types: r.types,
        novelty: r.novelty,
        novelty_source_case_id: r.noveltySourceCaseId,
        stage: r.stage,
        status: r.status,
        taken_into_use_on: r.takenIntoUseOn,
        stopped_reason: r.stoppedReason,
        initiators: r.initiators,
        evaluated: r.evaluated,
        actively_spread: r.activelySpread,
        challenges: r.challenges,
        lessons: r.lessons,
        success_conditions: r.successConditions,
        how_to_replicate: r.howToReplicate,
        cost_nok: r.costNok,
        owner_orgnr: r.ownerOrgnr,
        owner_name: r.ownerName,
        owner_municipality_number: r.ownerMunicipalityNumber,
        owner_county_number: r.ownerCountyNumber,
        co_owner_orgnrs: r.coOwnerOrgnrs,
        themes: r.themes,
        cofog: r.cofog,
        adoption_count: r.adoptionCount,
        looking_for_partners: r.lookingForPartners,
        language: r.language,
        source: r.source,
        source_url: r.sourceUrl,
        published_at: isoTime(r.publishedAt),
        updated_at: isoTime(r.updatedAt),
      }),
    ),
  fingerprint: fingerprintOf('cases', casesFingerprint),
};

export const adoptionsDataset: Dataset = {
  id: 'adoptions',
  order: 30,
  title: text('Gjenbruk av innovasjoner', 'Gjenbruk av innovasjonar', 'Reuse of innovations'),
  description: text(
    'Hvem som har tatt hvilke offentlige innovasjoner i bruk, når, hva de endret og hva de fikk ut av det.',
    'Kven som har teke kva for opne innovasjonar i bruk, når, kva dei endra og kva dei fekk ut av det.',
    'Who took which public innovations into use, when, what they changed and what they got from it.',
  ),
  keywords: text('gjenbruk, spredning, innovasjon', 'gjenbruk, spreiing, innovasjon', 'reuse, diffusion, innovation'),
  losTheme: LOS_PUBLIC_SECTOR,
  landingPage: '/cases',
  columns: [
    column('id', 'id', 'Løpenummer', 'Løpenummer', 'Serial number'),
    column('source_case_id', 'id', 'Saken som ble tatt i bruk', 'Saka som vart teken i bruk', 'The case adopted'),
    column('source_case_title', 'string', 'Tittelen på saken', 'Tittelen på saka', 'Title of that case'),
    column('source_orgnr', 'string', 'Organisasjonsnummeret til eieren av saken', 'Organisasjonsnummeret til eigaren av saka', "The case owner's organisation number"),
    column('adopter_orgnr', 'string', 'Organisasjonsnummeret til den som tok den i bruk', 'Organisasjonsnummeret til den som tok ho i bruk', "The adopter's organisation number"),
    column('adopter_name', 'string', 'Den som tok den i bruk', 'Den som tok ho i bruk', 'The adopter'),
    column('adopter_municipality_number', 'string', 'Kommunenummeret til den som tok den i bruk', 'Kommunenummeret til den som tok ho i bruk', "The adopter's municipality number"),
    column('adopter_county_number', 'string', 'Fylkesnummeret til den som tok den i bruk', 'Fylkesnummeret til den som tok ho i bruk', "The adopter's county number"),
    column('adopted_on', 'date', 'Dato tatt i bruk', 'Dato teken i bruk', 'Date adopted'),
    column('changes', 'text', 'Hva de endret', 'Kva dei endra', 'What they changed'),
    column('result', 'text', 'Hva de fikk ut av det', 'Kva dei fekk ut av det', 'What they got from it'),
    column('adopter_case_id', 'id', 'Den nye saken hos den som tok den i bruk, når den er offentlig', 'Den nye saka hos den som tok ho i bruk, når ho er open', "The adopter's own case, when it is public"),
    column('recorded_at', 'datetime', 'Registrert (UTC)', 'Registrert (UTC)', 'Recorded (UTC)'),
  ],
  batches: (db) =>
    keysetBatches(
      (after, limit) => adoptionsBatch(db, after, limit),
      (r) => ({
        id: r.id,
        source_case_id: r.sourceCaseId,
        source_case_title: r.sourceCaseTitle,
        source_orgnr: r.sourceOrgnr,
        adopter_orgnr: r.adopterOrgnr,
        adopter_name: r.adopterName,
        adopter_municipality_number: r.adopterMunicipalityNumber,
        adopter_county_number: r.adopterCountyNumber,
        adopted_on: r.adoptedOn,
        changes: r.changes,
        result: r.result,
        adopter_case_id: r.adopterCaseId,
        recorded_at: isoTime(r.createdAt),
      }),
    ),
  fingerprint: fingerprintOf('adoptions', adoptionsFingerprint),
};
