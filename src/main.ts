import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { registry } from './modules.js';
import { assertPublicUrlForListening, type Config } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { ensureReferenceData } from './orgs/index.js';
import { ensureLosConcepts } from './themes/index.js';

export interface RunningServer {
  app: FastifyInstance;
  database: Database;
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts Nytenk: opens the database (embedded or server), migrates, loads the reference data on
 * first start, listens, and stops everything cleanly on SIGINT/SIGTERM (the embedded PostgreSQL too).
 */
export async function startServer(config: Config, options: { handleSignals?: boolean } = {}): Promise<RunningServer> {
  const bootLog = (msg: string) => process.stderr.write(JSON.stringify({ level: 30, time: Date.now(), msg }) + '\n');
  // Before anything is opened: without PUBLIC_URL only loopback (see config.ts).
  assertPublicUrlForListening(config);
  const features = registry();
  const database = await openDatabase(config, { derived: features.derivedFunctions, log: bootLog });
  let app: FastifyInstance | undefined;
  try {
    if (config.loadReferenceData) {
      const loaded = await ensureReferenceData(database.db);
      if (loaded) bootLog(`loaded reference data: ${loaded.inserted} organisations, ${loaded.counties} counties`);
      const los = await ensureLosConcepts(database.db);
      if (los) bootLog(`loaded LOS themes: ${los.inserted} concepts`);
    }
    app = await buildApp({ config, db: database.db, pool: database.pool, features });
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await app?.close().catch(() => undefined);
    await database.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://localhost:${port}`;
  // The development default names the port actually listened on (PORT=0, `serve --port`).
  if (!config.publicUrlSet) config.publicUrl = url;
  app.log.info({ database: database.description, url }, 'Nytenk is running');
  // The features' background jobs (their manifests' `jobs`).
  const jobs = config.backgroundJobs ? app.features.jobs.map((job) => job.start({ db: database.db, config, url, log: (obj, msg) => app.log.info(obj, msg) })) : [];

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      app.log.info('shutting down');
      await Promise.all(jobs.map((job) => job.stop()));
      await app.close();
      await database.close();
    })();
    return stopping;
  };

  if (options.handleSignals !== false) {
    // SIGUSR2 is what nodemon sends: stop cleanly so no orphan postgres is left behind.
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGUSR2'] as const) {
      process.once(signal, () => {
        const timer = setTimeout(() => process.exit(1), 15_000);
        timer.unref();
        stop().then(
          () => process.exit(0),
          (err) => {
            app.log.error({ err }, 'shutdown failed');
            process.exit(1);
          },
        );
      });
    }
    process.on('uncaughtException', (err) => {
      app.log.fatal({ err }, 'uncaught exception');
      stop().finally(() => process.exit(1));
    });
  }
  return { app, database, url, stop };
}
