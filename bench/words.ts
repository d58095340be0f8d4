/**
 * Word lists for the benchmark data generator. Each phrase exists in bokmål, nynorsk and English so
 * a case can be written in any of the three. Domain phrases are noun phrases (units in definite
 * form, problems and solutions indefinite) or whole clauses (outcomes), so templates stay grammatical.
 *
 * The names are invented; any likeness to a real company, institute or association is chance.
 */
import type { BenefitCategory } from '../src/cases/cases.model.js';
import type { OrgKind } from '../src/db/schema.js';

export type { BenefitCategory };

export type Lang = 'nb' | 'nn' | 'en';
export type L3 = Readonly<Record<Lang, string>>;

const t = (nb: string, nn: string, en: string): L3 => ({ nb, nn, en });

export interface Domain {
  key: string;
  /** Which kinds of public body run services of this kind (weighted by repetition). */
  owners: readonly OrgKind[];
  /** Labels (bokmål) of Digdir LOS concepts in resources/los: the first a main theme, then narrower ones. */
  themes: readonly string[];
  units: readonly L3[];
  groups: readonly L3[];
  problems: readonly L3[];
  solutions: readonly L3[];
  /** Clauses: "Målet er at …". */
  outcomes: readonly L3[];
}

const M: OrgKind = 'municipality';
const C: OrgKind = 'county_authority';
const S: OrgKind = 'state_agency';
const P: OrgKind = 'other_public';

export const DOMAINS: readonly Domain[] = [
  {
    key: 'health',
    owners: [M, M, M, M, P, P],
    themes: ['Helse og omsorg', 'Omsorgstjenester', 'Hjemmesykepleie', 'Trygghet i hjemmet', 'Sykehjem', 'Rehabilitering', 'Psykisk helse', 'Hjelpemidler', 'Avlastning og støtte'],
    units: [
      t('hjemmetjenesten', 'heimetenesta', 'the home care service'),
      t('sykehjemmet', 'sjukeheimen', 'the nursing home'),
      t('legevakten', 'legevakta', 'the out-of-hours medical service'),
      t('helsestasjonen', 'helsestasjonen', 'the child health centre'),
      t('rus- og psykiatritjenesten', 'rus- og psykiatritenesta', 'the mental health and addiction service'),
      t('tildelingskontoret', 'tildelingskontoret', 'the care allocation office'),
    ],
    groups: [
      t('eldre som bor hjemme', 'eldre som bur heime', 'older people living at home'),
      t('personer med demens', 'personar med demens', 'people with dementia'),
      t('pårørende', 'pårørande', 'next of kin'),
      t('ungdom med psykiske plager', 'ungdom med psykiske plager', 'young people with mental health problems'),
      t('kronisk syke', 'kronisk sjuke', 'people with chronic illness'),
      t('nybakte foreldre', 'nybakte foreldre', 'new parents'),
    ],
    problems: [
      t('mange unødvendige nattbesøk', 'mange unødvendige nattbesøk', 'many unnecessary night visits'),
      t('lange ventetider på vedtak', 'lange ventetider på vedtak', 'long waits for decisions'),
      t('høyt sykefravær blant ansatte', 'høgt sjukefråvær blant dei tilsette', 'high sick leave among staff'),
      t('manuelle rutiner for medisinutdeling', 'manuelle rutinar for medisinutdeling', 'manual routines for dispensing medicine'),
      t('mange reinnleggelser på sykehus', 'mange reinnleggingar på sjukehus', 'many hospital readmissions'),
      t('lite tid til hver bruker', 'lite tid til kvar brukar', 'little time for each service user'),
      t('ensomhet blant eldre', 'einsemd blant eldre', 'loneliness among older people'),
    ],
    solutions: [
      t('digitalt tilsyn om natten', 'digitalt tilsyn om natta', 'digital night-time monitoring'),
      t('elektroniske medisindispensere', 'elektroniske medisindispenserar', 'electronic medicine dispensers'),
      t('digital hjemmeoppfølging', 'digital heimeoppfølging', 'remote patient monitoring'),
      t('hverdagsrehabilitering', 'kvardagsrehabilitering', 'everyday rehabilitation'),
      t('videokonsultasjoner', 'videokonsultasjonar', 'video consultations'),
      t('sensorbasert fallvarsling', 'sensorbasert fallvarsling', 'sensor-based fall alerts'),
      t('smart ruteplanlegging', 'smart ruteplanlegging', 'smart route planning'),
      t('aktivitetsvenner', 'aktivitetsvener', 'activity buddies'),
    ],
    outcomes: [
      t('flere kan bo trygt hjemme lenger', 'fleire kan bu trygt heime lenger', 'more people can live safely at home for longer'),
      t('de ansatte får mer tid til omsorg', 'dei tilsette får meir tid til omsorg', 'staff get more time for care'),
      t('færre blir innlagt på sykehus', 'færre blir lagde inn på sjukehus', 'fewer people are admitted to hospital'),
      t('pårørende blir avlastet', 'pårørande blir avlasta', 'next of kin get respite'),
    ],
  },
  {
    key: 'education',
    owners: [M, M, M, C],
    themes: ['Skole og utdanning', 'Grunnskole', 'Barnehage', 'Skolemiljø', 'Fravær', 'Spesialundervisning', 'Barnevern', 'Videregående skole'],
    units: [
      t('skolen', 'skulen', 'the school'),
      t('barnehagen', 'barnehagen', 'the kindergarten'),
      t('PP-tjenesten', 'PP-tenesta', 'the educational psychology service'),
      t('barnevernstjenesten', 'barnevernstenesta', 'the child welfare service'),
      t('oppvekstsektoren', 'oppvekstsektoren', 'the children and education sector'),
      t('den videregående skolen', 'den vidaregåande skulen', 'the upper secondary school'),
    ],
    groups: [
      t('elever med stort fravær', 'elevar med stort fråvær', 'pupils with high absence'),
      t('barn med særskilte behov', 'barn med særskilde behov', 'children with special needs'),
      t('minoritetsspråklige foreldre', 'minoritetsspråklege foreldre', 'minority-language parents'),
      t('ungdom som står i fare for å droppe ut', 'ungdom som står i fare for å droppe ut', 'young people at risk of dropping out'),
      t('familier med lav inntekt', 'familiar med låg inntekt', 'low-income families'),
      t('nyankomne elever', 'nykomne elevar', 'newly arrived pupils'),
    ],
    problems: [
      t('høyt skolefravær', 'høgt skulefråvær', 'high school absence'),
      t('sen oppdagelse av lese- og skrivevansker', 'sein oppdaging av lese- og skrivevanskar', 'late detection of reading and writing difficulties'),
      t('lang ventetid på sakkyndige vurderinger', 'lang ventetid på sakkunnige vurderingar', 'long waits for expert assessments'),
      t('tungvint søknad om barnehageplass', 'tungvint søknad om barnehageplass', 'cumbersome kindergarten applications'),
      t('svak samhandling mellom skole og hjem', 'svak samhandling mellom skule og heim', 'weak cooperation between school and home'),
      t('frafall i videregående opplæring', 'fråfall i vidaregåande opplæring', 'dropout from upper secondary education'),
    ],
    solutions: [
      t('digital fraværsoppfølging', 'digital fråversoppfølging', 'digital follow-up of absence'),
      t('tidlig innsats-team', 'tidleg innsats-team', 'early intervention teams'),
      t('automatisk barnehageopptak', 'automatisk barnehageopptak', 'automated kindergarten admission'),
      t('tolketjeneste via video', 'tolketeneste via video', 'video interpreting'),
      t('læringsvenner på tvers av trinn', 'læringsvener på tvers av trinn', 'peer learning buddies across year groups'),
      t('skolemiljøteam', 'skulemiljøteam', 'school environment teams'),
      t('chatbot for foreldre', 'chatbot for foreldre', 'a chatbot for parents'),
    ],
    outcomes: [
      t('flere elever fullfører skolen', 'fleire elevar fullfører skulen', 'more pupils complete school'),
      t('barn får hjelp tidligere', 'barn får hjelp tidlegare', 'children get help earlier'),
      t('foreldre får raskere svar', 'foreldre får raskare svar', 'parents get faster answers'),
      t('lærerne får mer tid til undervisning', 'lærarane får meir tid til undervisning', 'teachers get more time for teaching'),
    ],
  },
  {
    key: 'work',
    owners: [M, M, S],
    themes: ['Sosiale tjenester', 'Arbeid', 'Kvalifisering til arbeid', 'Sosialhjelp', 'Introduksjonsprogram for innvandrere', 'Norskopplæring', 'Kommunal bolig', 'Arbeidssøking'],
    units: [
      t('NAV-kontoret', 'NAV-kontoret', 'the NAV office'),
      t('flyktningtjenesten', 'flyktningtenesta', 'the refugee service'),
      t('voksenopplæringen', 'vaksenopplæringa', 'the adult education centre'),
      t('boligkontoret', 'bustadkontoret', 'the housing office'),
      t('arbeidstreningen', 'arbeidstreninga', 'the work training service'),
    ],
    groups: [
      t('unge arbeidsledige', 'unge arbeidsledige', 'young unemployed people'),
      t('langtidsmottakere av sosialhjelp', 'langtidsmottakarar av sosialhjelp', 'long-term social assistance recipients'),
      t('nyankomne flyktninger', 'nykomne flyktningar', 'newly arrived refugees'),
      t('personer med nedsatt arbeidsevne', 'personar med nedsett arbeidsevne', 'people with reduced work capacity'),
      t('bostedsløse', 'bustadlause', 'homeless people'),
    ],
    problems: [
      t('lang tid fra søknad til utbetaling', 'lang tid frå søknad til utbetaling', 'long delays from application to payment'),
      t('få overganger til arbeid', 'få overgangar til arbeid', 'few transitions into work'),
      t('mange henvendelser om de samme spørsmålene', 'mange førespurnader om dei same spørsmåla', 'many enquiries about the same questions'),
      t('dobbeltregistrering i flere fagsystemer', 'dobbeltregistrering i fleire fagsystem', 'double entry in several case systems'),
      t('svake norskferdigheter', 'svake norskdugleikar', 'weak Norwegian language skills'),
    ],
    solutions: [
      t('automatisk saksbehandling av sosialhjelp', 'automatisk sakshandsaming av sosialhjelp', 'automated processing of social assistance'),
      t('jobbspesialister i team', 'jobbspesialistar i team', 'job specialists working in teams'),
      t('språkpraksis i lokale bedrifter', 'språkpraksis i lokale bedrifter', 'language placements in local businesses'),
      t('digital chat med veiledere', 'digital chat med rettleiarar', 'digital chat with advisers'),
      t('Bolig først', 'Bustad først', 'Housing First'),
      t('robotisert prosessautomatisering', 'robotisert prosessautomatisering', 'robotic process automation'),
    ],
    outcomes: [
      t('flere kommer i arbeid', 'fleire kjem i arbeid', 'more people get into work'),
      t('innbyggerne får raskere svar', 'innbyggjarane får raskare svar', 'residents get faster answers'),
      t('veilederne får mer tid til oppfølging', 'rettleiarane får meir tid til oppfølging', 'advisers get more time for follow-up'),
    ],
  },
  {
    key: 'transport',
    owners: [C, C, C, M, S],
    themes: ['Trafikk og transport', 'Mobilitetstilbud', 'Veg og vegregulering', 'Skoleskyss', 'Trafikkinformasjon', 'Sykkel'],
    units: [
      t('samferdselsavdelingen', 'samferdselsavdelinga', 'the transport department'),
      t('skoleskyssen', 'skuleskyssen', 'the school transport service'),
      t('vegavdelingen', 'vegavdelinga', 'the roads department'),
      t('kollektivselskapet', 'kollektivselskapet', 'the public transport company'),
      t('parkeringsetaten', 'parkeringsetaten', 'the parking authority'),
    ],
    groups: [
      t('elever med skoleskyss', 'elevar med skuleskyss', 'pupils using school transport'),
      t('pendlere', 'pendlarar', 'commuters'),
      t('innbyggere i spredtbygde strøk', 'innbyggjarar i spreiddbygde strok', 'residents in sparsely populated areas'),
      t('syklister', 'syklistar', 'cyclists'),
      t('eldre uten bil', 'eldre utan bil', 'older people without a car'),
    ],
    problems: [
      t('tomme busser i distriktene', 'tomme bussar i distrikta', 'empty buses in rural areas'),
      t('dyr og lite fleksibel skoleskyss', 'dyr og lite fleksibel skuleskyss', 'expensive and inflexible school transport'),
      t('hull i veien som meldes for sent', 'hòl i vegen som blir melde for seint', 'potholes reported too late'),
      t('mange ulykker på skoleveien', 'mange ulukker på skulevegen', 'many accidents on the way to school'),
      t('køer i rushtiden', 'køar i rushtida', 'rush-hour congestion'),
    ],
    solutions: [
      t('bestillingstransport på app', 'bestillingstransport på app', 'on-demand transport by app'),
      t('sensorer som måler veiforholdene', 'sensorar som måler vegtilhøva', 'sensors measuring road conditions'),
      t('digital skyssbestilling', 'digital skyssbestilling', 'digital booking of school transport'),
      t('bildeanalyse av veidekket', 'biletanalyse av vegdekket', 'image analysis of the road surface'),
      t('sykkelveier med smart belysning', 'sykkelvegar med smart lys', 'cycle paths with smart lighting'),
      t('mobilitetspunkter', 'mobilitetspunkt', 'mobility hubs'),
    ],
    outcomes: [
      t('flere reiser kollektivt', 'fleire reiser kollektivt', 'more people use public transport'),
      t('vedlikeholdet blir planlagt bedre', 'vedlikehaldet blir planlagt betre', 'maintenance is planned better'),
      t('skoleveien blir tryggere', 'skulevegen blir tryggare', 'the way to school becomes safer'),
    ],
  },
  {
    key: 'environment',
    owners: [M, M, M, C, S],
    themes: ['Natur, klima og miljø', 'Avfallshåndtering', 'Vann og avløp', 'Klimatiltak', 'Energi', 'Flomvarsel', 'Landbruk'],
    units: [
      t('renovasjonsselskapet', 'renovasjonsselskapet', 'the waste management company'),
      t('vann- og avløpsetaten', 'vass- og avløpsetaten', 'the water and sewage department'),
      t('miljøavdelingen', 'miljøavdelinga', 'the environment department'),
      t('eiendomsforvaltningen', 'eigedomsforvaltninga', 'the property management department'),
      t('landbrukskontoret', 'landbrukskontoret', 'the agricultural office'),
    ],
    groups: [
      t('husholdninger', 'hushald', 'households'),
      t('hytteeiere', 'hytteeigarar', 'cabin owners'),
      t('næringsdrivende', 'næringsdrivande', 'local businesses'),
      t('bønder', 'bønder', 'farmers'),
      t('innbyggere i flomutsatte områder', 'innbyggjarar i flaumutsette område', 'residents in flood-prone areas'),
    ],
    problems: [
      t('store lekkasjer i vannledningsnettet', 'store lekkasjar i vassleidningsnettet', 'large leaks in the water mains'),
      t('lav utsortering av matavfall', 'låg utsortering av matavfall', 'low sorting of food waste'),
      t('høyt energiforbruk i kommunale bygg', 'høgt energiforbruk i kommunale bygg', 'high energy use in municipal buildings'),
      t('overvann som gir skader', 'overvatn som gjev skadar', 'stormwater damage'),
      t('forsøpling i naturen', 'forsøpling i naturen', 'littering in nature'),
    ],
    solutions: [
      t('digitale vannmålere', 'digitale vassmålarar', 'smart water meters'),
      t('sensorer i avfallsbeholdere', 'sensorar i avfallsbehaldarar', 'sensors in waste containers'),
      t('energistyring med kunstig intelligens', 'energistyring med kunstig intelligens', 'AI-based energy management'),
      t('grønne tak og regnbed', 'grøne tak og regnbed', 'green roofs and rain gardens'),
      t('ombrukssentral for møbler', 'ombrukssentral for møblar', 'a reuse centre for furniture'),
      t('lekkasjesøk med akustiske sensorer', 'lekkasjesøk med akustiske sensorar', 'leak detection with acoustic sensors'),
    ],
    outcomes: [
      t('klimagassutslippene går ned', 'klimagassutsleppa går ned', 'greenhouse gas emissions fall'),
      t('mindre vann går tapt', 'mindre vatn går tapt', 'less water is lost'),
      t('mer avfall blir gjenvunnet', 'meir avfall blir attvunne', 'more waste is recycled'),
    ],
  },
  {
    key: 'planning',
    owners: [M, M, C, S],
    themes: ['Bygg og eiendom', 'Byggesak', 'Planer', 'Kommuneplan', 'Oppmåling', 'Eiendomsskatt'],
    units: [
      t('byggesaksavdelingen', 'byggjesaksavdelinga', 'the building permits department'),
      t('planavdelingen', 'planavdelinga', 'the planning department'),
      t('kart- og oppmålingstjenesten', 'kart- og oppmålingstenesta', 'the mapping and surveying service'),
      t('eiendomsskattekontoret', 'eigedomsskattekontoret', 'the property tax office'),
    ],
    groups: [
      t('tiltakshavere', 'tiltakshavarar', 'building applicants'),
      t('utbyggere', 'utbyggjarar', 'developers'),
      t('naboer', 'naboar', 'neighbours'),
      t('boligeiere', 'bustadeigarar', 'homeowners'),
    ],
    problems: [
      t('mangelfulle byggesøknader', 'mangelfulle byggjesøknader', 'incomplete building applications'),
      t('lang saksbehandlingstid for byggesaker', 'lang sakshandsamingstid for byggjesaker', 'long processing times for building permits'),
      t('utdaterte kartdata', 'utdaterte kartdata', 'outdated map data'),
      t('mange klager på planvedtak', 'mange klager på planvedtak', 'many appeals against planning decisions'),
      t('lav medvirkning i planprosesser', 'låg medverknad i planprosessar', 'low participation in planning'),
    ],
    solutions: [
      t('veiledende søknadsdialog på nett', 'rettleiande søknadsdialog på nett', 'a guided online application'),
      t('3D-modeller i planprosessen', '3D-modellar i planprosessen', '3D models in the planning process'),
      t('digital nabovarsling', 'digital nabovarsling', 'digital notification of neighbours'),
      t('automatisk kontroll av byggesøknader', 'automatisk kontroll av byggjesøknader', 'automated checking of building applications'),
      t('droner til oppmåling', 'dronar til oppmåling', 'drones for surveying'),
      t('digital tvilling av sentrum', 'digital tvilling av sentrum', 'a digital twin of the town centre'),
    ],
    outcomes: [
      t('byggesakene blir behandlet raskere', 'byggjesakene blir handsama raskare', 'building cases are processed faster'),
      t('flere innbyggere deltar i planarbeidet', 'fleire innbyggjarar deltek i planarbeidet', 'more residents take part in planning'),
      t('kartgrunnlaget holdes oppdatert', 'kartgrunnlaget blir halde oppdatert', 'the map data is kept up to date'),
    ],
  },
  {
    key: 'administration',
    owners: [M, M, C, S, S, S, P],
    themes: ['Demokrati og innbyggerrettigheter', 'Åpenhet', 'Personopplysninger', 'Personvern', 'Offentlig innkjøp', 'Innbyggerrettigheter'],
    units: [
      t('servicetorget', 'servicetorget', 'the citizen service centre'),
      t('dokumentsenteret', 'dokumentsenteret', 'the records centre'),
      t('IT-avdelingen', 'IT-avdelinga', 'the IT department'),
      t('innkjøpsenheten', 'innkjøpseininga', 'the procurement unit'),
      t('HR-avdelingen', 'HR-avdelinga', 'the HR department'),
      t('økonomiavdelingen', 'økonomiavdelinga', 'the finance department'),
    ],
    groups: [
      t('innbyggere', 'innbyggjarar', 'residents'),
      t('ansatte', 'tilsette', 'employees'),
      t('leverandører', 'leverandørar', 'suppliers'),
      t('saksbehandlere', 'saksbehandlarar', 'caseworkers'),
      t('nye medarbeidere', 'nye medarbeidarar', 'new employees'),
    ],
    problems: [
      t('mange telefoner om enkle spørsmål', 'mange telefonar om enkle spørsmål', 'many phone calls about simple questions'),
      t('manuell journalføring', 'manuell journalføring', 'manual record-keeping'),
      t('tungvinte innkjøpsprosesser', 'tungvinte innkjøpsprosessar', 'cumbersome procurement processes'),
      t('lite gjenbruk av data', 'lite gjenbruk av data', 'little reuse of data'),
      t('uklart språk i brev og vedtak', 'uklart språk i brev og vedtak', 'unclear language in letters and decisions'),
      t('tidkrevende fakturabehandling', 'tidkrevjande fakturahandsaming', 'time-consuming invoice processing'),
    ],
    solutions: [
      t('chatbot på nettsidene', 'chatbot på nettsidene', 'a chatbot on the website'),
      t('automatisk journalføring', 'automatisk journalføring', 'automatic record-keeping'),
      t('innovative anskaffelser', 'innovative anskaffingar', 'innovative procurement'),
      t('klarspråk i vedtaksbrev', 'klarspråk i vedtaksbrev', 'plain language in decision letters'),
      t('robotisert fakturabehandling', 'robotisert fakturahandsaming', 'robotic invoice processing'),
      t('felles datakatalog', 'felles datakatalog', 'a shared data catalogue'),
      t('KI-assistent for saksbehandlere', 'KI-assistent for saksbehandlarar', 'an AI assistant for caseworkers'),
    ],
    outcomes: [
      t('innbyggerne forstår vedtakene', 'innbyggjarane forstår vedtaka', 'residents understand the decisions'),
      t('saksbehandlerne slipper rutinearbeid', 'saksbehandlarane slepp rutinearbeid', 'caseworkers are spared routine work'),
      t('opplysninger bare må oppgis én gang', 'opplysningar berre må givast éin gong', 'information only has to be given once'),
    ],
  },
  {
    key: 'emergency',
    owners: [M, M, S, C],
    themes: ['Samfunnssikkerhet og beredskap', 'Brann', 'Branntilsyn', 'Varslingstjenester', 'Flomvarsel', 'Akutt hjelp'],
    units: [
      t('brannvesenet', 'brannvesenet', 'the fire service'),
      t('beredskapsavdelingen', 'beredskapsavdelinga', 'the emergency preparedness department'),
      t('110-sentralen', '110-sentralen', 'the fire emergency call centre'),
      t('kriseledelsen', 'kriseleiinga', 'the crisis management team'),
    ],
    groups: [
      t('innbyggere i rasutsatte områder', 'innbyggjarar i rasutsette område', 'residents in landslide-prone areas'),
      t('frivillige i beredskapen', 'frivillige i beredskapen', 'emergency volunteers'),
      t('eldre som bor alene', 'eldre som bur åleine', 'older people living alone'),
      t('turister', 'turistar', 'tourists'),
    ],
    problems: [
      t('sen varsling ved ekstremvær', 'sein varsling ved ekstremvêr', 'late warnings in extreme weather'),
      t('mange falske brannalarmer', 'mange falske brannalarmar', 'many false fire alarms'),
      t('dårlig oversikt under kriser', 'dårleg oversikt under kriser', 'poor situational awareness during crises'),
      t('lang responstid i distriktene', 'lang responstid i distrikta', 'long response times in rural areas'),
    ],
    solutions: [
      t('stedsbasert varsling på mobil', 'stadbasert varsling på mobil', 'location-based mobile alerts'),
      t('felles situasjonsbilde på kart', 'felles situasjonsbilete på kart', 'a shared situational map'),
      t('droner i søk og redning', 'dronar i søk og redning', 'drones in search and rescue'),
      t('førsteinnsatsteam med frivillige', 'førsteinnsatsteam med frivillige', 'first-responder teams of volunteers'),
      t('digitale beredskapsøvelser', 'digitale beredskapsøvingar', 'digital emergency exercises'),
    ],
    outcomes: [
      t('innbyggerne blir varslet i tide', 'innbyggjarane blir varsla i tide', 'residents are warned in time'),
      t('innsatsen kommer raskere fram', 'innsatsen kjem raskare fram', 'responders arrive sooner'),
      t('kriseledelsen tar bedre beslutninger', 'kriseleiinga tek betre avgjerder', 'the crisis team makes better decisions'),
    ],
  },
  {
    key: 'culture',
    owners: [M, M, M, C],
    themes: ['Kultur, idrett og fritid', 'Bibliotek', 'Fritid', 'Frivilligsentral', 'Kultur', 'Idrett', 'Utlån og leie'],
    units: [
      t('biblioteket', 'biblioteket', 'the library'),
      t('kulturskolen', 'kulturskulen', 'the municipal arts school'),
      t('fritidsklubben', 'fritidsklubben', 'the youth club'),
      t('frivilligsentralen', 'frivilligsentralen', 'the volunteer centre'),
      t('museet', 'museet', 'the museum'),
    ],
    groups: [
      t('barn og unge', 'barn og unge', 'children and young people'),
      t('innbyggere med lav digital kompetanse', 'innbyggjarar med låg digital kompetanse', 'residents with low digital skills'),
      t('lag og foreninger', 'lag og foreiningar', 'clubs and associations'),
      t('seniorer', 'seniorar', 'seniors'),
    ],
    problems: [
      t('lav bruk av kommunale lokaler', 'låg bruk av kommunale lokale', 'low use of municipal premises'),
      t('mange som faller utenfor fritidstilbudene', 'mange som fell utanfor fritidstilboda', 'many left out of leisure activities'),
      t('tungvint utlån av utstyr', 'tungvint utlån av utstyr', 'cumbersome equipment lending'),
      t('lange ventelister i kulturskolen', 'lange ventelister i kulturskulen', 'long waiting lists at the arts school'),
    ],
    solutions: [
      t('meråpent bibliotek', 'meirope bibliotek', 'an extended-hours self-service library'),
      t('digital booking av kommunale lokaler', 'digital booking av kommunale lokale', 'digital booking of municipal premises'),
      t('utstyrssentral for gratis utlån', 'utstyrssentral for gratis utlån', 'an equipment library for free loans'),
      t('fritidskort for barn og unge', 'fritidskort for barn og unge', 'a leisure card for children and young people'),
      t('digitalhjelp på biblioteket', 'digitalhjelp på biblioteket', 'digital help desks at the library'),
    ],
    outcomes: [
      t('flere barn deltar i fritidsaktiviteter', 'fleire barn deltek i fritidsaktivitetar', 'more children take part in leisure activities'),
      t('lokalene blir brukt mer', 'lokala blir brukte meir', 'the premises are used more'),
      t('flere mestrer digitale tjenester', 'fleire meistrar digitale tenester', 'more people cope with digital services'),
    ],
  },
  {
    key: 'business',
    owners: [M, C, C, S],
    themes: ['Næring', 'Næringsutvikling', 'Næringsliv', 'Handel og service', 'Båt, havn og kyst', 'Offentlig innkjøp', 'Landbruk'],
    units: [
      t('næringsavdelingen', 'næringsavdelinga', 'the business development department'),
      t('bevillingskontoret', 'løyvekontoret', 'the licensing office'),
      t('havnevesenet', 'hamnevesenet', 'the harbour authority'),
      t('reiselivskontoret', 'reiselivskontoret', 'the tourism office'),
    ],
    groups: [
      t('gründere', 'gründerar', 'entrepreneurs'),
      t('serveringssteder', 'serveringsstader', 'restaurants and bars'),
      t('fiskere', 'fiskarar', 'fishers'),
      t('småbedrifter', 'småbedrifter', 'small businesses'),
    ],
    problems: [
      t('tungvint søknad om skjenkebevilling', 'tungvint søknad om skjenkeløyve', 'cumbersome alcohol licence applications'),
      t('lite samarbeid mellom næringsliv og kommune', 'lite samarbeid mellom næringsliv og kommune', 'little cooperation between business and the municipality'),
      t('mangel på arbeidskraft', 'mangel på arbeidskraft', 'labour shortages'),
      t('store sesongsvingninger i reiselivet', 'store sesongsvingingar i reiselivet', 'large seasonal swings in tourism'),
    ],
    solutions: [
      t('én digital inngang for næringslivet', 'éin digital inngang for næringslivet', 'a single digital entry point for businesses'),
      t('næringshage for gründere', 'næringshage for gründerar', 'a business incubator for entrepreneurs'),
      t('digitale skjenkekontroller', 'digitale skjenkekontrollar', 'digital licence inspections'),
      t('felles rekrutteringsportal', 'felles rekrutteringsportal', 'a shared recruitment portal'),
      t('smarthavn med digital booking', 'smarthamn med digital booking', 'a smart harbour with digital booking'),
    ],
    outcomes: [
      t('flere bedrifter etablerer seg lokalt', 'fleire bedrifter etablerer seg lokalt', 'more businesses set up locally'),
      t('næringslivet får raskere svar', 'næringslivet får raskare svar', 'businesses get faster answers'),
    ],
  },
  {
    key: 'democracy',
    owners: [M, M, C, S],
    themes: ['Demokrati og innbyggerrettigheter', 'Medvirkning', 'Politikk og valg', 'Valg', 'Åpenhet', 'Innbyggerrettigheter'],
    units: [
      t('politisk sekretariat', 'politisk sekretariat', 'the political secretariat'),
      t('kommunikasjonsavdelingen', 'kommunikasjonsavdelinga', 'the communications department'),
      t('ungdomsrådet', 'ungdomsrådet', 'the youth council'),
      t('klagenemnda', 'klagenemnda', 'the appeals board'),
    ],
    groups: [
      t('unge velgere', 'unge veljarar', 'young voters'),
      t('innbyggere som sjelden deltar i høringer', 'innbyggjarar som sjeldan deltek i høyringar', 'residents who rarely respond to consultations'),
      t('personer med funksjonsnedsettelser', 'personar med funksjonsnedsetjingar', 'people with disabilities'),
      t('samiske innbyggere', 'samiske innbyggjarar', 'Sámi residents'),
    ],
    problems: [
      t('lav valgdeltakelse blant unge', 'låg valdeltaking blant unge', 'low turnout among young people'),
      t('få innspill i høringer', 'få innspel i høyringar', 'few responses to consultations'),
      t('utilgjengelige nettsider', 'utilgjengelege nettsider', 'inaccessible websites'),
      t('lite innsyn i politiske saker', 'lite innsyn i politiske saker', 'little transparency in political matters'),
    ],
    solutions: [
      t('innbyggerpanel på nett', 'innbyggjarpanel på nett', 'an online citizen panel'),
      t('deltakende budsjettering', 'deltakande budsjettering', 'participatory budgeting'),
      t('teksting av kommunestyremøter', 'teksting av kommunestyremøte', 'captioning of council meetings'),
      t('universelt utformede skjemaer', 'universelt utforma skjema', 'universally designed forms'),
      t('samiskspråklige digitale tjenester', 'samiskspråklege digitale tenester', 'Sámi-language digital services'),
    ],
    outcomes: [
      t('flere innbyggere blir hørt', 'fleire innbyggjarar blir høyrde', 'more residents are heard'),
      t('tjenestene blir tilgjengelige for alle', 'tenestene blir tilgjengelege for alle', 'services become accessible to everyone'),
    ],
  },
  {
    key: 'finance',
    owners: [S, S, S, M, P],
    themes: ['Skatt og avgift', 'Skatt', 'Avgift', 'Tilskuddsordninger for næring', 'Økonomiske ytelser og rådgiving'],
    units: [
      t('tilskuddsforvaltningen', 'tilskotsforvaltninga', 'the grants administration'),
      t('regnskapsavdelingen', 'rekneskapsavdelinga', 'the accounting department'),
      t('kontrollavdelingen', 'kontrollavdelinga', 'the audit and control department'),
      t('innkrevingen', 'innkrevjinga', 'the debt collection unit'),
    ],
    groups: [
      t('søkere av tilskudd', 'søkjarar av tilskot', 'grant applicants'),
      t('skyldnere', 'skuldnarar', 'debtors'),
      t('små foreninger', 'små foreiningar', 'small associations'),
      t('selvstendig næringsdrivende', 'sjølvstendig næringsdrivande', 'self-employed people'),
    ],
    problems: [
      t('mange feil i tilskuddssøknader', 'mange feil i tilskotssøknader', 'many errors in grant applications'),
      t('høy restanse i innkrevingen', 'høg restanse i innkrevjinga', 'large arrears in debt collection'),
      t('tidkrevende avstemming av regnskap', 'tidkrevjande avstemming av rekneskap', 'time-consuming account reconciliation'),
      t('svak kontroll med utbetalinger', 'svak kontroll med utbetalingar', 'weak control of payments'),
    ],
    solutions: [
      t('forhåndsutfylte søknader', 'førehandsutfylte søknader', 'pre-filled applications'),
      t('risikobasert kontroll med maskinlæring', 'risikobasert kontroll med maskinlæring', 'risk-based control using machine learning'),
      t('automatisk avstemming', 'automatisk avstemming', 'automated reconciliation'),
      t('betalingsavtaler på nett', 'betalingsavtalar på nett', 'online payment plans'),
    ],
    outcomes: [
      t('det blir færre feil i utbetalingene', 'det blir færre feil i utbetalingane', 'there are fewer payment errors'),
      t('søkerne bruker mindre tid', 'søkjarane bruker mindre tid', 'applicants spend less time'),
      t('mer blir innkrevd', 'meir blir kravd inn', 'more is collected'),
    ],
  },
];

export const TECHNOLOGIES: readonly L3[] = [
  t('kunstig intelligens', 'kunstig intelligens', 'artificial intelligence'),
  t('sensorer', 'sensorar', 'sensors'),
  t('robotisert prosessautomatisering', 'robotisert prosessautomatisering', 'robotic process automation'),
  t('en mobilapp', 'ein mobilapp', 'a mobile app'),
  t('åpne data', 'opne data', 'open data'),
  t('skytjenester', 'skytenester', 'cloud services'),
  t('video', 'video', 'video'),
  t('geodata', 'geodata', 'geodata'),
  t('en felles plattform', 'ei felles plattform', 'a shared platform'),
];

export const METHODS: readonly L3[] = [
  t('tjenestedesign', 'tenestedesign', 'service design'),
  t('smidig utvikling', 'smidig utvikling', 'agile development'),
  t('brukerinvolvering', 'brukarinvolvering', 'user involvement'),
  t('gevinstrealisering', 'gevinstrealisering', 'benefits realisation'),
  t('prototyping', 'prototyping', 'prototyping'),
  t('innovasjonspartnerskap', 'innovasjonspartnarskap', 'an innovation partnership'),
  t('lean', 'lean', 'lean'),
  t('dialogkonferanser med leverandører', 'dialogkonferansar med leverandørar', 'supplier dialogue conferences'),
];

/** Clauses: "Det nye er at …". */
export const NEWNESS: readonly L3[] = [
  t('tjenesten er utviklet sammen med brukerne', 'tenesta er utvikla saman med brukarane', 'the service was developed together with its users'),
  t('data deles på tvers av enhetene', 'data blir delte på tvers av einingane', 'data is shared across units'),
  t('innbyggerne kan følge saken sin digitalt', 'innbyggjarane kan følgje saka si digitalt', 'residents can follow their case online'),
  t('oppgaven er flyttet fra saksbehandler til en automatisert løsning', 'oppgåva er flytta frå saksbehandlar til ei automatisert løysing', 'the task has moved from caseworkers to an automated solution'),
  t('flere kommuner løser oppgaven i fellesskap', 'fleire kommunar løyser oppgåva i fellesskap', 'several municipalities solve the task together'),
  t('frivillige og ansatte jobber i samme team', 'frivillige og tilsette jobbar i same team', 'volunteers and staff work in the same team'),
  t('tjenesten kommer til innbyggeren i stedet for omvendt', 'tenesta kjem til innbyggjaren i staden for omvendt', 'the service comes to residents rather than the other way round'),
  t('beslutninger bygger på sanntidsdata', 'avgjerder byggjer på sanntidsdata', 'decisions are based on real-time data'),
  t('løsningen ble kjøpt gjennom en innovativ anskaffelse før den fantes på markedet', 'løysinga vart kjøpt gjennom ei innovativ anskaffing før ho fanst på marknaden', 'the solution was bought through innovative procurement before it existed on the market'),
  t('tjenesten er proaktiv, så innbyggeren slipper å søke', 'tenesta er proaktiv, så innbyggjaren slepp å søkje', 'the service is proactive, so residents no longer need to apply'),
];

/** Sentences with {group} and {problem} slots: why the need became clear. */
export const DRIVERS: readonly L3[] = [
  t('Antallet {group} øker, mens budsjettene står stille.', 'Talet på {group} aukar, medan budsjetta står stille.', 'The number of {group} is growing while budgets stay flat.'),
  t('Ansatte meldte at {problem} tok tid fra kjerneoppgavene.', 'Tilsette melde at {problem} tok tid frå kjerneoppgåvene.', 'Staff reported that {problem} took time away from core tasks.'),
  t('En brukerundersøkelse viste at {group} var misfornøyde med dagens tilbud.', 'Ei brukarundersøking viste at {group} var misnøgde med dagens tilbod.', 'A user survey showed that {group} were dissatisfied with the current service.'),
  t('Ledelsen ba om nye måter å løse oppgaven på.', 'Leiinga bad om nye måtar å løyse oppgåva på.', 'Management asked for new ways of doing the work.'),
  t('Revisjonen pekte på {problem} som en risiko.', 'Revisjonen peika på {problem} som ein risiko.', 'The auditors pointed to {problem} as a risk.'),
  t('Erfaringer fra andre virksomheter viste at det var mulig å gjøre det annerledes.', 'Erfaringar frå andre verksemder viste at det var mogleg å gjere det annleis.', 'Experience from other agencies showed that it could be done differently.'),
];

export const LESSONS: readonly L3[] = [
  t('Involver brukerne tidlig – de første skissene våre løste feil problem.', 'Involver brukarane tidleg – dei første skissene våre løyste feil problem.', 'Involve users early – our first sketches solved the wrong problem.'),
  t('Forankring hos ledelsen var avgjørende for å få ressurser til utprøvingen.', 'Forankring hos leiinga var avgjerande for å få ressursar til utprøvinga.', 'Backing from management was crucial to get resources for the trial.'),
  t('Det tok lengre tid enn planlagt å få på plass databehandleravtaler og ROS-analyse.', 'Det tok lengre tid enn planlagt å få på plass databehandlaravtalar og ROS-analyse.', 'Data processing agreements and the risk assessment took longer than planned.'),
  t('Ansatte må få tid til opplæring før løsningen tas i bruk.', 'Tilsette må få tid til opplæring før løysinga blir teken i bruk.', 'Staff need time for training before the solution goes live.'),
  t('Små, raske tester ga mer læring enn lange forprosjekter.', 'Små, raske testar gav meir læring enn lange forprosjekt.', 'Small, quick tests taught us more than long feasibility studies.'),
  t('Gevinstene må måles fra første dag; vi manglet et godt nullpunkt.', 'Gevinstane må målast frå første dag; vi mangla eit godt nullpunkt.', 'Benefits must be measured from day one; we lacked a good baseline.'),
  t('Samarbeid med nabokommunene ga bedre vilkår fra leverandørene.', 'Samarbeid med nabokommunane gav betre vilkår frå leverandørane.', 'Working with neighbouring municipalities got us better terms from suppliers.'),
  t('Tillitsvalgte bør være med fra starten.', 'Tillitsvalde bør vere med frå starten.', 'Union representatives should be involved from the start.'),
  t('Teknologien var den enkle delen; å endre arbeidsprosessene var det vanskelige.', 'Teknologien var den enkle delen; å endre arbeidsprosessane var det vanskelege.', 'The technology was the easy part; changing work processes was the hard part.'),
  t('Vi burde ha sjekket om andre allerede hadde laget en løsning.', 'Vi burde ha sjekka om andre alt hadde laga ei løysing.', 'We should have checked whether others had already built a solution.'),
  t('Klarspråk i kommunikasjonen med innbyggerne reduserte antall henvendelser.', 'Klarspråk i kommunikasjonen med innbyggjarane reduserte talet på førespurnader.', 'Plain language in communication with residents reduced the number of enquiries.'),
  t('En tydelig eier av tjenesten etter prosjektslutt er nødvendig for å sikre driften.', 'Ein tydeleg eigar av tenesta etter prosjektslutt er naudsynt for å sikre drifta.', 'A clear service owner after the project ends is needed to keep it running.'),
];

export const FAILURES: readonly L3[] = [
  t('Den første leverandøren klarte ikke å integrere løsningen med fagsystemet, og vi måtte starte på nytt.', 'Den første leverandøren klarte ikkje å integrere løysinga med fagsystemet, og vi måtte starte på nytt.', 'The first supplier could not integrate the solution with the case system, and we had to start again.'),
  t('Sensorene ga for mange falske alarmer i starten.', 'Sensorane gav for mange falske alarmar i starten.', 'The sensors gave too many false alarms at first.'),
  t('Vi undervurderte behovet for opplæring, og bruken var lav de første månedene.', 'Vi undervurderte behovet for opplæring, og bruken var låg dei første månadene.', 'We underestimated the need for training, and usage was low for the first months.'),
  t('Piloten ble stanset i et halvt år fordi personvernkonsekvensvurderingen ikke var ferdig.', 'Piloten vart stansa i eit halvt år fordi personvernkonsekvensvurderinga ikkje var ferdig.', 'The pilot was halted for six months because the data protection impact assessment was not finished.'),
  t('Løsningen passet dårlig for brukere med lav digital kompetanse.', 'Løysinga passa dårleg for brukarar med låg digital kompetanse.', 'The solution was a poor fit for users with low digital skills.'),
  t('Finansieringen falt bort da prosjektmidlene tok slutt.', 'Finansieringa fall bort då prosjektmidlane tok slutt.', 'Funding disappeared when the project grant ended.'),
  t('Vi målte ikke før oppstart, så gevinstene er vanskelige å dokumentere.', 'Vi målte ikkje før oppstart, så gevinstane er vanskelege å dokumentere.', 'We did not measure before we started, so the benefits are hard to document.'),
  t('Noen ansatte opplevde endringen som en trussel, og det skapte motstand.', 'Nokre tilsette opplevde endringa som eit trugsmål, og det skapte motstand.', 'Some staff saw the change as a threat, which created resistance.'),
  t('Anskaffelsen tok nesten et år, og behovet hadde endret seg da kontrakten var på plass.', 'Anskaffinga tok nesten eitt år, og behovet hadde endra seg då kontrakten var på plass.', 'Procurement took almost a year, and the need had changed by the time the contract was signed.'),
  t('Mobildekningen var for dårlig i deler av kommunen.', 'Mobildekninga var for dårleg i delar av kommunen.', 'Mobile coverage was too poor in parts of the municipality.'),
];

export const CONDITIONS: readonly L3[] = [
  t('Tydelig forankring i ledelsen', 'Tydeleg forankring i leiinga', 'Clear backing from management'),
  t('Brukerne med i hele prosessen', 'Brukarane med i heile prosessen', 'Users involved throughout'),
  t('Avsatt tid til opplæring', 'Sett av tid til opplæring', 'Time set aside for training'),
  t('Et tverrfaglig team', 'Eit tverrfagleg team', 'A cross-disciplinary team'),
  t('Gode data før og etter', 'Gode data før og etter', 'Good data before and after'),
  t('Samarbeid med tillitsvalgte', 'Samarbeid med tillitsvalde', 'Cooperation with union representatives'),
  t('En leverandør som ville utvikle sammen med oss', 'Ein leverandør som ville utvikle saman med oss', 'A supplier willing to develop with us'),
  t('Stabil finansiering etter piloten', 'Stabil finansiering etter piloten', 'Stable funding after the pilot'),
];

export const REPLICATE: readonly L3[] = [
  t('Start med å kartlegge dagens arbeidsflyt og mål tidsbruken.', 'Start med å kartleggje dagens arbeidsflyt og mål tidsbruken.', 'Start by mapping the current workflow and measuring time spent.'),
  t('Bruk kravspesifikasjonen og gevinstplanen vår, som ligger vedlagt.', 'Bruk kravspesifikasjonen og gevinstplanen vår, som ligg ved.', 'Use our requirements specification and benefits plan, attached.'),
  t('Ta kontakt for et besøk; vi deler gjerne erfaringer.', 'Ta kontakt for eit besøk; vi deler gjerne erfaringar.', 'Get in touch for a visit; we are happy to share our experience.'),
  t('Velg én enhet til pilot før dere skalerer.', 'Vel éi eining til pilot før de skalerer.', 'Pick one unit for the pilot before you scale.'),
  t('Løsningen kan kjøpes via den felles rammeavtalen.', 'Løysinga kan kjøpast via den felles rammeavtalen.', 'The solution can be bought through the joint framework agreement.'),
  t('Sett av en prosjektleder i minst halv stilling.', 'Set av ein prosjektleiar i minst halv stilling.', 'Set aside a project manager at least half-time.'),
  t('Gjenbruk ROS-analysen og DPIA-en vår som utgangspunkt.', 'Bruk ROS-analysen og DPIA-en vår som utgangspunkt.', 'Reuse our risk assessment and DPIA as a starting point.'),
];

export const STOP_REASONS: readonly L3[] = [
  t('Gevinstene sto ikke i forhold til kostnadene.', 'Gevinstane stod ikkje i forhold til kostnadene.', 'The benefits did not justify the costs.'),
  t('Leverandøren la ned produktet.', 'Leverandøren la ned produktet.', 'The supplier discontinued the product.'),
  t('Brukerne foretrakk den gamle løsningen.', 'Brukarane føretrekte den gamle løysinga.', 'Users preferred the old solution.'),
  t('Regelverket tillot ikke automatisert behandling.', 'Regelverket tillét ikkje automatisert handsaming.', 'The regulations did not allow automated processing.'),
  t('Prosjektet ble erstattet av en nasjonal løsning.', 'Prosjektet vart erstatta av ei nasjonal løysing.', 'The project was superseded by a national solution.'),
];

export interface BenefitMeasure {
  category: BenefitCategory;
  unit: L3;
  min: number;
  max: number;
  /** Values are rounded to a multiple of this. */
  step: number;
}

export const BENEFIT_MEASURES: readonly BenefitMeasure[] = [
  { category: 'quality', unit: t('prosentpoeng høyere brukertilfredshet', 'prosentpoeng høgare brukarnøgd', 'percentage points higher user satisfaction'), min: 2, max: 30, step: 1 },
  { category: 'quality', unit: t('færre avvik per måned', 'færre avvik per månad', 'fewer incidents per month'), min: 1, max: 40, step: 1 },
  { category: 'efficiency', unit: t('timer spart per uke', 'timar spart per veke', 'hours saved per week'), min: 2, max: 200, step: 1 },
  { category: 'efficiency', unit: t('dager kortere saksbehandlingstid', 'dagar kortare sakshandsamingstid', 'days shorter processing time'), min: 1, max: 60, step: 1 },
  { category: 'efficiency', unit: t('årsverk frigjort', 'årsverk frigjorde', 'full-time equivalents freed'), min: 0.2, max: 12, step: 0.1 },
  { category: 'avoided_cost', unit: t('kroner spart per år', 'kroner spart per år', 'NOK saved per year'), min: 50_000, max: 15_000_000, step: 10_000 },
  { category: 'employee_satisfaction', unit: t('prosent lavere sykefravær', 'prosent lågare sjukefråvær', 'percent lower sick leave'), min: 1, max: 25, step: 0.5 },
  { category: 'employee_satisfaction', unit: t('poeng høyere i medarbeiderundersøkelsen', 'poeng høgare i medarbeidarundersøkinga', 'points higher in the staff survey'), min: 1, max: 15, step: 1 },
  { category: 'citizen_influence', unit: t('flere innspill fra innbyggere', 'fleire innspel frå innbyggjarar', 'more responses from residents'), min: 10, max: 3_000, step: 10 },
  { category: 'citizen_influence', unit: t('prosent flere deltakere', 'prosent fleire deltakarar', 'percent more participants'), min: 5, max: 300, step: 5 },
  { category: 'business_value', unit: t('nye lokale arbeidsplasser', 'nye lokale arbeidsplassar', 'new local jobs'), min: 1, max: 80, step: 1 },
  { category: 'business_value', unit: t('kroner i økt omsetning for lokale bedrifter', 'kroner i auka omsetnad for lokale bedrifter', 'NOK in added turnover for local businesses'), min: 100_000, max: 40_000_000, step: 50_000 },
  { category: 'other', unit: t('tonn mindre CO₂ per år', 'tonn mindre CO₂ per år', 'tonnes less CO₂ per year'), min: 1, max: 2_000, step: 1 },
  { category: 'other', unit: t('prosent mindre restavfall', 'prosent mindre restavfall', 'percent less residual waste'), min: 2, max: 60, step: 1 },
];

export const HOW_MEASURED: readonly L3[] = [
  t('før- og etter-måling', 'før- og etter-måling', 'before-and-after measurement'),
  t('brukerundersøkelse', 'brukarundersøking', 'user survey'),
  t('tidsregistrering', 'tidsregistrering', 'time tracking'),
  t('tall fra fagsystemet', 'tal frå fagsystemet', 'figures from the case system'),
  t('følgeforskning', 'følgjeforsking', 'accompanying research'),
  t('regnskapstall', 'rekneskapstal', 'accounting figures'),
];

export const TRIAL_METHODS: readonly L3[] = [
  t('Pilot i én enhet i tre måneder', 'Pilot i éi eining i tre månader', 'Three-month pilot in one unit'),
  t('Kontrollert forsøk med sammenligningsgruppe', 'Kontrollert forsøk med samanlikningsgruppe', 'Controlled trial with a comparison group'),
  t('Prototypetesting med ti brukere', 'Prototypetesting med ti brukarar', 'Prototype testing with ten users'),
  t('A/B-test av to varianter av brevet', 'A/B-test av to variantar av brevet', 'A/B test of two versions of the letter'),
  t('Stegvis utrulling med ukentlig måling', 'Stegvis utrulling med måling kvar veke', 'Stepwise roll-out with weekly measurement'),
];

export const TRIAL_MEASURES: readonly L3[] = [
  t('Tidsbruk per sak', 'Tidsbruk per sak', 'Time per case'),
  t('Antall henvendelser', 'Talet på førespurnader', 'Number of enquiries'),
  t('Brukertilfredshet', 'Brukarnøgd', 'User satisfaction'),
  t('Antall avvik', 'Talet på avvik', 'Number of incidents'),
  t('Kostnad per bruker', 'Kostnad per brukar', 'Cost per user'),
];

export const EVALUATION_KINDS: readonly L3[] = [
  t('intern evaluering', 'intern evaluering', 'internal evaluation'),
  t('ekstern evaluering', 'ekstern evaluering', 'external evaluation'),
  t('følgeforskning', 'følgjeforsking', 'accompanying research'),
  t('brukerundersøkelse', 'brukarundersøking', 'user survey'),
];

/** Named partners that are not organisations with an orgnr (actor type citizens/users or civil society). */
export const NAMED_ACTORS: readonly { name: L3; actorType: 'citizens_users' | 'civil_society' }[] = [
  { name: t('eldrerådet', 'eldrerådet', 'the council for older people'), actorType: 'citizens_users' },
  { name: t('ungdomsrådet', 'ungdomsrådet', 'the youth council'), actorType: 'citizens_users' },
  { name: t('brukerrådet', 'brukarrådet', 'the user council'), actorType: 'citizens_users' },
  { name: t('rådet for personer med funksjonsnedsettelse', 'rådet for personar med funksjonsnedsetjing', 'the council for people with disabilities'), actorType: 'citizens_users' },
  { name: t('en referansegruppe av innbyggere', 'ei referansegruppe av innbyggjarar', 'a reference group of residents'), actorType: 'citizens_users' },
  { name: t('pårørendeforeningen', 'pårørandeforeininga', 'the next-of-kin association'), actorType: 'civil_society' },
  { name: t('lokale frivillige', 'lokale frivillige', 'local volunteers'), actorType: 'civil_society' },
];

export const FUNDING_SOURCES = [
  'own_budget',
  'stimulab',
  'forskningsradet',
  'innovasjon_norge',
  'skjonnsmidler',
  'digifin',
  'regionale_forskningsfond',
  'eu_horizon',
  'ks_fou',
  'partner_contribution',
] as const;

// ---- people and organisation names ----

export const FIRST_NAMES: readonly string[] = [
  'Ola', 'Kari', 'Per', 'Anne', 'Lars', 'Ingrid', 'Jon', 'Marit', 'Bjørn', 'Liv', 'Knut', 'Hilde', 'Erik', 'Silje',
  'Magnus', 'Nora', 'Emma', 'Jakob', 'Sofie', 'Henrik', 'Ida', 'Sindre', 'Tone', 'Eirik', 'Astrid', 'Håkon', 'Solveig',
  'Øystein', 'Ragnhild', 'Trond', 'Gunn', 'Arne', 'Berit', 'Kjell', 'Randi', 'Geir', 'Tuva', 'Mathias', 'Thea', 'Sander',
  'Maja', 'Aksel', 'Ingeborg', 'Vegard', 'Synnøve', 'Odd', 'Åse', 'Torbjørn', 'Eli', 'Stian', 'Camilla', 'Kristian',
  'Marte', 'Amund', 'Sigrid', 'Halvor', 'Frida', 'Leif', 'Heidi', 'Espen', 'Kristin', 'Jørgen', 'Mari', 'Ole', 'Hanne',
  'Tor', 'Wenche', 'Anders', 'Linn', 'Martin', 'Elisabeth', 'Jan', 'Inger', 'Terje', 'Gro', 'Morten', 'Siri', 'Rune',
  'Turid', 'Sigurd', 'Aud', 'Petter', 'Vilde', 'Fredrik', 'Guro', 'Simen', 'Oda', 'Elias', 'Ella', 'Filip', 'Sara',
  'Ahmed', 'Fatima', 'Mohammed', 'Aisha', 'Ali', 'Maria', 'Piotr', 'Anna', 'Tomasz', 'Agnieszka', 'Huong', 'Minh',
  'Samira', 'Yusuf', 'Elin', 'Jorunn', 'Audun', 'Kjersti', 'Ivar', 'Torill', 'Nils', 'Ane', 'Mads', 'Ragnar', 'Åsmund',
];

export const SURNAMES: readonly string[] = [
  'Hansen', 'Johansen', 'Olsen', 'Larsen', 'Andersen', 'Pedersen', 'Nilsen', 'Kristiansen', 'Jensen', 'Karlsen',
  'Johnsen', 'Pettersen', 'Eriksen', 'Berg', 'Haugen', 'Hagen', 'Johannessen', 'Andreassen', 'Jacobsen', 'Dahl',
  'Jørgensen', 'Halvorsen', 'Henriksen', 'Lund', 'Sørensen', 'Jakobsen', 'Moen', 'Gundersen', 'Iversen', 'Strand',
  'Solberg', 'Svendsen', 'Eide', 'Knutsen', 'Martinsen', 'Paulsen', 'Bakken', 'Kristoffersen', 'Mathisen', 'Lie',
  'Amundsen', 'Nguyen', 'Rasmussen', 'Lunde', 'Solheim', 'Berge', 'Moe', 'Nygård', 'Bakke', 'Kristensen',
  'Fredriksen', 'Holm', 'Lien', 'Hauge', 'Christensen', 'Andresen', 'Nielsen', 'Knudsen', 'Evensen', 'Sæther', 'Aas',
  'Myhre', 'Hanssen', 'Ahmed', 'Haugland', 'Thomassen', 'Sivertsen', 'Simonsen', 'Danielsen', 'Berntsen', 'Sandvik',
  'Rønning', 'Arnesen', 'Antonsen', 'Næss', 'Vik', 'Haug', 'Ellingsen', 'Thorsen', 'Edvardsen', 'Birkeland', 'Isaksen',
  'Gulbrandsen', 'Ruud', 'Aasen', 'Strøm', 'Myklebust', 'Tangen', 'Ødegård', 'Eliassen', 'Helland', 'Bøe', 'Aune',
  'Mikkelsen', 'Tveit', 'Brekke', 'Abrahamsen', 'Madsen', 'Hovland', 'Fossum', 'Kowalski', 'Nowak', 'Hussain',
  'Khan', 'Tran', 'Sandberg', 'Grønli', 'Rød', 'Bjerke', 'Vangen', 'Fjeld', 'Løken', 'Skaug', 'Aamodt', 'Hoff',
];

/** First words of invented company and foundation names. */
export const NATURE_WORDS: readonly string[] = [
  'Fjord', 'Nordlys', 'Fjell', 'Bølge', 'Vind', 'Kyst', 'Elv', 'Skog', 'Berg', 'Brygge', 'Midnatt', 'Polar', 'Vest',
  'Nord', 'Sør', 'Øst', 'Tind', 'Havbris', 'Furu', 'Bjørk', 'Lyng', 'Stjerne', 'Morgen', 'Snø', 'Vidde', 'Fonn',
  'Dal', 'Lys', 'Stein', 'Eik', 'Multe', 'Rein', 'Ørn', 'Falk', 'Laks', 'Måke', 'Bre', 'Holme', 'Nes', 'Viking',
];

export const NAME_TAILS: readonly string[] = ['tech', 'data', 'lab', 'soft', 'nett', 'vekst', 'kraft', 'sikt', 'puls', 'gnist', 'link', 'bit'];

/** Business lines; several contain «teknologi», which the benchmark uses as its common search word. */
export const BUSINESS_LINES: readonly string[] = [
  'Teknologi', 'Rådgivning', 'Digital', 'Data', 'Helseteknologi', 'Analyse', 'Bygg', 'Energi', 'Design', 'Consulting',
  'Innovasjon', 'Systemer', 'Software', 'Velferdsteknologi', 'Logistikk', 'Miljøteknikk', 'Sensor', 'Kommunikasjon',
  'Læring', 'Robotikk', 'Geomatikk', 'Sikkerhet', 'Tjenestedesign', 'Medtech', 'Solutions', 'Labs', 'Kompetanse',
  'Regnskap', 'Eiendom', 'Transport', 'Maskin', 'Elektro', 'Anlegg', 'Utvikling', 'IT', 'Media', 'Undervisningsteknologi',
];

export const RESEARCH_FIELDS: readonly string[] = [
  'velferdsforskning', 'tjenesteinnovasjon', 'digital samhandling', 'bærekraftige byer', 'helseøkonomi', 'kystforvaltning',
  'arbeidslivsforskning', 'skoleforskning', 'kunstig intelligens i offentlig sektor', 'klimatilpasning', 'fornybar energi',
  'havbruk', 'mobilitet', 'demokrati og deltakelse', 'barn og unges oppvekst', 'aldring og helse', 'regional utvikling',
  'samfunnssikkerhet', 'logistikk', 'matsikkerhet', 'bygningsfysikk', 'arktisk teknologi', 'språkteknologi', 'folkehelse',
  'innovasjon i offentlig sektor', 'sirkulærøkonomi', 'rusforskning', 'integrering', 'distriktsutvikling', 'miljøovervåking',
];

export const RESEARCH_REGIONS: readonly string[] = [
  'Nordlands', 'Vestlands', 'Østlands', 'Trøndelags', 'Agder', 'Innlands', 'Telemark', 'Finnmark', 'Troms', 'Møre',
  'Rogaland', 'Hordaland', 'Sogn', 'Helgeland', 'Lofoten', 'Hallingdal', 'Valdres', 'Gudbrands', 'Romsdals', 'Namdals',
];

export const ASSOCIATION_TYPES: readonly string[] = [
  'frivilligsentral', 'pensjonistforening', 'idrettslag', 'historielag', 'sanitetsforening', 'velforening', 'musikkorps',
  'bondelag', 'seniornett', 'turlag', 'skolekorps', 'demensforening', 'innvandrerforening', 'hjelpekorps', 'sjakklubb',
  'husflidslag', 'ungdomslag', 'kystlag', 'skiklubb', 'teaterlag', 'bygdekvinnelag', 'fotballklubb', 'leseforening',
];

export const CAUSES: readonly string[] = [
  'pårørende', 'eldre med demens', 'barn med funksjonsnedsettelser', 'mennesker med rusutfordringer', 'seniorer og teknologi',
  'inkludering i arbeidslivet', 'trygg skolevei', 'lesing og leseglede', 'nyankomne familier', 'bærekraftig forbruk',
  'kystkultur', 'psykisk helse blant unge', 'universell utforming', 'friluftsliv for alle', 'digital inkludering',
  'ensomme eldre', 'barn i lavinntektsfamilier', 'frivillig innsats', 'mat og matsvinn', 'naturvern',
];

export const FOREIGN_PARTNERS: readonly { country: string; tld: string; suffix: string }[] = [
  { country: 'SE', tld: 'se', suffix: 'AB' },
  { country: 'DK', tld: 'dk', suffix: 'ApS' },
  { country: 'FI', tld: 'fi', suffix: 'Oy' },
  { country: 'DE', tld: 'de', suffix: 'GmbH' },
  { country: 'NL', tld: 'nl', suffix: 'B.V.' },
  { country: 'GB', tld: 'co.uk', suffix: 'Ltd' },
  { country: 'EE', tld: 'ee', suffix: 'OÜ' },
];

export const FOREIGN_WORDS: readonly string[] = [
  'Nordic', 'Civic', 'Urban', 'Care', 'GovTech', 'Smart', 'Open', 'Public', 'Arctic', 'Baltic', 'Green', 'Service',
];
export const FOREIGN_LINES: readonly string[] = ['Lab', 'Insights', 'Solutions', 'Data', 'Mobility', 'Design', 'Health', 'Systems', 'Analytics'];

/** Rough relative sizes of the largest municipalities (others weigh 1): more users and partners there. */
export const BIG_MUNICIPALITIES: Readonly<Record<string, number>> = {
  '0301': 60, '4601': 25, '5001': 20, '1103': 13, '3201': 11, '4204': 10, '3301': 9, '1108': 8, '5501': 7, '3205': 7,
  '3203': 6, '3107': 5, '3105': 5, '3907': 4, '1106': 4, '4203': 3, '3403': 3, '1508': 4, '1804': 4, '3905': 4,
};

/** Large state agencies by orgnr (others weigh 2): NAV, Skatteetaten, the police, Statens vegvesen, Digdir. */
export const BIG_STATE_AGENCIES: Readonly<Record<string, number>> = {
  '889640782': 20, '974761076': 10, '915429785': 10, '971032081': 8, '991825827': 4, '983544622': 4,
};

export const BENEFIT_DESCRIPTIONS: Readonly<Record<BenefitCategory, L3>> = {
  quality: t('Bedre kvalitet i tjenesten', 'Betre kvalitet i tenesta', 'Better service quality'),
  efficiency: t('Mer effektiv saksbehandling', 'Meir effektiv sakshandsaming', 'More efficient case handling'),
  avoided_cost: t('Unngåtte kostnader', 'Unngåtte kostnader', 'Avoided costs'),
  employee_satisfaction: t('Bedre arbeidsmiljø', 'Betre arbeidsmiljø', 'Better working environment'),
  citizen_influence: t('Mer innflytelse for innbyggerne', 'Meir innverknad for innbyggjarane', 'More influence for residents'),
  business_value: t('Verdi for lokalt næringsliv', 'Verdi for lokalt næringsliv', 'Value for local business'),
  other: t('Miljøgevinst', 'Miljøvinst', 'Environmental gain'),
};

/** How an innovation was spread, when it was (barometer item). */
export const SPREAD_HOW: readonly L3[] = [
  t('Presentert på KS-konferanse og i det regionale innovasjonsnettverket.', 'Presentert på KS-konferanse og i det regionale innovasjonsnettverket.', 'Presented at a KS conference and in the regional innovation network.'),
  t('Delt kravspesifikasjon og erfaringer med nabokommunene.', 'Delt kravspesifikasjon og erfaringar med nabokommunane.', 'Shared the requirements and experience with neighbouring municipalities.'),
  t('Skrevet artikkel i fagtidsskrift og holdt webinar.', 'Skrive artikkel i fagtidsskrift og halde webinar.', 'Wrote a journal article and held a webinar.'),
  t('Tatt imot besøk fra andre virksomheter som vil gjøre det samme.', 'Teke imot besøk frå andre verksemder som vil gjere det same.', 'Hosted visits from other agencies that want to do the same.'),
];

export const LINK_LABELS = {
  project: t('Prosjektside', 'Prosjektside', 'Project page'),
  report: t('Evalueringsrapport', 'Evalueringsrapport', 'Evaluation report'),
  ks: t('Omtale hos KS', 'Omtale hos KS', 'Write-up at KS'),
} as const;

export const ADOPTION_CHANGES: readonly L3[] = [
  t('Tilpasset våre rutiner og fagsystem.', 'Tilpassa rutinane og fagsystemet vårt.', 'Adapted to our routines and case system.'),
  t('Tatt i bruk uten endringer.', 'Teke i bruk utan endringar.', 'Adopted without changes.'),
  t('Oversatt materiellet til nynorsk og samisk.', 'Omsett materiellet til nynorsk og samisk.', 'Translated the material into Nynorsk and Sámi.'),
  t('Startet i én enhet i stedet for hele kommunen.', 'Starta i éi eining i staden for heile kommunen.', 'Started in one unit rather than the whole municipality.'),
  t('Brukte en annen leverandør, men samme arbeidsflyt.', 'Brukte ein annan leverandør, men same arbeidsflyt.', 'Used another supplier but the same workflow.'),
];

export const ADOPTION_RESULTS: readonly L3[] = [
  t('Samme gevinster som hos opphavet, etter et halvt år.', 'Same vinstar som hos opphavet, etter eit halvt år.', 'The same benefits as the original, after six months.'),
  t('Raskere innføring fordi vi kunne gjenbruke dokumentasjonen.', 'Raskare innføring fordi vi kunne bruke dokumentasjonen om att.', 'Faster roll-out because we could reuse the documentation.'),
  t('Mindre gevinst enn forventet, men bedre kvalitet.', 'Mindre vinst enn venta, men betre kvalitet.', 'Smaller gains than expected, but better quality.'),
  t('For tidlig å si; evaluering pågår.', 'For tidleg å seie; evaluering pågår.', 'Too early to say; evaluation under way.'),
];
