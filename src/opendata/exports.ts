import { CASE_TYPES, INITIATORS, NOVELTIES, STAGES, STATUSES } from '../cases/index.js';
import { LOOKING_FOR, RESPONSE_KINDS, STATES } from '../challenges/index.js';
import { ORG_KINDS } from '../core/viewer.js';
import { keysetBatches, registerDataset, type Column, type ColumnType, type Dataset, type Text } from '../core/datasets.js';
import * as q from './opendata.queries.js';
import { barometerDataset } from './barometer.js';

/**
 * The datasets of the core features (cases, organisations, adoptions, challenges and their public
 * responses), registered in datasets.ts. Contact people, e-mail addresses, members, drafts, cases
 * not public, private proposals and who wrote what are never exported.
 */

const t = (nb: string, nn: string, en: string): Text => ({ nb, nn, en });
const col = (name: string, type: ColumnType, nb: string, nn: string, en: string): Column => ({ name, type, description: t(nb, nn, en) });
const codes = (values: readonly string[]) => values.join(', ');
const iso = (d: Date | string | null) => (d === null ? null : d instanceof Date ? d.toISOString() : new Date(d).toISOString());

function fingerprintOf(dataset: string) {
  return async (db: Parameters<Dataset['fingerprint']>[0]) => {
    const f = await q.fingerprint(db, dataset);
    return { tag: `${dataset}:${f.count}:${f.last?.toISOString() ?? ''}:${f.extra}`, lastModified: f.last };
  };
}

/** LOS has no «public administration» theme; democracy and citizens' rights is the nearest main theme. The EU data theme GOVE says the rest. */
const LOS_CASES = 'https://psi.norge.no/los/tema/demokrati-og-innbyggerrettigheter';

export const casesDataset: Dataset = {
  id: 'cases',
  title: t('Innovasjoner i offentlig sektor', 'Innovasjonar i offentleg sektor', 'Public-sector innovations'),
  description: t(
    'Alle publiserte, offentlige innovasjonssaker i Nytenk: hva som er nytt, hvem som eier dem, status, tema (LOS), læring og gjenbruk.',
    'Alle publiserte, opne innovasjonssaker i Nytenk: kva som er nytt, kven som eig dei, status, tema (LOS), læring og gjenbruk.',
    'Every published, public innovation case on Nytenk: what is new, who owns it, status, themes (LOS), lessons and reuse.',
  ),
  keywords: t('innovasjon, offentlig sektor, gjenbruk', 'innovasjon, offentleg sektor, gjenbruk', 'innovation, public sector, reuse'),
  losTheme: LOS_CASES,
  landingPage: '/cases',
  columns: [
    col('id', 'id', 'Saksnummer i Nytenk', 'Saksnummer i Nytenk', 'Case number on Nytenk'),
    col('url', 'uri', 'Sakens side', 'Sida til saka', 'The case page'),
    col('title', 'string', 'Tittel', 'Tittel', 'Title'),
    col('summary', 'text', 'Sammendrag', 'Samandrag', 'Summary'),
    col('problem', 'text', 'Problem eller behov', 'Problem eller behov', 'Problem or need'),
    col('what_is_new', 'text', 'Hva som er nytt', 'Kva som er nytt', 'What is new'),
    col('types', 'list', `Innovasjonstyper (${codes(CASE_TYPES)})`, `Innovasjonstypar (${codes(CASE_TYPES)})`, `Innovation types (${codes(CASE_TYPES)})`),
    col('novelty', 'string', `Nyhetsgrad (${codes(NOVELTIES)})`, `Nyheitsgrad (${codes(NOVELTIES)})`, `Novelty (${codes(NOVELTIES)})`),
    col('novelty_source_case_id', 'id', 'Saken den er tilpasset eller kopiert fra, når den er offentlig', 'Saka ho er tilpassa eller kopiert frå, når ho er open', 'The case it was adapted or copied from, when that case is public'),
    col('stage', 'string', `Fase, OECD OPSI (${codes(STAGES)})`, `Fase, OECD OPSI (${codes(STAGES)})`, `Stage, OECD OPSI (${codes(STAGES)})`),
    col('status', 'string', `Status (${codes(STATUSES)})`, `Status (${codes(STATUSES)})`, `Status (${codes(STATUSES)})`),
    col('taken_into_use_on', 'date', 'Dato tatt i bruk', 'Dato teken i bruk', 'Date taken into use'),
    col('stopped_reason', 'text', 'Hvorfor den ble stanset', 'Kvifor ho vart stansa', 'Why it was stopped'),
    col('initiators', 'list', `Hvem som tok initiativet (${codes(INITIATORS)})`, `Kven som tok initiativet (${codes(INITIATORS)})`, `Who initiated it (${codes(INITIATORS)})`),
    col('evaluated', 'boolean', 'Evaluert (true/false, tom = ukjent)', 'Evaluert (true/false, tom = ukjend)', 'Evaluated (true/false, empty = unknown)'),
    col('actively_spread', 'boolean', 'Aktivt spredt (true/false, tom = ukjent)', 'Aktivt spreidd (true/false, tom = ukjend)', 'Actively spread (true/false, empty = unknown)'),
    col('challenges', 'text', 'Utfordringer og feil', 'Utfordringar og feil', 'Challenges and failures'),
    col('lessons', 'text', 'Læring', 'Læring', 'Lessons learned'),
    col('success_conditions', 'text', 'Forutsetninger for å lykkes', 'Føresetnader for å lukkast', 'Conditions for success'),
    col('how_to_replicate', 'text', 'Slik gjør du det samme', 'Slik gjer du det same', 'How to replicate'),
    col('cost_nok', 'number', 'Kostnad i kroner', 'Kostnad i kroner', 'Cost in NOK'),
    col('owner_orgnr', 'string', 'Eierens organisasjonsnummer', 'Organisasjonsnummeret til eigaren', 'Owner organisation number'),
    col('owner_name', 'string', 'Eierorganisasjon', 'Eigarorganisasjon', 'Owner organisation'),
    col('owner_municipality_number', 'string', 'Eierens kommunenummer', 'Kommunenummeret til eigaren', "Owner's municipality number"),
    col('owner_county_number', 'string', 'Eierens fylkesnummer', 'Fylkesnummeret til eigaren', "Owner's county number"),
    col('co_owner_orgnrs', 'list', 'Medeiere (organisasjonsnummer)', 'Medeigarar (organisasjonsnummer)', 'Co-owners (organisation numbers)'),
    col('themes', 'list', 'Tema (LOS-URI-er)', 'Tema (LOS-URI-ar)', 'Themes (LOS URIs)'),
    col('cofog', 'string', 'COFOG-sektor (importerte saker)', 'COFOG-sektor (importerte saker)', 'COFOG sector (imported cases)'),
    col('adoption_count', 'integer', 'Antall organisasjoner som har tatt den i bruk', 'Talet på organisasjonar som har teke ho i bruk', 'Number of organisations that adopted it'),
    col('looking_for_partners', 'boolean', 'Søker partnere', 'Søkjer partnarar', 'Looking for partners'),
    col('language', 'string', 'Språk (nb, nn, en)', 'Språk (nb, nn, en)', 'Language (nb, nn, en)'),
    col('source', 'string', 'Kilde (user, jrc, demo …)', 'Kjelde (user, jrc, demo …)', 'Source (user, jrc, demo …)'),
    col('source_url', 'uri', 'Opprinnelig kilde for importerte saker', 'Opphavleg kjelde for importerte saker', 'Original source of imported cases'),
    col('published_at', 'datetime', 'Publisert (UTC)', 'Publisert (UTC)', 'Published (UTC)'),
    col('updated_at', 'datetime', 'Sist endret (UTC)', 'Sist endra (UTC)', 'Last changed (UTC)'),
  ],
  batches: (db, site) =>
    keysetBatches(
      (after, limit) => q.publicCasesBatch(db, after, limit),
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
        published_at: iso(r.publishedAt),
        updated_at: iso(r.updatedAt),
      }),
    ),
  fingerprint: fingerprintOf('cases'),
};

export const organisationsDataset: Dataset = {
  id: 'organisations',
  title: t('Organisasjoner i Nytenk', 'Organisasjonar i Nytenk', 'Organisations on Nytenk'),
  description: t(
    'Kommuner, fylkeskommuner, statlige virksomheter og partnere i Nytenk, med antall offentlige saker, utfordringer og gjenbruk.',
    'Kommunar, fylkeskommunar, statlege verksemder og partnarar i Nytenk, med talet på opne saker, utfordringar og gjenbruk.',
    'Municipalities, county authorities, state agencies and partners on Nytenk, with their numbers of public cases, challenges and adoptions.',
  ),
  keywords: t('kommuner, statlige virksomheter, organisasjoner', 'kommunar, statlege verksemder, organisasjonar', 'municipalities, state agencies, organisations'),
  losTheme: LOS_CASES,
  landingPage: '/organisations',
  columns: [
    col('orgnr', 'string', 'Organisasjonsnummer (Enhetsregisteret)', 'Organisasjonsnummer (Einingsregisteret)', 'Organisation number (Central Coordinating Register)'),
    col('name', 'string', 'Navn', 'Namn', 'Name'),
    col('kind', 'string', `Slag (${codes(ORG_KINDS)})`, `Slag (${codes(ORG_KINDS)})`, `Kind (${codes(ORG_KINDS)})`),
    col('org_form', 'string', 'Organisasjonsform (KOMM, FYLK, ORGL …)', 'Organisasjonsform (KOMM, FYLK, ORGL …)', 'Organisation form (KOMM, FYLK, ORGL …)'),
    col('county_number', 'string', 'Fylkesnummer', 'Fylkesnummer', 'County number'),
    col('municipality_number', 'string', 'Kommunenummer', 'Kommunenummer', 'Municipality number'),
    col('parent_orgnr', 'string', 'Overordnet organisasjon (departement)', 'Overordna organisasjon (departement)', 'Parent organisation (ministry)'),
    col('website', 'uri', 'Nettsted', 'Nettstad', 'Website'),
    col('country', 'string', 'Land (ISO 3166)', 'Land (ISO 3166)', 'Country (ISO 3166)'),
    col('public_cases', 'integer', 'Publiserte, offentlige saker den eier', 'Publiserte, opne saker ho eig', 'Published public cases it owns'),
    col('challenges', 'integer', 'Utfordringer den har lagt ut', 'Utfordringar ho har lagt ut', 'Challenges it has posted'),
    col('adoptions', 'integer', 'Offentlige saker den har tatt i bruk', 'Opne saker ho har teke i bruk', 'Public cases it has adopted'),
    col('url', 'uri', 'Organisasjonens side', 'Sida til organisasjonen', 'The organisation page'),
  ],
  batches: (db, site) =>
    keysetBatches(
      (after, limit) => q.organisationsBatch(db, after, limit),
      (r) => ({
        orgnr: r.orgnr,
        name: r.name,
        kind: r.kind,
        org_form: r.orgForm,
        county_number: r.countyNumber,
        municipality_number: r.municipalityNumber,
        parent_orgnr: r.parentOrgnr,
        website: r.website,
        country: r.country,
        public_cases: r.publicCases,
        challenges: r.challenges,
        adoptions: r.adoptions,
        url: r.orgnr ? `${site.baseUrl}/organisations/${r.orgnr}` : null,
      }),
    ),
  fingerprint: fingerprintOf('organisations'),
};

export const adoptionsDataset: Dataset = {
  id: 'adoptions',
  title: t('Gjenbruk av innovasjoner', 'Gjenbruk av innovasjonar', 'Reuse of innovations'),
  description: t(
    'Hvem som har tatt hvilke offentlige innovasjoner i bruk, når, hva de endret og hva de fikk ut av det.',
    'Kven som har teke kva for opne innovasjonar i bruk, når, kva dei endra og kva dei fekk ut av det.',
    'Who took which public innovations into use, when, what they changed and what they got from it.',
  ),
  keywords: t('gjenbruk, spredning, innovasjon', 'gjenbruk, spreiing, innovasjon', 'reuse, diffusion, innovation'),
  losTheme: LOS_CASES,
  landingPage: '/cases',
  columns: [
    col('id', 'id', 'Løpenummer', 'Løpenummer', 'Serial number'),
    col('source_case_id', 'id', 'Saken som ble tatt i bruk', 'Saka som vart teken i bruk', 'The case adopted'),
    col('source_case_title', 'string', 'Tittelen på saken', 'Tittelen på saka', 'Title of that case'),
    col('source_orgnr', 'string', 'Organisasjonsnummeret til eieren av saken', 'Organisasjonsnummeret til eigaren av saka', "The case owner's organisation number"),
    col('adopter_orgnr', 'string', 'Organisasjonsnummeret til den som tok den i bruk', 'Organisasjonsnummeret til den som tok ho i bruk', "The adopter's organisation number"),
    col('adopter_name', 'string', 'Den som tok den i bruk', 'Den som tok ho i bruk', 'The adopter'),
    col('adopter_municipality_number', 'string', 'Kommunenummeret til den som tok den i bruk', 'Kommunenummeret til den som tok ho i bruk', "The adopter's municipality number"),
    col('adopter_county_number', 'string', 'Fylkesnummeret til den som tok den i bruk', 'Fylkesnummeret til den som tok ho i bruk', "The adopter's county number"),
    col('adopted_on', 'date', 'Dato tatt i bruk', 'Dato teken i bruk', 'Date adopted'),
    col('changes', 'text', 'Hva de endret', 'Kva dei endra', 'What they changed'),
    col('result', 'text', 'Hva de fikk ut av det', 'Kva dei fekk ut av det', 'What they got from it'),
    col('adopter_case_id', 'id', 'Den nye saken hos den som tok den i bruk, når den er offentlig', 'Den nye saka hos den som tok ho i bruk, når ho er open', "The adopter's own case, when it is public"),
    col('recorded_at', 'datetime', 'Registrert (UTC)', 'Registrert (UTC)', 'Recorded (UTC)'),
  ],
  batches: (db) =>
    keysetBatches(
      (after, limit) => q.adoptionsBatch(db, after, limit),
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
        recorded_at: iso(r.createdAt),
      }),
    ),
  fingerprint: fingerprintOf('adoptions'),
};

export const challengesDataset: Dataset = {
  id: 'challenges',
  title: t('Utfordringer fra offentlig sektor', 'Utfordringar frå offentleg sektor', 'Challenges posted by the public sector'),
  description: t(
    'Behov som offentlige virksomheter har lagt ut for å finne andre med samme behov, løsninger og partnere.',
    'Behov som offentlege verksemder har lagt ut for å finne andre med same behov, løysingar og partnarar.',
    'Needs posted by public bodies to find others with the same need, solutions and partners.',
  ),
  keywords: t('utfordringer, behov, samarbeid', 'utfordringar, behov, samarbeid', 'challenges, needs, collaboration'),
  losTheme: LOS_CASES,
  landingPage: '/challenges',
  columns: [
    col('id', 'id', 'Nummer i Nytenk', 'Nummer i Nytenk', 'Number on Nytenk'),
    col('url', 'uri', 'Utfordringens side', 'Sida til utfordringa', 'The challenge page'),
    col('title', 'string', 'Tittel', 'Tittel', 'Title'),
    col('description', 'text', 'Beskrivelse', 'Skildring', 'Description'),
    col('users_concerned', 'text', 'Hvem det gjelder', 'Kven det gjeld', 'Who it concerns'),
    col('looking_for', 'list', `Ser etter (${codes(LOOKING_FOR)})`, `Ser etter (${codes(LOOKING_FOR)})`, `Looking for (${codes(LOOKING_FOR)})`),
    col('deadline', 'date', 'Frist', 'Frist', 'Deadline'),
    col('state', 'string', `Tilstand (${codes(STATES)})`, `Tilstand (${codes(STATES)})`, `State (${codes(STATES)})`),
    col('outcome', 'string', 'Utfall når lukket (solved, not_solved, merged)', 'Utfall når lukka (solved, not_solved, merged)', 'Outcome when closed (solved, not_solved, merged)'),
    col('merged_into_id', 'id', 'Utfordringen den ble slått sammen med', 'Utfordringa ho vart slått saman med', 'The challenge it was merged into'),
    col('owner_orgnr', 'string', 'Organisasjonsnummeret til den som la den ut', 'Organisasjonsnummeret til den som la ho ut', "The poster's organisation number"),
    col('owner_name', 'string', 'Den som la den ut', 'Den som la ho ut', 'Posted by'),
    col('co_owner_orgnrs', 'list', 'Medeiere med samme behov (organisasjonsnummer)', 'Medeigarar med same behov (organisasjonsnummer)', 'Co-owners with the same need (organisation numbers)'),
    col('themes', 'list', 'Tema (LOS-URI-er)', 'Tema (LOS-URI-ar)', 'Themes (LOS URIs)'),
    col('public_responses', 'integer', 'Antall offentlige svar', 'Talet på opne svar', 'Number of public responses'),
    col('language', 'string', 'Språk (nb, nn, en)', 'Språk (nb, nn, en)', 'Language (nb, nn, en)'),
    col('created_at', 'datetime', 'Lagt ut (UTC)', 'Lagt ut (UTC)', 'Posted (UTC)'),
    col('updated_at', 'datetime', 'Sist endret (UTC)', 'Sist endra (UTC)', 'Last changed (UTC)'),
  ],
  batches: (db, site) =>
    keysetBatches(
      (after, limit) => q.challengesBatch(db, after, limit),
      (r) => ({
        id: r.id,
        url: `${site.baseUrl}/challenges/${r.id}`,
        title: r.title,
        description: r.description,
        users_concerned: r.usersConcerned,
        looking_for: r.lookingFor,
        deadline: r.deadline,
        state: r.state,
        outcome: r.outcome,
        merged_into_id: r.mergedIntoId,
        owner_orgnr: r.ownerOrgnr,
        owner_name: r.ownerName,
        co_owner_orgnrs: r.coOwnerOrgnrs,
        themes: r.themes,
        public_responses: r.publicResponses,
        language: r.language,
        created_at: iso(r.createdAt),
        updated_at: iso(r.updatedAt),
      }),
    ),
  fingerprint: fingerprintOf('challenges'),
};

export const responsesDataset: Dataset = {
  id: 'challenge-responses',
  title: t('Offentlige svar på utfordringer', 'Opne svar på utfordringar', 'Public responses to challenges'),
  description: t(
    '«Vi har samme behov», «vi har løst dette» (godtatt av eierne, med en offentlig sak) og offentlige forslag. Forslag som avsenderen har holdt private, er ikke med.',
    '«Vi har same behov», «vi har løyst dette» (godteke av eigarane, med ei open sak) og opne forslag. Forslag som avsendaren har halde private, er ikkje med.',
    '"We have the same need", "we solved this" (accepted by the owners, with a public case) and public proposals. Proposals their senders kept private are not included.',
  ),
  keywords: t('utfordringer, samarbeid, forslag', 'utfordringar, samarbeid, forslag', 'challenges, collaboration, proposals'),
  losTheme: LOS_CASES,
  landingPage: '/challenges',
  columns: [
    col('id', 'id', 'Løpenummer', 'Løpenummer', 'Serial number'),
    col('challenge_id', 'id', 'Utfordringen', 'Utfordringa', 'The challenge'),
    col('kind', 'string', `Slag svar (${codes(RESPONSE_KINDS)})`, `Slag svar (${codes(RESPONSE_KINDS)})`, `Kind of response (${codes(RESPONSE_KINDS)})`),
    col('orgnr', 'string', 'Organisasjonsnummeret til den som svarte', 'Organisasjonsnummeret til den som svara', "The responder's organisation number"),
    col('org_name', 'string', 'Organisasjonen som svarte', 'Organisasjonen som svara', 'The responding organisation'),
    col('body', 'text', 'Svaret', 'Svaret', 'The response'),
    col('case_id', 'id', 'Saken som løste det («solved»), når den er offentlig', 'Saka som løyste det («solved»), når ho er open', 'The case that solved it ("solved"), when public'),
    col('created_at', 'datetime', 'Sendt (UTC)', 'Sendt (UTC)', 'Sent (UTC)'),
  ],
  batches: (db) =>
    keysetBatches(
      (after, limit) => q.publicResponsesBatch(db, after, limit),
      (r) => ({ id: r.id, challenge_id: r.challengeId, kind: r.kind, orgnr: r.orgnr, org_name: r.orgName, body: r.body, case_id: r.caseId, created_at: iso(r.createdAt) }),
    ),
  fingerprint: fingerprintOf('challenge-responses'),
};

let registered = false;
/** Registers the core datasets once (the app may be built several times in one process, e.g. tests). */
export function registerCoreDatasets(): void {
  if (registered) return;
  registered = true;
  for (const d of [casesDataset, organisationsDataset, adoptionsDataset, challengesDataset, responsesDataset, barometerDataset]) registerDataset(d);
}
