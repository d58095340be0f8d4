import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataTargets } from '../../test/helpers/db.js';
import { Browser, createTestApp, createToken, createUser, type TestApp } from '../../test/helpers/app.js';
import { createCaseViaApi } from '../../test/helpers/cases.js';

const BAERUM = '935478715';

describe.each(dataTargets())('handing a case to a new contact person on $name PostgreSQL', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(target);
  });
  afterAll(async () => t?.close());

  it('lets an org admin, and only an org admin, hand a case to another member', async () => {
    const author = await createUser(t, { org: BAERUM, name: 'Anne Forfatter' });
    const successor = await createUser(t, { org: BAERUM, name: 'Per Etterfølger' });
    const admin = await createUser(t, { org: BAERUM, role: 'org_admin' });
    const id = await createCaseViaApi(t, await createToken(t, author.id));

    const member = new Browser(t);
    await member.signIn(author.email, author.password);
    const page = await member.get(`/cases/${id}`);
    expect(page.body).not.toContain(`action="/cases/${id}/handover"`);
    const refused = await member.submit(`/cases/${id}`, `/cases/${id}/handover`, { userId: successor.id });
    expect(refused.statusCode).toBe(403);

    const a = new Browser(t);
    await a.signIn(admin.email, admin.password);
    expect((await a.get(`/cases/${id}`)).body).toContain(`action="/cases/${id}/handover"`);
    const done = await a.submit(`/cases/${id}`, `/cases/${id}/handover`, { userId: successor.id });
    expect(done.statusCode).toBe(303);
    // The contact shown to public-sector users is now the successor; the history says so.
    const api = await t.app.inject({ url: `/api/v1/cases/${id}`, headers: { authorization: `Bearer ${await createToken(t, admin.id)}` } });
    expect(api.json().contact.name).toBe('Per Etterfølger');
    const history = await t.app.inject({ url: `/api/v1/cases/${id}/history`, headers: { authorization: `Bearer ${await createToken(t, admin.id)}` } });
    expect(history.json().items[0]).toMatchObject({ action: 'handover', changes: [{ field: 'contactUserId', old: author.id, new: successor.id }] });
    // Who the contact is belongs to the public sector (issue 14, finding 6): an anonymous reader sees the
    // handover, not the people.
    const anonymous = await t.app.inject(`/api/v1/cases/${id}/history`);
    expect(anonymous.json().items[0]).toMatchObject({ action: 'handover', changes: [] });
    expect(anonymous.body).not.toContain('Etterfølger');
    // Someone outside the organisation cannot be made the contact.
    const outsider = await createUser(t);
    expect((await a.submit(`/cases/${id}`, `/cases/${id}/handover`, { userId: outsider.id })).statusCode).toBe(400);
  });
});
