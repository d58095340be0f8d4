import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createOrUpdateUser, issueToken } from '../../src/auth/auth.service.js';
import { findOrganisation, grantMembership } from '../../src/orgs/orgs.service.js';
import { createTestDatabase, type DataTarget, type TestDatabase } from './db.js';

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  config: Config;
  close(): Promise<void>;
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({ LOG_LEVEL: 'silent', LOGIN_RATE_LIMIT: '1000', WRITE_RATE_LIMIT: '100000' }), ...overrides };
}

/** The whole app on a fresh database of the target, driven with `app.inject` (no port). */
export async function createTestApp(target: DataTarget, overrides: Partial<Config> = {}): Promise<TestApp> {
  const database = await createTestDatabase(target);
  const config = testConfig(overrides);
  const app = await buildApp({ config, db: database.db, pool: database.pool, logger: false });
  await app.ready();
  return {
    app,
    database,
    config,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

let counter = 0;

export interface UserFactoryInput {
  email?: string;
  name?: string;
  password?: string;
  org?: string;
  role?: 'member' | 'org_admin';
  platformRole?: 'admin' | 'analyst';
}

/** A user (with a password and optionally a membership); returns what tests need to act as them. */
export async function createUser(t: TestApp, input: UserFactoryInput = {}) {
  counter++;
  const email = input.email ?? `user${counter}.${Date.now()}@example.no`;
  const password = input.password ?? 'correct horse battery staple';
  const outcome = await createOrUpdateUser(t.database.db, { email, name: input.name ?? `Test User ${counter}`, password, platformRole: input.platformRole });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.violations));
  if (input.org) {
    const found = await findOrganisation(t.database.db, input.org);
    if (!found.ok) throw new Error(`no org ${input.org}`);
    await grantMembership(t.database.db, outcome.user.id, found.org.id, input.role ?? 'member');
  }
  return { ...outcome.user, password };
}

export async function createToken(t: TestApp, userId: string): Promise<string> {
  return (await issueToken(t.database.db, userId, 'test')).token;
}

/** Cookies from a response, as a Cookie header value merged with earlier ones. */
export function mergeCookies(previous: string, res: LightMyRequestResponse): string {
  const jar = new Map(previous ? previous.split('; ').map((c) => c.split('=') as [string, string]) : []);
  for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
    if (c.value === '' || c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now())) jar.delete(c.name);
    else jar.set(c.name, c.value);
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

/** The SQL statements the app issued for a response (its Server-Timing `db` entry). */
export function sqlStatements(res: LightMyRequestResponse): number {
  const match = /\bdb;[^,]*desc="(\d+) statements"/.exec(String(res.headers['server-timing'] ?? ''));
  if (!match) throw new Error(`no db entry in Server-Timing: ${String(res.headers['server-timing'])}`);
  return Number(match[1]);
}

/** The CSRF token in a page's forms. */
export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('no CSRF token on the page');
  return match[1];
}

/** A browser-like session: GET pages and POST forms with cookies and CSRF handled. */
export class Browser {
  cookies = '';
  constructor(private readonly t: TestApp) {}

  async get(url: string) {
    const res = await this.t.app.inject({ method: 'GET', url, headers: { cookie: this.cookies, accept: 'text/html' } });
    this.cookies = mergeCookies(this.cookies, res);
    return res;
  }

  /** Submits a form found on `pageUrl` (for its CSRF token) to `action`. */
  async submit(pageUrl: string, action: string, fields: Record<string, string>) {
    const page = await this.get(pageUrl);
    const token = csrfFrom(page.body);
    const res = await this.t.app.inject({
      method: 'POST',
      url: action,
      headers: { cookie: this.cookies, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      payload: new URLSearchParams({ ...fields, _csrf: token }).toString(),
    });
    this.cookies = mergeCookies(this.cookies, res);
    return res;
  }

  async signIn(email: string, password: string) {
    const res = await this.submit('/signin', '/signin', { email, password });
    if (res.statusCode !== 303) throw new Error(`sign-in failed: ${res.statusCode}`);
    return res;
  }
}
