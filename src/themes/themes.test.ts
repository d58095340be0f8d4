import { readFileSync } from 'node:fs';
import { renderToString } from 'preact-render-to-string';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, dataTargets, type TestDatabase } from '../../test/helpers/db.js';
import { createTestApp, type TestApp } from '../../test/helpers/app.js';
import { queryCounter } from '../db/database.js';
import { messages } from '../i18n/index.js';
import {
  countLosConcepts,
  ensureLosConcepts,
  foldForSearch,
  getThemesByUri,
  listMainThemes,
  loadLosConcepts,
  searchThemes,
  themePickerState,
  validateThemeUris,
  type ThemeItem,
} from './themes.service.js';
import { ThemePicker } from './themes.views.js';
import { readLosConcepts, themeTree } from './vocabulary.js';

const LOS = 'https://psi.norge.no/los';
const SCHOOL = `${LOS}/tema/skole-og-utdanning`;
const ABORT = `${LOS}/ord/abort`;
const labels = (items: ThemeItem[]) => items.map((i) => i.label);

describe('the committed LOS vocabulary (resources/los)', () => {
  const concepts = readLosConcepts();

  it('has 526 concepts: 14 main themes, 78 themes, 427 words, 7 life events', () => {
    expect(concepts).toHaveLength(526);
    const count = (f: (c: (typeof concepts)[number]) => boolean) => concepts.filter(f).length;
    expect(count((c) => c.kind === 'tema' && c.broader.length === 0)).toBe(14);
    expect(count((c) => c.kind === 'tema' && c.broader.length > 0)).toBe(78);
    expect(count((c) => c.kind === 'ord')).toBe(427);
    expect(count((c) => c.kind === 'hendelse')).toBe(7);
  });

  it('gives every theme and word a main theme reached through its first broader link, and life events none', () => {
    const byUri = new Map(concepts.map((c) => [c.uri, c]));
    for (const c of concepts) {
      if (c.kind === 'hendelse') {
        expect(c.mainTheme).toBeNull();
        continue;
      }
      let top = c;
      while (top.broader[0]) top = byUri.get(top.broader[0])!;
      expect(c.mainTheme, c.uri).toBe(top.uri);
      expect(byUri.get(c.mainTheme!)?.broader).toEqual([]);
    }
  });

  it('falls back to bokmål where LOS has no English label, and cleans the synonyms', () => {
    const noEnglish = concepts.find((c) => c.uri === `${LOS}/hendelse/ny-i-norge`);
    expect(noEnglish?.labelEn).toBe(noEnglish?.labelNb);
    for (const c of concepts) {
      for (const s of [...c.synonymsNb, ...c.synonymsNn]) expect(s).toMatch(/^[^\s*>|].*[^\s>|]$|^[^\s*>|]$/);
      expect(new Set(c.synonymsNn).size).toBe(c.synonymsNn.length);
    }
  });

  it('groups the 78 themes under the 14 main themes for the picker, in Norwegian order', () => {
    const tree = themeTree('nb');
    expect(tree).toHaveLength(14);
    expect(tree.reduce((n, g) => n + g.themes.length, 0)).toBe(78);
    const names = tree.map((g) => g.label);
    expect(names).toEqual([...names].sort(new Intl.Collator('nb').compare));
  });
});

describe('foldForSearch', () => {
  it('ignores case, accents and punctuation but keeps æ ø å', () => {
    expect(foldForSearch('Vêrvarsel')).toBe('vervarsel');
    expect(foldForSearch('Fôrvirksomhet')).toBe('forvirksomhet');
    expect(foldForSearch('Café  Crème')).toBe('cafe creme');
    expect(foldForSearch('Musikk- og kulturskole')).toBe('musikk og kulturskole');
    expect(foldForSearch('ÆRØ Å Ø')).toBe('ærø å ø');
    // å written as a + combining ring stays å.
    expect(foldForSearch('Ba\u030At')).toBe('båt');
    expect(foldForSearch('Dødsfall')).not.toBe(foldForSearch('Dodsfall'));
  });
});

describe.each(dataTargets())('LOS themes on $name PostgreSQL', (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(target);
  });
  afterAll(async () => t?.drop());

  it('has the 526 concepts loaded, and loading again changes nothing', async () => {
    expect(await countLosConcepts(t.db)).toBe(526);
    expect(await ensureLosConcepts(t.db)).toBeNull();
    expect(await loadLosConcepts(t.db)).toEqual({ concepts: 526, inserted: 0, updated: 0 });
    expect(await countLosConcepts(t.db)).toBe(526);
  });

  it('loads into an empty table, and refreshes a changed concept', async () => {
    await t.db.deleteFrom('los_concepts').where('kind', '=', 'ord').where('uri', 'not in', t.db.selectFrom('case_themes').select('theme_uri')).execute();
    await t.db.updateTable('los_concepts').set({ label_nb: 'Feil' }).where('uri', '=', SCHOOL).execute();
    const again = await loadLosConcepts(t.db);
    expect(again).toEqual({ concepts: 526, inserted: 427, updated: 1 });
    expect((await getThemesByUri(t.db, [SCHOOL], 'nb'))[0]?.label).toBe('Skole og utdanning');
  });

  it('lists the 14 main themes in Norwegian alphabetical order, in each language', async () => {
    const nb = await listMainThemes(t.db, 'nb');
    expect(nb).toHaveLength(14);
    expect(labels(nb)).toEqual([...labels(nb)].sort(new Intl.Collator('nb').compare));
    expect(nb[0]).toEqual({ uri: `${LOS}/tema/arbeid`, label: 'Arbeid', kind: 'tema', mainTheme: { uri: `${LOS}/tema/arbeid`, label: 'Arbeid' } });
    expect(labels(await listMainThemes(t.db, 'nn'))).toContain('Skule og utdanning');
    expect(labels(await listMainThemes(t.db, 'en'))).toContain('Schools and education');
  });

  it('finds Skole og utdanning from the nynorsk «skule», first', async () => {
    const items = await searchThemes(t.db, 'skule', 'nb');
    expect(items[0]).toMatchObject({ uri: SCHOOL, label: 'Skole og utdanning', kind: 'tema', mainTheme: { uri: SCHOOL, label: 'Skole og utdanning' } });
    // Themes and words whose nynorsk label starts with «skule» come with it, labelled in bokmål.
    expect(labels(items)).toEqual(expect.arrayContaining(['Skolehverdag', 'Skolemiljø', 'Skoleskyss']));
    const nn = await searchThemes(t.db, 'skule', 'nn');
    expect(nn[0]?.label).toBe('Skule og utdanning');
    // Case does not matter.
    expect((await searchThemes(t.db, 'SKULE', 'nb')).map((i) => i.uri)).toEqual(items.map((i) => i.uri));
  });

  it('finds Skole from the English «school»', async () => {
    const items = await searchThemes(t.db, 'school', 'nb');
    expect(items.length).toBeGreaterThan(0);
    // The main theme first, then the themes and words whose English label starts with «school».
    expect(items[0]).toMatchObject({ uri: SCHOOL, label: 'Skole og utdanning' });
    expect(labels(items)).toEqual(expect.arrayContaining(['Skolehverdag', 'Skolemiljø', 'Skoleskyss', 'Ferie og fridager']));
    const en = await searchThemes(t.db, 'school', 'en');
    expect(labels(en)).toContain('Schools and education');
  });

  it('finds Abort through its hidden synonym «svangerskapsavbrudd», and names the synonym', async () => {
    const items = await searchThemes(t.db, 'svangerskapsavbrudd', 'nb');
    expect(items[0]).toEqual({
      uri: ABORT,
      label: 'Abort',
      kind: 'ord',
      mainTheme: { uri: `${LOS}/tema/helse-og-omsorg`, label: 'Helse og omsorg' },
      matchedSynonym: 'Svangerskapsavbrudd',
    });
    // The nynorsk synonym, from a reader of nynorsk.
    const nn = await searchThemes(t.db, 'svangerskapsavbrot', 'nn');
    expect(nn[0]).toMatchObject({ uri: ABORT, label: 'Abort', matchedSynonym: 'Svangerskapsavbrot' });
  });

  it('ranks label matches before synonym matches', async () => {
    const items = await searchThemes(t.db, 'skole', 'nb', 50);
    const firstSynonym = items.findIndex((i) => i.matchedSynonym);
    const lastPrefix = items.map((i) => /^skole/i.test(i.label)).lastIndexOf(true);
    expect(lastPrefix).toBeGreaterThanOrEqual(0);
    if (firstSynonym >= 0) expect(firstSynonym).toBeGreaterThan(lastPrefix);
    // An exact label match comes first of all.
    expect((await searchThemes(t.db, 'abort', 'nb'))[0]).toMatchObject({ uri: ABORT });
    expect((await searchThemes(t.db, 'abort', 'nb'))[0]?.matchedSynonym).toBeUndefined();
  });

  it('ignores accents but does not confuse ø with o or å with a', async () => {
    expect(labels(await searchThemes(t.db, 'vervarsel', 'nb'))).toContain('Værvarsel');
    expect((await searchThemes(t.db, 'fôrvirksomhet', 'nb'))[0]).toMatchObject({ label: 'Plantedyrking', matchedSynonym: expect.stringMatching(/^F[oô]rvirksomhet$/) });

    const dod = labels(await searchThemes(t.db, 'død', 'nb', 50));
    expect(dod).toEqual(expect.arrayContaining(['Dødsfall og arv', 'Dødsattest']));
    expect(dod).not.toEqual(expect.arrayContaining(['Dom']));
    expect(dod.some((l) => /^Do[mkp]/.test(l))).toBe(false);
    const plainO = labels(await searchThemes(t.db, 'dod', 'nb', 50));
    expect(plainO.some((l) => l.startsWith('Død'))).toBe(false);

    expect(labels(await searchThemes(t.db, 'lønn', 'nb'))[0]).toBe('Lønn');
    expect(labels(await searchThemes(t.db, 'lonn', 'nb', 50))).not.toContain('Lønn');
    expect(labels(await searchThemes(t.db, 'få barn', 'nb'))).toContain('Å få barn');
    expect(labels(await searchThemes(t.db, 'fa barn', 'nb', 50))).not.toContain('Å få barn');
  });

  it('treats LIKE wildcards in the query as text, and finds nothing for nothing', async () => {
    expect(await searchThemes(t.db, '%', 'nb')).toEqual([]);
    expect(await searchThemes(t.db, '_', 'nb')).toEqual([]);
    expect(await searchThemes(t.db, '   ', 'nb')).toEqual([]);
    expect(await searchThemes(t.db, 'zzzqqq', 'nb')).toEqual([]);
  });

  it('caps the number of results and answers in one statement', async () => {
    expect(await searchThemes(t.db, 'e', 'nb', 5)).toHaveLength(5);
    expect(await searchThemes(t.db, 'e', 'nb', 1000)).toHaveLength(50);
    const scope = { count: 0 };
    await queryCounter.run(scope, () => searchThemes(t.db, 'skole', 'nb'));
    expect(scope.count).toBe(1);
  });

  it('looks concepts up by URI in the order given, and names the unknown ones', async () => {
    const items = await getThemesByUri(t.db, [ABORT, 'https://psi.norge.no/los/tema/finnes-ikke', SCHOOL, ABORT], 'en');
    expect(items.map((i) => [i.uri, i.label])).toEqual([
      [ABORT, 'Abortion'],
      [SCHOOL, 'Schools and education'],
    ]);
    expect(await getThemesByUri(t.db, [], 'nb')).toEqual([]);
    expect(await validateThemeUris(t.db, [SCHOOL, 'x', ABORT, 'x', `${LOS}/ord/finnes-ikke`])).toEqual(['x', `${LOS}/ord/finnes-ikke`]);
    expect(await validateThemeUris(t.db, [SCHOOL])).toEqual([]);
    expect(await validateThemeUris(t.db, [])).toEqual([]);
  });

  it('gives a form what the picker needs from a posted body', async () => {
    const state = await themePickerState(t.db, { themes: [ABORT, 'bogus'], themeSearch: 'skule', action: 'theme-search' }, 'nb');
    expect(state.selected).toEqual([{ uri: ABORT, label: 'Abort' }]);
    expect(state.search).toBe('skule');
    expect(state.searchResults?.[0]).toMatchObject({ uri: SCHOOL, label: 'Skole og utdanning', kind: 'tema' });
    expect(state.searchResults?.find((r) => r.label === 'Skoleskyss')?.mainTheme?.label).toBe('Skole og utdanning');
    const plain = await themePickerState(t.db, { themes: SCHOOL, themeSearch: 'skule' }, 'nb');
    expect(plain).toEqual({ selected: [{ uri: SCHOOL, label: 'Skole og utdanning' }], search: 'skule' });
  });
});

describe.each(dataTargets())('GET /api/v1/themes on $name PostgreSQL', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(target);
  });
  afterAll(async () => t?.close());

  it('searches, in the language asked for', async () => {
    const res = await t.app.inject('/api/v1/themes?q=skule&lang=en&limit=5');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body)).toEqual(['items']);
    expect(body.items).toHaveLength(5);
    expect(body.items[0]).toEqual({ uri: SCHOOL, label: 'Schools and education', kind: 'tema', mainTheme: { uri: SCHOOL, label: 'Schools and education' } });
    const syn = await t.app.inject('/api/v1/themes?q=svangerskapsavbrudd');
    expect(syn.json().items[0]).toMatchObject({ uri: ABORT, label: 'Abort', matchedSynonym: 'Svangerskapsavbrudd' });
  });

  it('answers the main themes without q, and at /api/v1/themes/main', async () => {
    const all = await t.app.inject('/api/v1/themes');
    expect(all.statusCode).toBe(200);
    expect(all.json().items).toHaveLength(14);
    const empty = await t.app.inject('/api/v1/themes?q=');
    expect(empty.json().items).toHaveLength(14);
    const main = await t.app.inject('/api/v1/themes/main?lang=nn');
    expect(main.statusCode).toBe(200);
    const items = main.json().items as ThemeItem[];
    expect(items).toHaveLength(14);
    expect(items.map((i) => i.label)).toContain('Skule og utdanning');
    expect(items.every((i) => i.kind === 'tema' && i.mainTheme?.uri === i.uri)).toBe(true);
  });

  it('rejects limit=1000 with 400 problem+json naming the field', async () => {
    const res = await t.app.inject('/api/v1/themes?q=skole&limit=1000');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json();
    expect(body).toMatchObject({ status: 400, type: '/api/problems#validation' });
    expect(body.errors.map((e: { field: string }) => e.field)).toEqual(['limit']);
  });

  it('rejects a query over 100 characters, a limit of 0 and an unknown language', async () => {
    for (const url of [`/api/v1/themes?q=${'a'.repeat(101)}`, '/api/v1/themes?limit=0', '/api/v1/themes?q=skole&lang=de', '/api/v1/themes/main?lang=se']) {
      const res = await t.app.inject(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('is described in the OpenAPI document under the themes tag', async () => {
    const doc = (await t.app.inject('/api/openapi.json')).json();
    expect(doc.tags.map((x: { name: string }) => x.name)).toContain('themes');
    expect(doc.paths['/api/v1/themes'].get.tags).toEqual(['themes']);
    expect(doc.paths['/api/v1/themes/main'].get.tags).toEqual(['themes']);
    expect(doc.paths['/api/v1/themes'].get.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['lang', 'limit', 'q']);
  });

  it('serves the picker script as a module asset', async () => {
    const res = await t.app.inject('/assets/theme-picker.js');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect((await t.app.inject('/assets/theme-picker.css')).statusCode).toBe(200);
  });
});

describe('ThemePicker', () => {
  const m = messages('nb');
  const render = (props: Partial<Parameters<typeof ThemePicker>[0]> = {}) => renderToString(ThemePicker({ m, lang: 'nb', selected: [], ...props }));
  const checkboxes = (html: string) => [...html.matchAll(/<input class="ds-input" type="checkbox"[^>]*>/g)].map((x) => x[0]);

  it('renders the 14 main themes as fieldsets with their 92 themes as checkboxes, without words', () => {
    const html = render();
    expect(checkboxes(html)).toHaveLength(92);
    expect(html.match(/<fieldset class="ds-fieldset theme-picker__group">/g)).toHaveLength(14);
    expect(html).toContain('<legend class="ds-label" data-weight="semibold">Skole og utdanning</legend>');
    expect(html).toContain(`value="${SCHOOL}"`);
    expect(html).toContain('Skole og utdanning (hovedtema)');
    expect(html).not.toContain(`value="${ABORT}"`);
    for (const box of checkboxes(html)) expect(box).toContain('name="themes"');
  });

  it('ticks the chosen themes and adds a checked box for a chosen word', () => {
    const html = render({ selected: [{ uri: SCHOOL, label: 'Skole og utdanning' }, { uri: ABORT, label: 'Abort' }] });
    const checked = checkboxes(html).filter((b) => / checked/.test(b));
    expect(checked).toHaveLength(2);
    expect(checked.join()).toContain(`value="${ABORT}"`);
    expect(html).toMatch(/<fieldset class="ds-fieldset theme-picker__chosen" data-theme-chosen>/);
    // No chosen words: the group is hidden.
    expect(render()).toMatch(/<fieldset class="ds-fieldset theme-picker__chosen" data-theme-chosen hidden>/);
  });

  it('has a search field, a search button and a live region, and loads its script without inline code', () => {
    const html = render({ search: 'skule', error: 'Velg minst ett tema.' });
    expect(html).toMatch(/<input class="ds-input" type="search" id="field-themes" name="themeSearch" value="skule"/);
    expect(html).toContain('<label class="ds-label" for="field-themes"');
    expect(html).toMatch(/<button type="submit"[^>]*name="action" value="theme-search"/);
    expect(html).toMatch(/role="status" aria-live="polite"/);
    expect(html).toContain('<script type="module" src="/assets/theme-picker.js');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle=|\son[a-z]+=/);
    expect(html).toMatch(/aria-describedby="field-themes-hint field-themes-error"/);
    expect(html).toContain('id="field-themes-error"');
    // Every checkbox has its own label, and ids are unique.
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((x) => x[1]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const box of checkboxes(html)) {
      const id = /id="([^"]+)"/.exec(box)![1];
      expect(html).toContain(`for="${id}"`);
    }
  });

  it('shows no-JS search results as checkboxes, with a chosen one marked and the count announced', () => {
    const html = render({
      selected: [{ uri: ABORT, label: 'Abort' }],
      search: 'abort',
      searchResults: [
        { uri: ABORT, label: 'Abort', kind: 'ord', mainTheme: { uri: `${LOS}/tema/helse-og-omsorg`, label: 'Helse og omsorg' } },
        { uri: `${LOS}/ord/skoleskyss`, label: 'Skoleskyss', kind: 'ord', mainTheme: { uri: SCHOOL, label: 'Skole og utdanning' }, matchedSynonym: 'Skolebuss' },
        { uri: `${LOS}/tema/skolemiljo`, label: 'Skolemiljø', kind: 'tema', mainTheme: { uri: SCHOOL, label: 'Skole og utdanning' } },
        { uri: SCHOOL, label: 'Skole og utdanning', kind: 'tema', mainTheme: { uri: SCHOOL, label: 'Skole og utdanning' } },
      ],
    });
    expect(html).toContain('4 treff');
    expect(html).toContain('Abort (valgt)');
    expect(html).toContain('id="field-themes-result-ord-skoleskyss"');
    // What each result is and where it sits tells «Skolemiljø» the theme from «Skolemiljø» the word.
    expect(html).toContain('>emneord · Skole og utdanning · søkeord: Skolebuss<');
    expect(html).toContain('>tema · Skole og utdanning<');
    expect(html).toContain('>hovedtema<');
    expect(html).toMatch(/autofocus/);
    expect(render({ search: 'zzz', searchResults: [] })).toContain('Ingen temaer eller ord passer «zzz».');
  });

  it('has its messages in bokmål, nynorsk and English', () => {
    for (const lang of ['nb', 'nn', 'en'] as const) {
      const html = renderToString(ThemePicker({ m: messages(lang), lang, selected: [] }));
      expect(html).toContain(messages(lang).themes.searchButton);
      expect(html).toContain(`data-lang="${lang}"`);
    }
    expect(renderToString(ThemePicker({ m: messages('nn'), lang: 'nn', selected: [] }))).toContain('>Skule og utdanning</legend>');
  });

  it('ships a picker script that is an ES module with no inline-style writes', () => {
    const js = readFileSync(new URL('../../resources/public/theme-picker.js', import.meta.url), 'utf8');
    expect(js).toContain("fetch(url");
    expect(js).toContain('/api/v1/themes?');
    expect(js).not.toMatch(/\.style\.|innerHTML/);
  });
});
