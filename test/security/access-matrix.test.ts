import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createToken, createUser, csrfFrom, mergeCookies, type TestApp } from '../helpers/app.js';
import { dataTargets } from '../helpers/db.js';
import { createPartnerOrg } from '../fixtures/challenges.js';
import { MATRIX, type Entry } from './access-matrix.js';
import { BERGEN, OSLO, PARTNER_ORGNR, ROLES, World, type Person, type Role, type SignedInRole } from './access-world.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type Outcome = 'let in' | 'sign in' | 'refused';

/** What a person meets: let in (any answer past the access check), told to sign in, or refused. */
function outcomeOf(res: LightMyRequestResponse): Outcome {
  const location = String(res.headers.location ?? '');
  if (res.statusCode === 401 || (res.statusCode >= 300 && res.statusCode < 400 && location.startsWith('/signin'))) return 'sign in';
  if (res.statusCode === 403 || res.statusCode === 404) return 'refused';
  return 'let in';
}

function expected(entry: Entry, role: Role): Outcome[] {
  if (entry.allow.includes(role)) return ['let in'];
  return role === 'anonymous' ? ['sign in', 'refused'] : ['refused'];
}

/**
 * The access matrix: every route of the app's route table × every role, answered as access-matrix.ts
 * says. Both databases: the rules are partly SQL. A route added without a matrix entry fails here.
 */
describe.each(dataTargets())('access matrix: every route × every role ($name PostgreSQL)', (target) => {
  let t: TestApp;
  const people = {} as Record<SignedInRole, Person>;
  /** A signed-in browser session per role (anonymous: just the CSRF cookie), and its form token. */
  const sessions = {} as Record<Role, { cookie: string; csrf: string }>;

  async function browserSession(person?: Person) {
    const page = await t.app.inject('/signin');
    let cookie = mergeCookies('', page);
    if (person) {
      const res = await t.app.inject({ method: 'POST', url: '/signin', headers: { cookie }, payload: { email: person.email, password: person.password, _csrf: csrfFrom(page.body) } });
      if (res.statusCode !== 303) throw new Error(`sign-in ${person.email}: ${res.statusCode}`);
      cookie = mergeCookies(cookie, res);
    }
    const after = await t.app.inject({ url: '/signin', headers: { cookie } });
    return { cookie: mergeCookies(cookie, after), csrf: csrfFrom(after.body) };
  }

  beforeAll(async () => {
    t = await createTestApp(target);
    const make = async (input: Parameters<typeof createUser>[1]): Promise<Person> => {
      const u = await createUser(t, input);
      return { id: u.id, email: u.email, password: u.password, token: await createToken(t, u.id) };
    };
    people.platformAdmin = await make({ name: 'Petra Plattform', platformRole: 'admin' });
    await createPartnerOrg(t.app, people.platformAdmin.token);
    people.partner = await make({ name: 'Per Partner', org: PARTNER_ORGNR });
    people.otherMember = await make({ name: 'Berit Bergen', org: BERGEN });
    people.member = await make({ name: 'Mona Medlem', org: OSLO });
    people.orgAdmin = await make({ name: 'Ole Orgadmin', org: OSLO, role: 'org_admin' });
    people.analyst = await make({ name: 'Anne Analytiker', platformRole: 'analyst' });
    sessions.anonymous = await browserSession();
    for (const role of ROLES) if (role !== 'anonymous') sessions[role] = await browserSession(people[role]);
  }, 120_000);
  afterAll(async () => t?.close());

  async function send(method: string, url: string, role: Role, entry: Entry, world: World): Promise<LightMyRequestResponse> {
    const api = url.startsWith('/api/');
    const body = entry.body ? await entry.body(world) : undefined;
    const headers: Record<string, string> = {};
    let payload: string | undefined;
    if (api) {
      if (role !== 'anonymous') headers.authorization = `Bearer ${people[role].token}`;
      if (body !== undefined) {
        headers['content-type'] = 'application/json';
        payload = JSON.stringify(body);
      }
    } else {
      const session = entry.ownSession && role !== 'anonymous' ? await browserSession(people[role]) : sessions[role];
      headers.cookie = session.cookie;
      headers.accept = 'text/html';
      if (UNSAFE.has(method)) {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        payload = new URLSearchParams({ ...(body as Record<string, string> | undefined), _csrf: session.csrf }).toString();
      }
    }
    return t.app.inject({ method: method as 'GET', url, headers, ...(payload !== undefined ? { payload } : {}) });
  }

  it('has an entry for every route, and every entry is a route', () => {
    const routes = new Set(t.app.routeTable.filter((r) => r.method !== 'HEAD').map((r) => `${r.method} ${r.url}`));
    const missing = [...routes].filter((r) => !(r in MATRIX));
    const stale = Object.keys(MATRIX).filter((k) => !routes.has(k));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
    // Every HEAD route is a GET's twin (Fastify's exposeHeadRoutes) and is checked with it below.
    const heads = t.app.routeTable.filter((r) => r.method === 'HEAD').map((r) => r.url);
    for (const url of heads) expect(routes.has(`GET ${url}`) || routes.has(`GET ${url.replace(/\/$/, '')}`)).toBe(true);
  });

  it('answers every route as the matrix says, for every role', async () => {
    const shared = new World(t, people);
    const mismatches: string[] = [];
    let requests = 0;
    const routes = t.app.routeTable.filter((r) => r.method !== 'HEAD' && `${r.method} ${r.url}` in MATRIX);
    // The demo loader changes the whole platform: last.
    routes.sort((a, b) => Number(a.url === '/demo') - Number(b.url === '/demo'));
    for (const route of routes) {
      const key = `${route.method} ${route.url}`;
      const entry = MATRIX[key]!;
      for (const role of ROLES) {
        // Reads share one world; a write gets a fresh one, so no role meets another's changes.
        const world = UNSAFE.has(route.method) ? new World(t, people) : shared;
        const url = entry.url ? await entry.url(world) : route.url;
        const res = await send(route.method, url, role, entry, world);
        requests++;
        if (res.statusCode >= 500) mismatches.push(`${key} as ${role}: ${res.statusCode} ${res.body.slice(0, 300)}`);
        const got = outcomeOf(res);
        if (!expected(entry, role).includes(got)) mismatches.push(`${key} as ${role}: expected ${expected(entry, role).join(' or ')}, got ${got} (${res.statusCode}${res.headers.location ? ` → ${String(res.headers.location)}` : ''}) ${res.statusCode >= 400 ? res.body.replace(/\s+/g, ' ').slice(0, 160) : ''}`);
        if (route.method === 'GET') {
          const head = await send('HEAD', url, role, entry, world);
          requests++;
          if (head.statusCode !== res.statusCode) mismatches.push(`HEAD ${route.url} as ${role}: ${head.statusCode}, GET gave ${res.statusCode}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(requests).toBeGreaterThan(routes.length * ROLES.length);
  }, 600_000);
});
