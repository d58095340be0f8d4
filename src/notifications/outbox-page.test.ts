import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, createTestApp, createUser, type TestApp } from '../../test/helpers/app.js';
import { dataTargets } from '../../test/helpers/db.js';
import { insertOutboxMany } from '../core/outbox.js';

/**
 * The outbox page for platform admins: without SMTP it is how mail reaches anyone, so it shows every
 * text; with SMTP the one-time codes and links of system mail (sign-in codes, barometer links) are
 * not shown, so an admin cannot use someone else's.
 */
describe.each(dataTargets().slice(0, 1))('the outbox page ($name PostgreSQL)', (target) => {
  const apps: TestApp[] = [];
  afterAll(async () => Promise.all(apps.map((a) => a.close())));

  async function outboxAs(smtpUrl: string | undefined): Promise<string> {
    const t = await createTestApp(target, { smtpUrl });
    apps.push(t);
    await insertOutboxMany(t.database.db, [
      { kind: 'system', userId: null, to: 'kari@oslo.kommune.no', subject: 'Koden din', text: 'Koden din er 481516.', html: null, headers: {}, messageId: '<a@nytenk.test>' },
      { kind: 'instant', userId: null, to: 'ola@oslo.kommune.no', subject: 'Ny kommentar', text: 'Ny kommentar på saken Digital skolevei.', html: null, headers: {}, messageId: '<b@nytenk.test>' },
    ]);
    const admin = await createUser(t, { platformRole: 'admin' });
    const browser = new Browser(t);
    await browser.signIn(admin.email, admin.password);
    const page = await browser.get('/admin/outbox');
    expect(page.statusCode).toBe(200);
    return page.body;
  }

  let withoutSmtp = '';
  let withSmtp = '';
  beforeAll(async () => {
    withoutSmtp = await outboxAs(undefined);
    withSmtp = await outboxAs('smtp://127.0.0.1:2525');
  }, 60_000);

  it('shows every message text when there is no SMTP server', () => {
    expect(withoutSmtp).toContain('Koden din er 481516.');
    expect(withoutSmtp).toContain('Ny kommentar på saken Digital skolevei.');
  });

  it('hides the text of system mail (one-time codes and links) when SMTP delivers it', () => {
    expect(withSmtp).not.toContain('481516');
    expect(withSmtp).toContain('Koden din');
    expect(withSmtp).toContain('Teksten vises ikke her');
    expect(withSmtp).toContain('Ny kommentar på saken Digital skolevei.');
  });
});
