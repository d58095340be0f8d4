import { describe, expect, it } from 'vitest';
import { extractUrls, firstSentences, norwegianMatcher, norwegianNameCandidates, parseJrcCsv, JrcFormatError } from './jrc.js';

const HEADER =
  'entry_type,cid,id,rtype,name,url,contact,description,geoextent,geocoverage,geocoverage_codes,lead_organisation_name,lead_organisation_category,start_date,active,end_date,primary_sector,secondary_sector,technology,uptake,cross_border,cross_sector,type,status';
const row = (id: number, o: { name?: string; status?: string; description?: string; org?: string; code?: string; country?: string } = {}) =>
  [
    'case',
    '10001',
    id,
    'Service',
    `"${o.name ?? `Case ${id}`}"`,
    'https://example.org/a',
    '',
    `"${o.description ?? 'A chatbot answers questions. It runs day and night.'}"`,
    'National',
    o.country ?? 'Austria',
    o.code ?? 'AT',
    `"${o.org ?? 'Ministry of Things'}"`,
    'Central-Government',
    '2020',
    '',
    '',
    'Health',
    'Hospital services.',
    'Artificial intelligence',
    '',
    '',
    '',
    'Engagement management',
    o.status ?? 'Implemented',
  ].join(',');

describe('reading the JRC case list', () => {
  it('maps a row to a valid, public English case with its organisation and source key', () => {
    const { cases, bad } = parseJrcCsv(`${HEADER}\n${row(10000)}\n`);
    expect(bad).toEqual([]);
    const c = cases[0]!;
    expect(c).toMatchObject({ line: 2, sourceKey: '10000', cofog: 'Health', sourceUrl: 'https://ipsoeu.github.io/ips-explorer/case/10000.html' });
    expect(c.org).toMatchObject({ name: 'Ministry of Things', country: 'AT', kind: 'other_public', unnamed: false });
    expect(c.values).toMatchObject({
      title: 'Case 10000',
      status: 'in_use',
      stage: 'implement',
      takenIntoUseOn: '2020-01-01',
      types: ['service', 'communication'],
      themes: ['https://psi.norge.no/los/tema/helse-og-omsorg'],
      language: 'en',
      visibility: 'public',
      links: [{ url: 'https://example.org/a', label: 'example.org' }],
    });
    expect(c.values.whatIsNew).toMatch(/^A chatbot answers questions\. It runs day and night\.\n\nFrom the EU JRC Innovative Public Services Explorer \(case 10000\)\. Technology: Artificial intelligence\./);
  });

  it('reports the line a record starts on, also after records that span several lines', () => {
    const text = [HEADER, row(1, { description: 'One\nline\nmore.' }), row(2, { status: 'Abandoned' }), '', row(3, { name: '' }), 'case,10001,4,Service,"Short"', row(5)].join('\n');
    const { cases, bad } = parseJrcCsv(text);
    expect(cases.map((c) => [c.sourceKey, c.line])).toEqual([
      ['1', 2],
      ['5', 9],
    ]);
    expect(bad).toEqual([
      { line: 5, message: expect.stringMatching(/^unknown status «Abandoned»/) },
      { line: 7, message: 'name is empty' },
      { line: 8, message: expect.stringMatching(/^wrong number of columns/) },
    ]);
  });

  it('maps «Not in use anymore» to stopped with a reason and says the lessons are not documented', () => {
    const { cases } = parseJrcCsv(`${HEADER}\n${row(7, { status: 'Not in use anymore' })}`);
    expect(cases[0]!.values).toMatchObject({ status: 'stopped', stage: null, takenIntoUseOn: null, lessons: expect.stringMatching(/^Not documented in the source/) });
    expect(cases[0]!.values.stoppedReason).toMatch(/^Not in use anymore/);
  });

  it('gives a case without a lead organisation to the shared placeholder, and maps European Union to EU', () => {
    const { cases } = parseJrcCsv(`${HEADER}\n${row(8, { org: '' })}\n${row(9, { code: '', country: 'European Union' })}`);
    expect(cases[0]!.org).toMatchObject({ unnamed: true, country: 'EU' });
    expect(cases[0]!.values.whatIsNew).toMatch(/Lead organisation: not named in the source \(Central-Government\)\.$/);
    expect(cases[1]!.org).toMatchObject({ unnamed: false, country: 'EU', name: 'Ministry of Things' });
  });

  it('rejects a file that is not a JRC case list, and repeated ids', () => {
    expect(() => parseJrcCsv('a,b\n1,2\n')).toThrow(JrcFormatError);
    expect(() => parseJrcCsv('')).toThrow(JrcFormatError);
    expect(parseJrcCsv(`${HEADER}\n${row(1)}\n${row(1)}`).bad).toEqual([{ line: 3, message: 'id 1 appears twice (first on line 2)' }]);
  });
});

describe('summaries', () => {
  it('keeps whole sentences that fit in 300 characters', () => {
    const s1 = 'The agency built a model.';
    const long = 'X'.repeat(280) + '.';
    expect(firstSentences(`${s1} ${long} Third.`)).toBe(s1);
    expect(firstSentences('Short text. Second one.')).toBe('Short text. Second one.');
  });

  it('does not end a sentence at an abbreviation followed by a small letter, and cuts an over-long first sentence at a word', () => {
    const text = `It uses e.g. chatbots and ${'many words '.repeat(40)}end. Next.`;
    const s = firstSentences(text);
    expect(s.length).toBeLessThanOrEqual(300);
    expect(s).toMatch(/^It uses e\.g\. chatbots and many words.*…$/);
    expect(s).not.toMatch(/ …$/);
  });
});

describe('web addresses in the url column', () => {
  it('splits several addresses, adds https to bare domains and drops prose', () => {
    expect(extractUrls('https://a.example/x\nhttps://b.example/y')).toEqual(['https://a.example/x', 'https://b.example/y']);
    expect(extractUrls('\u00a0')).toEqual([]);
    expect(extractUrls('www.kela.fi/lapsiperheet')).toEqual(['https://www.kela.fi/lapsiperheet']);
    expect(extractUrls('Covibot Trento')).toEqual([]);
    expect(extractUrls('https://a.example/ en https://b.example/')).toEqual(['https://a.example/', 'https://b.example/']);
    expect(extractUrls('https://a.example/p#intro, \nhttps://b.example/q;')).toEqual(['https://a.example/p#intro', 'https://b.example/q']);
  });
});

describe('Norwegian lead organisations', () => {
  const refs = [
    { id: '1', name: 'NAV (Arbeids- og velferdsetaten)', nameSami: null, aliases: ['NAV', 'Arbeids- og velferdsetaten'] },
    { id: '2', name: 'Statens lånekasse for utdanning', nameSami: null, aliases: [] },
    { id: '3', name: 'Trondheim kommune', nameSami: null, aliases: ['Trondheim', 'Tråanten tjïelte'] },
    { id: '4', name: 'Statnett SF', nameSami: null, aliases: ['Statnett'] },
    { id: '5', name: 'NTNU', nameSami: null, aliases: ['Norges teknisk-naturvitenskapelige universitet NTNU'] },
    { id: '6', name: 'Oslo kommune', nameSami: null, aliases: ['Oslo'] },
  ];
  const match = norwegianMatcher(refs);

  it('finds the reference body behind the English names the source uses', () => {
    expect(match('NAV')).toBe('1');
    expect(match('Norwegian student loan fund (Lånekassen)')).toBe('2');
    expect(match('Trondheim Municipality')).toBe('3');
    expect(match('Municipality of Oslo')).toBe('6');
    expect(match('Statnett, the Norwegian electricity transmission system operator')).toBe('4');
    expect(match('Norwegian University of Science and Technology (NTNU)')).toBe('5');
    expect(match('Boost.ai')).toBeNull();
  });

  it('offers the short name in parentheses and «X kommune» as candidates', () => {
    expect(norwegianNameCandidates('Trondheim Municipality')).toContain('trondheim kommune');
    expect(norwegianNameCandidates('Norwegian student loan fund (Lånekassen)')).toContain('lånekassen');
  });
});
