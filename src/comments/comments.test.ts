import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { dataTargets } from '../../test/helpers/db.js';
import { Browser, createTestApp, createToken, createUser, type TestApp, sqlStatements } from '../../test/helpers/app.js';
import { ASKER, BAERUM, createCaseViaApi } from '../../test/helpers/cases.js';
import { createChallengeViaApi } from '../../test/fixtures/challenges.js';
import { COMMENT_RATE_LIMIT, FLAG_RATE_LIMIT } from './comments.model.js';
import { bearer, commentActionViaApi, commentViaApi } from '../../test/fixtures/comments.js';

type User = Awaited<ReturnType<typeof createUser>>;
type Who = 'owner' | 'ownerAdmin' | 'other' | 'admin';

describe.each(dataTargets())('comments on $name PostgreSQL', (target) => {
  let t: TestApp;
  const users = {} as Record<Who, User>;
  const tokens = {} as Record<Who, string>;
  const browsers = {} as Record<Who, Browser>;
  let caseId = '';

  beforeAll(async () => {
    t = await createTestApp(target);
    users.owner = await createUser(t, { org: BAERUM, name: 'Berit Bærum' });
    users.ownerAdmin = await createUser(t, { org: BAERUM, role: 'org_admin', name: 'Anne Admin' });
    users.other = await createUser(t, { org: ASKER, name: 'Aslak Asker' });
    users.admin = await createUser(t, { platformRole: 'admin', name: 'Petra Plattform' });
    for (const k of Object.keys(users) as Who[]) {
      tokens[k] = await createToken(t, users[k].id);
      browsers[k] = new Browser(t);
      await browsers[k].signIn(users[k].email, users[k].password);
    }
    caseId = await createCaseViaApi(t, tokens.owner, { title: 'Skoleappen i Bærum' });
  });
  afterAll(async () => t?.close());

  const api = (who: Who | null, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: bearer(who ? tokens[who] : undefined), ...(payload ? { payload } : {}) });
  const events = (kind: string) =>
    t.database.db.selectFrom('activity_events').select(['kind', 'subjects', 'path', 'visibility', 'owner_org_ids', 'title']).where('kind', '=', kind).orderBy('id').execute();

  it('a question posted through the form shows at once on the cached case page; the owner marks a reply as the answer', async () => {
    const url = `/cases/${caseId}`;
    // The anonymous case page is in the page cache before the comment is written.
    await t.app.inject(url);
    expect((await t.app.inject(url)).headers['x-page-cache']).toBe('hit');

    const posted = await browsers.other.submit(url, `${url}/comments`, { commentKind: 'question', commentBody: 'Hvordan fikk dere med <foreldre> uten smarttelefon?' });
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toMatch(new RegExp(`^/cases/${caseId}#comment-\\d+$`));
    const questionId = (posted.headers.location as string).split('#comment-')[1]!;

    const anon = await t.app.inject(url);
    expect(anon.headers['x-page-cache']).toBe('miss');
    expect(anon.body).toContain(`id="comment-${questionId}"`);
    expect(anon.body).toContain('Hvordan fikk dere med &lt;foreldre> uten smarttelefon?');
    expect(anon.body).toContain('Logg inn for å kommentere');
    // No form (and no CSRF token) for anonymous visitors, so the page can be cached again.
    expect(anon.body).not.toContain(`action="/cases/${caseId}/comments"`);
    // (The write's NOTIFY may still empty the cache once more after this render: ask until it is kept.)
    let cached = '';
    for (let i = 0; i < 40 && cached !== 'hit'; i++) {
      cached = String((await t.app.inject(url)).headers['x-page-cache']);
      if (cached !== 'hit') await new Promise((r) => setTimeout(r, 25));
    }
    expect(cached).toBe('hit');

    // The owner replies and marks the reply as the answer, through the forms.
    const reply = await browsers.owner.submit(url, `${url}/comments`, { parentId: questionId, commentBody: 'Vi sendte SMS de første ukene.' });
    expect(reply.statusCode).toBe(303);
    const answerId = (reply.headers.location as string).split('#comment-')[1]!;
    const ownerPage = await browsers.owner.get(url);
    expect(ownerPage.body).toContain(`action="/comments/${answerId}/answer"`);
    expect((await browsers.other.get(url)).body).not.toContain(`action="/comments/${answerId}/answer"`);
    const marked = await browsers.owner.submit(url, `/comments/${answerId}/answer`, { answer: 'true' });
    expect(marked.statusCode).toBe(303);
    expect(marked.headers.location).toBe(`/cases/${caseId}#comment-${answerId}`);

    const page = (await t.app.inject(`${url}?lang=en`)).body;
    expect(page).toMatch(/data-testid="answered">Answered</);
    expect(page).toContain('data-testid="the-answer"');
    const list = (await api(null, 'GET', `/api/v1/cases/${caseId}/comments`)).json();
    expect(list.total).toBe(2);
    expect(list.items[0]).toMatchObject({ id: questionId, kind: 'question', answered: true, answerId, author: { name: 'Aslak Asker' }, openFlags: null });
    expect(list.items[1]).toMatchObject({ id: answerId, parentId: questionId, isAnswer: true });

    // Events for followers, written with the comment, as the case's own readers may see it.
    const created = (await events('comment.created')).filter((e) => e.subjects.includes(`case:${caseId}`));
    expect(created.map((e) => e.path)).toEqual([`/cases/${caseId}#comment-${questionId}`, `/cases/${caseId}#comment-${answerId}`]);
    expect(created[0]).toMatchObject({ visibility: 'public', title: 'Skoleappen i Bærum' });
    expect((await events('comment.answered')).map((e) => e.path)).toContain(`/cases/${caseId}#comment-${answerId}`);

    // Unmarking takes the answer off.
    await commentActionViaApi(t.app, tokens.owner, answerId, 'answer', { answer: false });
    expect((await api(null, 'GET', `/api/v1/cases/${caseId}/comments`)).json().items[0].answered).toBe(false);
  });

  it('names every bad field, in problem+json and in the re-rendered form with its input kept', async () => {
    const empty = await api('other', 'POST', `/api/v1/cases/${caseId}/comments`, { kind: 'rant', body: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.headers['content-type']).toContain('application/problem+json');
    expect(empty.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['body', 'kind']);
    const long = await api('other', 'POST', `/api/v1/cases/${caseId}/comments`, { body: 'x'.repeat(5001) });
    expect(long.json().errors).toEqual([{ field: 'body', message: expect.stringContaining('5000') }]);
    const top = await commentViaApi(t.app, tokens.other, { kind: 'case', id: caseId }, { body: 'Et innlegg' });
    const reply = await commentViaApi(t.app, tokens.owner, { kind: 'case', id: caseId }, { body: 'Et svar', parentId: top.id });
    const deep = await api('other', 'POST', `/api/v1/cases/${caseId}/comments`, { body: 'Svar på svar', parentId: reply.id });
    expect(deep.json().errors.map((e: { field: string }) => e.field)).toEqual(['parentId']);
    const elsewhere = await createCaseViaApi(t, tokens.owner, { title: 'Et annet tiltak' });
    const wrongThing = await api('other', 'POST', `/api/v1/cases/${elsewhere}/comments`, { body: 'Svar', parentId: top.id });
    expect(wrongThing.json().errors.map((e: { field: string }) => e.field)).toEqual(['parentId']);
    // Marking a reply to a plain comment as an answer is refused, naming the field.
    const notQuestion = await api('owner', 'POST', `/api/v1/comments/${reply.id}/answer`, { answer: true });
    expect(notQuestion.statusCode).toBe(400);
    expect(notQuestion.json().errors[0].field).toBe('answer');

    const url = `/cases/${caseId}`;
    const bad = await browsers.other.submit(url, `${url}/comments`, { commentKind: 'question', commentBody: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('class="ds-error-summary"');
    expect(bad.body).toContain('href="#field-commentBody"');
    expect(bad.body).toMatch(/aria-describedby="field-commentBody-hint field-commentBody-error"/);
    expect(bad.body).toMatch(/value="question"[^>]*checked|checked[^>]*value="question"/);

    const flagBad = await browsers.owner.submit(`/comments/${top.id}/flag`, `/comments/${top.id}/flag`, { reason: '', note: 'Noe <galt>' });
    expect(flagBad.statusCode).toBe(400);
    expect(flagBad.body).toContain('href="#field-reason"');
    expect(flagBad.body).toContain('Noe &lt;galt>');
    const hideBad = await browsers.ownerAdmin.submit(`/comments/${top.id}/hide`, `/comments/${top.id}/hide`, { reason: ' ' });
    expect(hideBad.statusCode).toBe(400);
    expect(hideBad.body).toContain('href="#field-reason"');
  });

  it('hides with a reason everyone sees, keeps the text for the author and platform admins, and unhides', async () => {
    const c = await commentViaApi(t.app, tokens.other, { kind: 'case', id: caseId }, { body: 'Ring Ola på 999 99 999' });
    expect((await api('owner', 'POST', `/api/v1/comments/${c.id}/hide`, { reason: 'x' })).statusCode).toBe(403);
    const missing = await api('ownerAdmin', 'POST', `/api/v1/comments/${c.id}/hide`, { reason: '' });
    expect(missing.json().errors.map((e: { field: string }) => e.field)).toEqual(['reason']);
    await commentActionViaApi(t.app, tokens.owner, c.id, 'flags', { reason: 'personal_data' });
    const hidden = await commentActionViaApi(t.app, tokens.ownerAdmin, c.id, 'hide', { reason: 'Personopplysninger' });
    expect(hidden).toMatchObject({ hidden: { reason: 'Personopplysninger' }, body: null });
    const seen = async (who: Who | null) => (await api(who, 'GET', `/api/v1/cases/${caseId}/comments`)).json().items.find((x: { id: string }) => x.id === c.id);
    expect((await seen(null)).body).toBeNull();
    expect((await seen('owner')).body).toBeNull();
    expect((await seen('other')).body).toBe('Ring Ola på 999 99 999');
    expect((await seen('admin')).body).toBe('Ring Ola på 999 99 999');
    const page = (await t.app.inject(`/cases/${caseId}`)).body;
    expect(page).toContain('Skjult av moderator: Personopplysninger');
    expect(page).not.toContain('999 99 999');
    // Hiding resolved the report: it is off the moderation list.
    expect((await browsers.ownerAdmin.get('/moderation/comments')).body).not.toContain(`id="flagged-${c.id}"`);
    // Hidden text cannot be edited; unhide brings it back.
    expect((await api('other', 'PATCH', `/api/v1/comments/${c.id}`, { body: 'Ny tekst' })).statusCode).toBe(400);
    const back = await browsers.ownerAdmin.submit(`/cases/${caseId}`, `/comments/${c.id}/unhide`, {});
    expect(back.statusCode).toBe(303);
    expect((await seen(null)).body).toBe('Ring Ola på 999 99 999');
  });

  it('lets authors edit and delete their own comments only; a deleted one stays as a placeholder', async () => {
    const c = await commentViaApi(t.app, tokens.other, { kind: 'case', id: caseId }, { body: 'Første versjon' });
    expect((await api('owner', 'PATCH', `/api/v1/comments/${c.id}`, { body: 'Kapret' })).statusCode).toBe(403);
    expect((await api(null, 'PATCH', `/api/v1/comments/${c.id}`, { body: 'Kapret' })).statusCode).toBe(401);
    const edited = await api('other', 'PATCH', `/api/v1/comments/${c.id}`, { body: 'Andre versjon', kind: 'question' });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ body: 'Andre versjon', kind: 'question', editedAt: expect.any(String), mine: true });
    // Through the form too, with errors re-rendered and the text kept.
    const form = await browsers.other.get(`/comments/${c.id}/edit`);
    expect(form.body).toContain('Andre versjon');
    expect((await browsers.owner.get(`/comments/${c.id}/edit`)).statusCode).toBe(403);
    const saved = await browsers.other.submit(`/comments/${c.id}/edit`, `/comments/${c.id}/edit`, { kind: 'comment', body: 'Tredje versjon' });
    expect(saved.statusCode).toBe(303);
    // Past the edit window the text stands.
    await sql`update comments set created_at = now() - interval '2 days' where id = ${c.id}`.execute(t.database.db);
    const late = await api('other', 'PATCH', `/api/v1/comments/${c.id}`, { body: 'For sent' });
    expect(late.statusCode).toBe(400);
    expect(late.json().errors[0].field).toBe('body');

    expect((await api('owner', 'DELETE', `/api/v1/comments/${c.id}`)).statusCode).toBe(403);
    expect((await api('other', 'DELETE', `/api/v1/comments/${c.id}`)).statusCode).toBe(204);
    const item = (await api(null, 'GET', `/api/v1/cases/${caseId}/comments`)).json().items.find((x: { id: string }) => x.id === c.id);
    expect(item).toMatchObject({ deleted: true, body: null, author: null });
    expect((await t.app.inject(`/cases/${caseId}`)).body).toContain('Kommentaren er slettet av forfatteren.');
  });

  it('takes one report per user per comment; the moderation page lists reports for org admins of the owner and platform admins', async () => {
    const c = await commentViaApi(t.app, tokens.other, { kind: 'case', id: caseId }, { body: 'Kjøp klokker billig!' });
    const flagged = await browsers.owner.submit(`/cases/${caseId}`, `/comments/${c.id}/flag`, { reason: 'spam', note: 'Reklame' });
    expect(flagged.statusCode).toBe(303);
    expect((await api('owner', 'POST', `/api/v1/comments/${c.id}/flags`, { reason: 'spam' })).statusCode).toBe(409);
    expect((await api('admin', 'POST', `/api/v1/comments/${c.id}/flags`, { reason: 'nonsense' })).json().errors[0].field).toBe('reason');
    expect((await api(null, 'POST', `/api/v1/comments/${c.id}/flags`, { reason: 'spam' })).statusCode).toBe(401);

    expect((await t.app.inject({ url: '/moderation/comments', headers: { accept: 'text/html' } })).statusCode).toBe(401);
    expect((await browsers.owner.get('/moderation/comments')).statusCode).toBe(403);
    expect((await browsers.other.get('/moderation/comments')).statusCode).toBe(403);
    const mod = await browsers.ownerAdmin.get('/moderation/comments');
    expect(mod.statusCode).toBe(200);
    expect(mod.body).toContain(`id="flagged-${c.id}"`);
    expect(mod.body).toContain('Reklame');
    expect((await browsers.admin.get('/moderation/comments')).body).toContain(`id="flagged-${c.id}"`);
    // Moderators see the count on the thread; others do not.
    expect((await api('ownerAdmin', 'GET', `/api/v1/cases/${caseId}/comments`)).json().items.find((x: { id: string }) => x.id === c.id).openFlags).toBe(1);
    expect((await api('owner', 'GET', `/api/v1/cases/${caseId}/comments`)).json().items.find((x: { id: string }) => x.id === c.id)).toMatchObject({ openFlags: null, flaggedByYou: true });
    // Dismissing takes it off the list; the comment stays.
    expect((await browsers.ownerAdmin.submit('/moderation/comments', `/comments/${c.id}/dismiss`, {})).statusCode).toBe(303);
    expect((await browsers.ownerAdmin.get('/moderation/comments')).body).not.toContain(`id="flagged-${c.id}"`);
  });

  it(`limits a user to ${COMMENT_RATE_LIMIT.max} comments per ${COMMENT_RATE_LIMIT.windowMinutes} minutes and ${FLAG_RATE_LIMIT.max} reports an hour, counted in the database`, async () => {
    const spammer = await createUser(t, { name: 'Sven Spammer' });
    const token = await createToken(t, spammer.id);
    const browser = new Browser(t);
    await browser.signIn(spammer.email, spammer.password);
    const on = { kind: 'case' as const, id: caseId };
    // Written concurrently: the lock per user keeps the count exact.
    const results = await Promise.all(
      Array.from({ length: COMMENT_RATE_LIMIT.max + 2 }, (_, i) => t.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/comments`, headers: bearer(token), payload: { body: `Innlegg ${i}` } })),
    );
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(COMMENT_RATE_LIMIT.max);
    const refused = results.find((r) => r.statusCode === 429)!;
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.headers['retry-after']).toBe(String(COMMENT_RATE_LIMIT.windowMinutes * 60));
    const form = await browser.submit(`/cases/${caseId}`, `/cases/${caseId}/comments`, { commentKind: 'comment', commentBody: 'Enda ett' });
    expect(form.statusCode).toBe(429);
    expect(form.body).toContain('href="#field-commentBody"');
    expect(form.body).toContain('Enda ett');
    // An hour later (as the database sees it) the user may write again.
    await sql`update comments set created_at = now() - interval '11 minutes' where author_id = ${spammer.id}`.execute(t.database.db);
    await commentViaApi(t.app, token, on, { body: 'Nå går det igjen' });

    // Reports: 20 an hour.
    const author = await createUser(t);
    const ids = (
      await t.database.db
        .insertInto('comments')
        .values(Array.from({ length: FLAG_RATE_LIMIT.max + 1 }, (_, i) => ({ case_id: caseId, body: `Til rapport ${i}`, author_id: author.id })))
        .returning('id')
        .execute()
    ).map((r) => r.id);
    for (const id of ids.slice(0, FLAG_RATE_LIMIT.max)) await commentActionViaApi(t.app, token, id, 'flags', { reason: 'spam' });
    const tooMany = await api(null, 'POST', `/api/v1/comments/${ids.at(-1)}/flags`, { reason: 'spam' });
    expect(tooMany.statusCode).toBe(401);
    const limited = await t.app.inject({ method: 'POST', url: `/api/v1/comments/${ids.at(-1)}/flags`, headers: bearer(token), payload: { reason: 'spam' } });
    expect(limited.statusCode).toBe(429);
    const limitedForm = await browser.submit(`/comments/${ids.at(-1)}/flag`, `/comments/${ids.at(-1)}/flag`, { reason: 'spam' });
    expect(limitedForm.statusCode).toBe(429);
    expect(limitedForm.body).toContain('class="ds-error-summary"');
  });

  it('keeps comments on a case only its owners may read away from everyone else, and tells only the owners', async () => {
    const secret = await createCaseViaApi(t, tokens.owner, { title: 'Internt tiltak', visibility: 'own_org' });
    const c = await commentViaApi(t.app, tokens.owner, { kind: 'case', id: secret }, { body: 'Bare for oss' });
    expect((await api(null, 'GET', `/api/v1/cases/${secret}/comments`)).statusCode).toBe(404);
    expect((await api('other', 'GET', `/api/v1/cases/${secret}/comments`)).statusCode).toBe(404);
    expect((await api('other', 'POST', `/api/v1/cases/${secret}/comments`, { body: 'Hei' })).statusCode).toBe(404);
    expect((await api('other', 'POST', `/api/v1/comments/${c.id}/flags`, { reason: 'spam' })).statusCode).toBe(404);
    expect((await browsers.other.get(`/cases/${secret}/comments`)).statusCode).toBe(404);
    expect((await api('ownerAdmin', 'GET', `/api/v1/cases/${secret}/comments`)).json().total).toBe(1);
    const event = (await events('comment.created')).find((e) => e.path === `/cases/${secret}#comment-${c.id}`)!;
    expect(event.visibility).toBe('owners');
    expect(event.owner_org_ids.length).toBe(1);
  });

  it('works on challenges too, with the challenge’s owners marking answers', async () => {
    const challengeId = await createChallengeViaApi(t.app, tokens.owner, { title: 'Færre fall blant eldre' });
    const on = { kind: 'challenge' as const, id: challengeId };
    const q = await commentViaApi(t.app, tokens.other, on, { kind: 'question', body: 'Gjelder dette også sykehjem?' });
    const a = await commentViaApi(t.app, tokens.owner, on, { body: 'Nei, bare hjemmeboende.', parentId: q.id });
    expect((await api('other', 'POST', `/api/v1/comments/${a.id}/answer`, {})).statusCode).toBe(403);
    // No body at all marks it (answer defaults to true).
    const marked = await t.app.inject({ method: 'POST', url: `/api/v1/comments/${a.id}/answer`, headers: bearer(tokens.owner) });
    expect(marked.statusCode).toBe(200);
    expect(marked.json().isAnswer).toBe(true);
    const page = await t.app.inject(`/challenges/${challengeId}`);
    expect(page.body).toContain(`id="comment-${q.id}"`);
    expect(page.body).toContain('data-testid="the-answer"');
    const posted = await browsers.other.submit(`/challenges/${challengeId}`, `/challenges/${challengeId}/comments`, { commentKind: 'comment', commentBody: 'Takk!' });
    expect(posted.headers.location).toMatch(new RegExp(`^/challenges/${challengeId}#comment-\\d+$`));
    expect((await events('comment.created')).find((e) => e.subjects.includes(`challenge:${challengeId}`))).toMatchObject({ visibility: 'public' });
  });

  it('reads a thread in a fixed number of statements however long it is', async () => {
    const count = async (id: string) => {
      const res = await t.app.inject(`/api/v1/cases/${id}/comments`);
      expect(res.statusCode).toBe(200);
      const n = sqlStatements(res);
      expect(n).toBeGreaterThan(0);
      return n;
    };
    const short = await createCaseViaApi(t, tokens.owner, { title: 'Kort tråd' });
    const long = await createCaseViaApi(t, tokens.owner, { title: 'Lang tråd' });
    await commentViaApi(t.app, tokens.admin, { kind: 'case', id: short }, { body: 'Én' });
    await t.database.db
      .insertInto('comments')
      .values(Array.from({ length: 40 }, (_, i) => ({ case_id: long, body: `Innlegg ${i}`, author_id: users.other.id, kind: i % 2 ? ('question' as const) : ('comment' as const) })))
      .execute();
    expect(await count(long)).toBe(await count(short));
  });

  it('is documented in OpenAPI under the tag comments', async () => {
    const doc = (await t.app.inject('/api/openapi.json')).json();
    const paths = [
      '/api/v1/cases/{id}/comments',
      '/api/v1/challenges/{id}/comments',
      '/api/v1/comments/{id}',
      '/api/v1/comments/{id}/flags',
      '/api/v1/comments/{id}/hide',
      '/api/v1/comments/{id}/unhide',
      '/api/v1/comments/{id}/answer',
    ];
    for (const p of paths) {
      expect(doc.paths[p], p).toBeDefined();
      for (const op of Object.values(doc.paths[p]) as { tags: string[]; responses: Record<string, unknown> }[]) {
        expect(op.tags).toEqual(['comments']);
        expect(Object.keys(op.responses).some((c) => c.startsWith('4'))).toBe(true);
      }
    }
    expect(Object.keys(doc.paths['/api/v1/cases/{id}/comments']).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/api/v1/comments/{id}']).sort()).toEqual(['delete', 'patch']);
  });
});
