import { EventEmitter } from 'node:events';
import { sql } from 'kysely';
import pg from 'pg';
import type { DbOrTrx } from './database.js';

/**
 * Content changes across processes. Every audited write calls `notifyContentChanged` inside its
 * transaction; PostgreSQL delivers the NOTIFY to every listening connection when (and only if) the
 * transaction commits, so each app process — however many share the database — hears of every
 * write made by any of them, or by a CLI command. Caches of rendered pages listen here.
 */
export const CONTENT_CHANNEL = 'nytenk_content';

/** Tells every process that content changed; delivered at commit, dropped on rollback. */
export async function notifyContentChanged(db: DbOrTrx, topic: string): Promise<void> {
  await sql`select pg_notify(${CONTENT_CHANNEL}, ${topic.slice(0, 100)})`.execute(db);
}

export interface ContentChanges {
  /** True while the listener holds a working connection: only then may caches trust it. */
  readonly listening: boolean;
  /** `change` (topic) for each committed write; `reset` when notifications may have been missed. */
  on(event: 'change', fn: (topic: string) => void): void;
  on(event: 'reset', fn: () => void): void;
  close(): Promise<void>;
}

/**
 * One dedicated connection that LISTENs on the channel. When it breaks (server restart, network),
 * notifications may be lost, so it emits `reset` and reconnects with backoff; caches drop
 * everything on `reset` and stay off until `listening` is true again.
 */
export function listenForContentChanges(connection: pg.ClientConfig, log: (msg: string) => void = () => undefined): ContentChanges {
  const events = new EventEmitter();
  let client: pg.Client | null = null;
  let listening = false;
  let closed = false;
  let retryMs = 250;
  let timer: NodeJS.Timeout | null = null;

  const lost = () => {
    if (listening) log('content-change listener lost its connection; page caches off until it is back');
    listening = false;
    events.emit('reset');
    const old = client;
    client = null;
    old?.removeAllListeners();
    old?.on('error', () => undefined);
    void old?.end().catch(() => undefined);
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = null;
      void connect();
    }, retryMs);
    timer.unref();
    retryMs = Math.min(retryMs * 2, 10_000);
  };

  const connect = async () => {
    if (closed) return;
    const c = new pg.Client({ ...connection, application_name: 'nytenk:listen' });
    client = c;
    c.on('error', lost);
    c.on('end', () => {
      if (client === c) lost();
    });
    c.on('notification', (n) => {
      if (n.channel === CONTENT_CHANNEL) events.emit('change', n.payload ?? '');
    });
    try {
      await c.connect();
      await c.query(`listen ${CONTENT_CHANNEL}`);
      if (closed) {
        await c.end().catch(() => undefined);
        return;
      }
      // Writes committed while we were away were not heard: start from empty caches.
      events.emit('reset');
      listening = true;
      retryMs = 250;
    } catch {
      if (client === c) lost();
    }
  };
  void connect();

  return {
    get listening() {
      return listening;
    },
    on(event: string, fn: (...args: any[]) => void) { // eslint-disable-line @typescript-eslint/no-explicit-any
      events.on(event, fn);
    },
    async close() {
      closed = true;
      listening = false;
      if (timer) clearTimeout(timer);
      const c = client;
      client = null;
      c?.removeAllListeners();
      c?.on('error', () => undefined);
      await c?.end().catch(() => undefined);
    },
  } as ContentChanges;
}
