import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { connect, type Db } from '../../src/db/database.js';
import { messages } from '../../src/i18n/index.js';
import { testConfig } from '../helpers/app.js';
import { createTestDatabase, dataTargets, type TestDatabase } from '../helpers/db.js';
import { until } from '../helpers/wait.js';

/**
 * A TCP proxy between the app and PostgreSQL that can be cut (every connection reset, nothing
 * listening) and put back on the same port: the database going away and coming back, as a
 * network failure or a server restart looks to the app.
 */
class CuttableProxy {
  private server: net.Server | null = null;
  private sockets = new Set<net.Socket>();
  port = 0;
  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe.each(dataTargets())('the database going away and coming back ($name PostgreSQL)', (target) => {
  let database: TestDatabase;
  let proxy: CuttableProxy;
  let app: FastifyInstance;
  let db: Db;

  beforeAll(async () => {
    database = await createTestDatabase(target);
    const url = new URL(database.url);
    proxy = new CuttableProxy({ host: url.hostname, port: Number(url.port || 5432) });
    await proxy.start();
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    const through = await connect(url.toString(), 4);
    db = through.db;
    app = await buildApp({ config: testConfig(), db, pool: through.pool, logger: false });
    await app.ready();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await db?.destroy().catch(() => undefined);
    await proxy?.cut();
    await database?.drop();
  });

  /** GETs `url` until it answers `status`, and returns that answer. */
  const answering = (url: string, status: number) =>
    until(
      async () => {
        const res = await app.inject(url);
        return res.statusCode === status ? res : null;
      },
      { what: `${url} to answer ${status}`, timeout: 30_000, interval: 200 },
    );

  it('answers 503 (health, pages with a friendly message, API problem+json) while it is away, then recovers by itself', async () => {
    expect((await app.inject('/health/ready')).statusCode).toBe(200);
    expect((await app.inject('/organisations')).statusCode).toBe(200);

    await proxy.cut();

    const ready = await answering('/health/ready', 503);
    expect(ready.json()).toMatchObject({ status: 'unavailable' });
    // The process itself is alive.
    expect((await app.inject('/health/live')).statusCode).toBe(200);

    const page = await app.inject({ url: '/organisations?q=oslo', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(503);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['retry-after']).toBe('5');
    expect(page.body).toContain(messages('nb').errors.unavailable);
    // No stack trace or driver message reaches the visitor.
    expect(page.body).not.toMatch(/ECONN|Connection terminated|at .*\.js:\d+/);

    const api = await app.inject('/api/v1/organisations?q=oslo');
    expect(api.statusCode).toBe(503);
    expect(api.headers['content-type']).toMatch(/application\/problem\+json/);

    // Back on the same address: the app recovers without a restart.
    await proxy.start();
    await answering('/health/ready', 200);
    const again = await answering('/organisations?q=oslo', 200);
    expect(again.body).toContain('Oslo kommune');
    expect((await app.inject('/api/v1/organisations?q=oslo')).statusCode).toBe(200);
  }, 90_000);
});
