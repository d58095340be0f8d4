import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataTargets } from '../../test/helpers/db.js';
import { Browser, createTestApp, createToken, createUser, type TestApp } from '../../test/helpers/app.js';
import { ASKER, BAERUM, createCaseViaApi } from '../../test/helpers/cases.js';

/**
 * «Similar cases» must not let a reader learn the words of cases they may not read (issue 14,
 * finding 9). Two worlds, identical except for the words in a hidden case's title, must give every
 * reader who may not read it the same similar-case order (API and page).
 *
 * How the old weighing leaked: a shared title word was worth ln(all cases / cases with the word in
 * their title), counted over every case. A hidden title holding «zorblat» made «zorblat» commoner,
 * so a public case sharing «quenvik» with the case moved ahead of one sharing «zorblat», and back
 * when the hidden title said «quenvik» instead.
 */
interface World {
  t: TestApp;
  baerum: string;
  asker: string;
  askerBrowser: Browser;
  subject: string;
  hidden: string;
  draft: string;
}

/** A fresh database and app (and so a fresh search index) holding the same cases but the hidden titles. */
async function buildWorld(target: Parameters<typeof createTestApp>[0], hiddenWord: string): Promise<World> {
  const t = await createTestApp(target);
  const baerum = await createToken(t, (await createUser(t, { org: BAERUM })).id);
  const askerUser = await createUser(t, { org: ASKER });
  const asker = await createToken(t, askerUser.id);
  const askerBrowser = new Browser(t);
  await askerBrowser.signIn(askerUser.email, askerUser.password);
  const subject = await createCaseViaApi(t, baerum, { title: 'Zorblat quenvik' });
  // Two public cases, each sharing one word of the subject's title; equal weights leave the newer first.
  await createCaseViaApi(t, baerum, { title: 'Zorblat plommeri' });
  await createCaseViaApi(t, baerum, { title: 'Quenvik traskeri' });
  // Cases others may not read: a published one shown to Bærum only, and a draft.
  const hidden = await createCaseViaApi(t, baerum, { title: `${hiddenWord} hemmelig`, visibility: 'own_org' });
  const draft = await createCaseViaApi(t, baerum, { title: `${hiddenWord} utkast` }, false);
  return { t, baerum, asker, askerBrowser, subject, hidden, draft };
}

describe.each(dataTargets())('similar cases and hidden titles on $name PostgreSQL', (target) => {
  let zorblat: World;
  let quenvik: World;
  beforeAll(async () => {
    zorblat = await buildWorld(target, 'Zorblat');
    quenvik = await buildWorld(target, 'Quenvik');
  });
  afterAll(async () => {
    await zorblat?.t.close();
    await quenvik?.t.close();
  });

  const similarApi = async (w: World, token?: string) => {
    const res = await w.t.app.inject({ method: 'GET', url: `/api/v1/cases/${w.subject}/similar`, headers: token ? { authorization: `Bearer ${token}` } : {} });
    expect(res.statusCode).toBe(200);
    return res.json().items.map((i: { title: string }) => i.title) as string[];
  };
  const similarSection = (html: string) => {
    const at = html.indexOf('data-similar-cases');
    expect(at).toBeGreaterThan(0);
    return html.slice(at, html.indexOf('</section>', at));
  };
  const seen = async (w: World) => ({
    anonymous: await similarApi(w),
    asker: await similarApi(w, w.asker),
    page: similarSection((await w.t.app.inject({ method: 'GET', url: `/cases/${w.subject}`, headers: { accept: 'text/html' } })).body),
    askerPage: similarSection((await w.askerBrowser.get(`/cases/${w.subject}`)).body),
  });

  it('gives readers who may not see the hidden cases the same order whatever words the hidden titles hold', async () => {
    const a = await seen(zorblat);
    const b = await seen(quenvik);
    expect(a.anonymous).toEqual(['Quenvik traskeri', 'Zorblat plommeri']);
    for (const list of [a.anonymous, a.asker, b.anonymous, b.asker]) for (const title of list) expect(title).not.toMatch(/hemmelig|utkast/);
    expect(b).toEqual(a);
  });

  it('still lists the hidden case for those who may read it (its owners), never a draft', async () => {
    const owners = await similarApi(quenvik, quenvik.baerum);
    expect(owners).toContain('Quenvik hemmelig');
    expect(owners).not.toContain('Quenvik utkast');
  });

  it('«someone already did this» (similar to a text) gives the same order in both worlds', async () => {
    const ask = async (w: World) => (await w.t.app.inject({ method: 'GET', url: `/api/v1/cases/similar-to?text=${encodeURIComponent('zorblat quenvik')}` })).json().items.map((i: { title: string }) => i.title);
    const a = await ask(zorblat);
    expect(a.length).toBeGreaterThan(0);
    expect(await ask(quenvik)).toEqual(a);
  });
});
