import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, dataTargets, type TestDatabase } from '../../test/helpers/db.js';
import { evaluate, parseDocs, parseQueries, summaryOf, type EvalDoc, type EvalQuery, type EvalReport } from './search.eval.js';

/**
 * A small built-in set for the evaluation (the full NorQuAD run is `npm run eval:search`). Each
 * question leans on one thing the search must do: stem, cross bokmål and nynorsk, expand «KI»
 * and let that rare term outweigh the common «bruker» and «kommunen» (which many cases match
 * both of), find words joined by slashes («brev/e-post/skjema»),
 * read the hyphen after a quoted word as a hyphen (and, on the embedded server, find «klarspråk»
 * between quote marks).
 */
const DOCS: EvalDoc[] = [
  { docId: 'd01', title: 'Digital søknad om barnehageplass', text: 'Foreldre søker om barnehageplass i en app. Søknaden behandles automatisk, og svaret kommer på «Min side» samme dag.' },
  { docId: 'd02', title: 'Fallsensorar på sjukeheimen', text: 'Sensorar i golvet varslar nattevakta når ein bebuar fell. Tryggleiken auka, og færre fall fekk alvorlege følgjer.' },
  { docId: 'd03', title: 'Chatbot svarer på spørsmål om byggesak', text: 'Innbyggerne får svar døgnet rundt om byggesøknader, gebyrer og frister. Kommunen bruker saksbehandlerne på de vanskelige sakene.' },
  { docId: 'd04', title: 'Elektroniske dørlåser i hjemmetjenesten', text: 'Hjemmetjenesten i kommunen bruker mobilen i stedet for nøkler når den åpner dørene hos brukerne. Ansatte slipper å hente nøkler på kontoret hver morgen.' },
  { docId: 'd05', title: 'Kunstig intelligens sorterer posten', text: 'Maskinlæring foreslår arkivkode for innkommende brev/e-post/skjema. Arkivarene godkjenner eller retter forslaget.' },
  { docId: 'd06', title: 'Sanntidsinformasjon om skoleskyss', text: 'Foreldre og elever får varsel på mobilen når skolebussen er forsinket eller innstilt. Kommunen bruker posisjonen til bussene i sanntid.' },
  { docId: 'd07', title: 'Ombruk av møbler mellom etatene', text: 'En intern markedsplass der kontorene gir bort stoler, pulter og skap. Kommunen sparte 2,1 millioner kroner og mye avfall.' },
  { docId: 'd08', title: 'Nye vedtaksbrev', text: 'Vedtaksbrevene ble skrevet om med «klarspråk»-metoden; antallet klager og telefoner om brevene gikk ned.' },
  { docId: 'd09', title: 'Ladestasjoner ved rådhuset', text: 'Ansatte og besøkende kan lade elbilen på rådhusets parkeringsplass. Kommunen bruker målingene til å planlegge flere ladeplasser.' },
  { docId: 'd10', title: 'Trygghetsalarm for personer med demens', text: 'Med en alarm med GPS kan personer med demens gå tur alene, og pårørende ser hvor de er. Kommunen låner ut alarmen.' },
];

const QUERIES: EvalQuery[] = [
  { queryId: '1', question: 'Hvordan søker jeg om barnehageplass?', relevantDocId: 'd01' },
  { queryId: '2', question: 'sensorer som varsler fall på sykehjem', relevantDocId: 'd02' },
  { queryId: '3', question: 'Finnes det en chatbot for byggesøknader?', relevantDocId: 'd03' },
  { queryId: '4', question: 'nøkler i hjemmetjenesten', relevantDocId: 'd04' },
  { queryId: '5', question: 'Hvor havner skjema og brev?', relevantDocId: 'd05' },
  { queryId: '6', question: 'Får foreldrene varsel når skolebussen er forsinket?', relevantDocId: 'd06' },
  { queryId: '7', question: 'gjenbruk av møbler', relevantDocId: 'd07' },
  { queryId: '8', question: 'brev skrevet med "klarspråk"-metoden', relevantDocId: 'd08' },
  { queryId: '9', question: 'Bruker kommunen KI?', relevantDocId: 'd05' },
  { queryId: '10', question: 'Hvilken kommune har en alarm med GPS?', relevantDocId: 'd10' },
];

describe('evaluation input', () => {
  it('reads JSON-lines documents and TSV questions, quoted fields included', () => {
    expect(parseDocs('{"doc_id": "a", "title": "T", "text": "x"}\n\n')).toEqual([{ docId: 'a', title: 'T', text: 'x' }]);
    const tsv = 'query_id\tquestion\trelevant_doc_id\tanswer_text\n1\t"Hva betyr ""renessanse""?"\tnq083\tgjenfødelse\n2\tHvor ligger Råde?\tnq048\tØstfold\n';
    expect(parseQueries(tsv)).toEqual([
      { queryId: '1', question: 'Hva betyr "renessanse"?', relevantDocId: 'nq083' },
      { queryId: '2', question: 'Hvor ligger Råde?', relevantDocId: 'nq048' },
    ]);
    expect(() => parseQueries('id\tquestion\n1\tx\n')).toThrow(/relevant_doc_id/);
  });

  it('cuts the summary at a word boundary near 300 characters', () => {
    const s = summaryOf('ord '.repeat(200));
    expect(s.length).toBeLessThanOrEqual(302);
    expect(s.endsWith('ord …')).toBe(true);
    expect(summaryOf('Kort\ntekst.')).toBe('Kort tekst.');
  });
});

describe.each(dataTargets())('search evaluation on $name PostgreSQL', (target) => {
  let t: TestDatabase;
  let report: EvalReport;
  beforeAll(async () => {
    t = await createTestDatabase(target);
    report = await evaluate(t.db, DOCS, QUERIES);
  });
  afterAll(async () => t?.drop());

  it('finds the relevant case of every question in the top 10, first', () => {
    const notFirst = report.outcomes.filter((o) => o.rank !== 1).map((o) => `${o.query.question} → ${o.rank}`);
    expect(notFirst).toEqual([]);
    expect(report.ours.recall).toBe(1);
    expect(report.ours.mrr).toBe(1);
  });

  it('computes the baseline beside it', () => {
    expect(report.baseline.recall).toBeGreaterThanOrEqual(0);
    expect(report.baseline.recall).toBeLessThanOrEqual(1);
    expect(report.baseline.mrr).toBeGreaterThanOrEqual(0);
    expect(report.baseline.mrr).toBeLessThanOrEqual(report.baseline.recall);
    // No stemming, no synonyms: it misses questions ours answers.
    expect(report.baseline.recall).toBeLessThan(1);
    expect(report.outcomes.every((o) => o.top.length <= report.k)).toBe(true);
  });

  it('leaves no baseline table behind', async () => {
    const { rows } = await t.pool.query(`select to_regclass('search_eval_baseline') as t`);
    expect(rows[0].t).toBeNull();
  });

  it('refuses questions about documents not in the set', async () => {
    await expect(evaluate(t.db, DOCS.slice(0, 1), QUERIES.slice(1, 2))).rejects.toThrow(/not in the set/);
  });
});
