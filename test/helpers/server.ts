import type { AddressInfo } from 'node:net';
import type { Config } from '../../src/config.js';
import { createTestApp, type TestApp } from './app.js';
import { dataTargets } from './db.js';

export interface TestServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  baseUrl: string;
  /** The app and its database, for factories such as `createUser(t)`. */
  t: TestApp;
  close(): Promise<void>;
}

/**
 * The real app listening over HTTP on an ephemeral port of 127.0.0.1, on a fresh database cloned
 * from the embedded PostgreSQL's template. For browser tests; route tests use `app.inject`.
 */
export async function startTestServer(overrides: Partial<Config> = {}): Promise<TestServer> {
  const [embedded] = dataTargets();
  if (!embedded) throw new Error('no embedded database target: is test/global-setup.ts configured?');
  const t = await createTestApp(embedded, overrides);
  try {
    await t.app.listen({ host: '127.0.0.1', port: 0 });
  } catch (err) {
    await t.close();
    throw err;
  }
  const { port } = t.app.server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  // As startServer does: without PUBLIC_URL, links name the address actually listened on.
  if (!t.config.publicUrlSet) t.config.publicUrl = baseUrl;
  return { baseUrl, t, close: () => t.close() };
}
