import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { dataTargets } from '../helpers/db.js';
import { BERGEN, OSLO, ROLES, type Role } from './access-world.js';
import { MarkerWorld, type Marker, type MarkerKind } from './marker-world.js';
import { KNOWN_LEAKS, READERS, SWEEP } from './markers.js';

/** The e-mails rendered for a role (its outbox: digests, instant and system mails) are swept as this «route». */
const MAIL = 'MAIL outbox';
/**
 * Requests in flight at once: enough to overlap the database's waits, few enough for a shared machine
 * and the test database's pool of 5 connections.
 */
const PARALLEL = 4;

/** The markers a body holds. */
export function markersIn(body: string, markers: readonly Marker[]): Marker[] {
  const lower = body.toLowerCase();
  return markers.filter((m) => (m.caseSensitive ? body.includes(m.needle) : lower.includes(m.needle)));
}

interface Hit {
  route: string;
  url: string;
  role: Role;
  marker: Marker;
}

async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/**
 * The marker sweep (issue 14): a world with a secret marker in every non-public field of every kind
 * of thing (marker-world.ts); every GET route of the app's route table × every role × the URLs of
 * markers.ts, and every e-mail written for each role; no body may hold a marker its role may not
 * read (READERS), except the leaks listed in KNOWN_LEAKS that are being fixed elsewhere.
 */
describe.each(dataTargets())('marker sweep: no route, export, feed or e-mail shows a secret to whom may not read it ($name PostgreSQL)', (target) => {
  let t: TestApp;
  let w: MarkerWorld;
  const hits: Hit[] = [];
  let requests = 0;
  /** Route → whether any of its URLs let any role in (an answer below 400 that is not «sign in first»). */
  const answered = new Map<string, boolean>();

  /**
   * A GET as the role; a 503 (the pool could not hand out a connection in time on an overloaded
   * machine, the answer says «try again») is asked again, a few times.
   */
  async function send(url: string, role: Role) {
    for (let attempt = 1; ; attempt++) {
      const res = await sendOnce(url, role);
      if (res.statusCode !== 503 || attempt === 3) return res;
    }
  }

  function sendOnce(url: string, role: Role) {
    const headers: Record<string, string> = {};
    if (url.startsWith('/api/')) {
      if (role !== 'anonymous') headers.authorization = `Bearer ${w.people[role].token}`;
    } else {
      headers.cookie = w.sessions[role].cookie;
      headers.accept = 'text/html';
    }
    return t.app.inject({ method: 'GET', url, headers });
  }

  beforeAll(async () => {
    // With SMTP configured, as in production (the outbox log then keeps system mail's one-time links to itself).
    t = await createTestApp(target, { smtpUrl: 'smtp://127.0.0.1:1' });
    w = new MarkerWorld(t);
    await w.build();
    // One sweep, shared by the assertions below.
    const gets = new Set(t.app.routeTable.filter((r) => r.method === 'GET').map((r) => `GET ${r.url}`));
    const jobs: { route: string; url: string; role: Role }[] = [];
    for (const [route, entry] of Object.entries(SWEEP)) {
      if (!gets.has(route)) continue;
      for (const url of entry.urls(w)) for (const role of ROLES) jobs.push({ route, url, role });
    }
    await inParallel(jobs, PARALLEL, async ({ route, url, role }) => {
      const res = await send(url, role);
      requests++;
      answered.set(route, (answered.get(route) ?? false) || (res.statusCode < 400 && !String(res.headers.location ?? '').startsWith('/signin')));
      if (res.statusCode >= 500) throw new Error(`${url} as ${role}: ${res.statusCode} ${res.body.slice(0, 300)}`);
      // The headers too: a file name, a redirect or a link header can carry a title.
      const headers = Object.entries(res.headers).map(([k, v]) => `${k}: ${String(v)}`).join('\n');
      for (const marker of markersIn(`${headers}\n${res.body}`, w.markers)) hits.push({ route, url, role, marker });
    });
    const mails = await t.database.db.selectFrom('outbox').select(['user_id', 'to_address', 'subject', 'text_body', 'html_body']).execute();
    for (const role of ROLES) {
      if (role === 'anonymous') continue;
      const person = w.people[role];
      for (const mail of mails.filter((m) => String(m.user_id) === person.id || m.to_address.toLowerCase() === person.email.toLowerCase())) {
        for (const marker of markersIn([mail.subject, mail.text_body, mail.html_body ?? ''].join('\n'), w.markers)) hits.push({ route: MAIL, url: mail.subject, role, marker });
      }
    }
  }, 600_000);
  afterAll(async () => t?.close());

  it('has a sweep entry for every GET route, and every entry is a GET route', () => {
    const gets = new Set(t.app.routeTable.filter((r) => r.method === 'GET').map((r) => `GET ${r.url}`));
    const missing = [...gets].filter((r) => !(r in SWEEP));
    const stale = Object.keys(SWEEP).filter((k) => !gets.has(k));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });

  it('finds the planted markers where their readers look (the sweep cannot pass by seeing nothing)', () => {
    // Every route answered every role, and digests were written for every signed-in role.
    expect(requests).toBeGreaterThan(Object.keys(SWEEP).length * ROLES.length);
    expect(new Set(hits.filter((h) => h.route === MAIL).map((h) => h.role)).size).toBeGreaterThan(0);
    const seen = (route: string, role: Role, kind: MarkerKind, field?: string) => hits.some((h) => h.route === route && h.role === role && h.marker.kind === kind && (!field || h.marker.field === field));
    // The owners read their own draft, page and API; the member reads their own address on the profile.
    expect(seen('GET /cases/:id', 'member', 'case.draft', 'title')).toBe(true);
    expect(seen('GET /api/v1/cases/:id', 'orgAdmin', 'case.draft', 'lessons')).toBe(true);
    expect(seen('GET /cases/:id', 'otherMember', 'contact.public', 'contactPhone')).toBe(true);
    expect(seen('GET /profile', 'member', 'email:member')).toBe(true);
    expect(seen('GET /challenges/:id', 'partner', 'proposal.private', 'body')).toBe(true);
    expect(seen(MAIL, 'member', 'token.unsubscribe:member')).toBe(true);
    // The owners and the requester read a pending request; the inviting org admin the invited address.
    expect(seen('GET /challenges/:id', 'otherMember', 'request.pending', 'solvedBody')).toBe(true);
    expect(seen('GET /api/v1/challenges/:id/responses', 'orgAdmin', 'request.pending', 'solvedBody')).toBe(true);
    expect(seen('GET /api/v1/organisations/:orgnr/invitations', 'orgAdmin', 'invitation.email')).toBe(true);
    // Every route lets someone in, except those written down as refused to all: a mistyped URL fails here.
    const dead = [...answered].filter(([route, ok]) => !ok && SWEEP[route]?.refusedToAll !== 'maybe').map(([route]) => route);
    const expectedDead = Object.entries(SWEEP).filter(([, e]) => e.refusedToAll === true).map(([route]) => route);
    expect(dead.sort()).toEqual(expectedDead.sort());
    // Each kind that someone may read was found by at least one of its readers: no marker was planted
    // where nothing shows it, so its absence elsewhere means something.
    const readable = (Object.keys(READERS) as MarkerKind[]).filter((k) => READERS[k].length > 0);
    const unseen = readable.filter((k) => !hits.some((h) => h.marker.kind === k && READERS[k].includes(h.role)));
    expect(unseen).toEqual([]);
    // The detector itself: a body holding a token (case as given) or a marker (any case) is caught.
    const token = w.markers.find((m) => m.kind === 'token.api')!;
    expect(markersIn(`x${token.needle}x`, w.markers)).toContain(token);
    const text = w.markers.find((m) => m.kind === 'case.draft')!;
    expect(markersIn(`<mark>MRK</mark>-X-${text.needle.toUpperCase()}`, w.markers)).toContain(text);
  });

  it('shows a pending request to nobody outside it: no «solved by» link, no co-owner until the owners accept', async () => {
    type Challenge = { solvedBy: { case: { id: string } }[]; coOwners: { orgnr: string | null }[] };
    const get = async (id: string, role: Role) => (await send(`/api/v1/challenges/${id}`, role)).json() as Challenge;
    for (const role of ['anonymous', 'partner', 'analyst'] as const) {
      const bergen = await get(w.challenges.bergen, role);
      expect(bergen.solvedBy.map((s) => s.case.id)).not.toContain(w.cases.pub);
      expect(bergen.coOwners.map((o) => o.orgnr)).not.toContain(OSLO);
      expect((await send(`/challenges/${w.challenges.bergen}`, role)).body).not.toContain(`/cases/${w.cases.pub}"`);
      // Oslo's «same need» is public, its request to join is not.
      const responses = (await send(`/api/v1/challenges/${w.challenges.bergen}/responses`, role)).json() as { items: { id: string; request: unknown }[] };
      expect(responses.items.find((r) => r.id === w.joinRequest)).toMatchObject({ request: null });
    }
    // The owners see it, to decide.
    const owners = (await send(`/api/v1/challenges/${w.challenges.bergen}/responses`, 'otherMember')).json() as { items: { id: string; request: unknown }[] };
    expect(owners.items.find((r) => r.id === w.joinRequest)).toMatchObject({ request: { status: 'pending', canDecide: true } });
    // An accepted request is public: Bergen co-owns Oslo's challenge, the public-sector case solved Bergen's.
    expect((await get(w.challenges.oslo, 'anonymous')).coOwners.map((o) => o.orgnr)).toContain(BERGEN);
    expect((await get(w.challenges.bergen, 'analyst')).solvedBy.map((s) => s.case.id)).toContain(w.cases.psector);
  });

  it('shows no role a marker it may not read, on any route, export, feed or e-mail', () => {
    const leaks = hits.filter((h) => !READERS[h.marker.kind].includes(h.role) && !(SWEEP[h.route]?.alsoMay ?? []).includes(h.marker.kind));
    const key = (route: string, role: Role, kind: MarkerKind) => `${route} | ${role} | ${kind}`;
    const known = new Set(KNOWN_LEAKS.map((k) => key(k.route, k.role, k.kind)));
    const found = new Map<string, string[]>();
    for (const l of leaks) {
      const k = key(l.route, l.role, l.marker.kind);
      const where = `${l.url} (${l.marker.field})`;
      const list = found.get(k) ?? [];
      if (!list.includes(where)) list.push(where);
      found.set(k, list);
    }
    const unexpected = [...found].filter(([k]) => !known.has(k)).map(([k, where]) => `${k}: ${where.slice(0, 4).join(', ')}${where.length > 4 ? ` … (${where.length})` : ''}`);
    const fixed = [...known].filter((k) => !found.has(k)).map((k) => `${k}: no longer leaks — remove it from KNOWN_LEAKS`);
    expect({ unexpected: unexpected.sort(), fixed: fixed.sort() }).toEqual({ unexpected: [], fixed: [] });
  });
});
