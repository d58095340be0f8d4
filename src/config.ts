import path from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { parseOidcProviders, type OidcProviderConfig } from './core/oidc-config.js';

/**
 * The environment the platform reads, parsed once at boot. Nothing else in the code reads
 * `process.env`: features receive the parts of `Config` they need.
 */
const EnvSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  HOST: Type.String({ default: 'localhost' }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  NYTENK_DATA_DIR: Type.String({ default: './data' }),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info' },
  ),
  PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  TRUST_PROXY: Type.Boolean({ default: false }),
  LOCAL_ACCOUNTS: Type.Boolean({ default: true }),
  LOAD_REFERENCE_DATA: Type.Boolean({ default: true }),
  LOGIN_RATE_LIMIT: Type.Integer({ minimum: 1, default: 10 }),
  WRITE_RATE_LIMIT: Type.Integer({ minimum: 1, default: 120 }),
  API_TOKEN_DAYS: Type.Integer({ minimum: 1, maximum: 3650, default: 365 }),
  DB_POOL_SIZE: Type.Integer({ minimum: 1, maximum: 200, default: 10 }),
  SMTP_URL: Type.Optional(Type.String({ pattern: '^smtps?://' })),
  MAIL_FROM: Type.String({ default: 'Nytenk <ikke-svar@nytenk.no>', maxLength: 300 }),
  BACKGROUND_JOBS: Type.Boolean({ default: true }),
  JOB_INTERVAL_MS: Type.Integer({ minimum: 50, maximum: 3_600_000, default: 5000 }),
  METRICS_TOKEN: Type.Optional(Type.String({ minLength: 16, maxLength: 500, pattern: '^[\\x21-\\x7e]+$' })),
});

export type Env = Static<typeof EnvSchema>;

export interface Config {
  port: number;
  host: string;
  /** A PostgreSQL server; when absent the embedded server in `dataDir` is used. */
  databaseUrl: string | undefined;
  dataDir: string;
  logLevel: string;
  /**
   * Where users reach the site, without a trailing slash: every absolute link (sitemap, DCAT,
   * feeds, e-mails, sign-in codes) is built from it, never from a request's Host header. From
   * PUBLIC_URL; when that is unset, `http://localhost:PORT` (startServer refuses to listen on
   * anything but loopback then, and sets the real port when PORT is 0). An https URL turns on
   * `Secure` cookies.
   */
  publicUrl: string;
  /** Whether PUBLIC_URL was given (false: the development default above). */
  publicUrlSet: boolean;
  /** The bearer token Prometheus sends to GET /metrics; without it /metrics answers 404. */
  metricsToken: string | undefined;
  trustProxy: boolean;
  localAccounts: boolean;
  loadReferenceData: boolean;
  loginRateLimit: number;
  /** Writes (POST/PUT/PATCH/DELETE) per minute per session, token or (anonymous) client address. */
  writeRateLimit: number;
  /** How long a new API token works, in days. */
  apiTokenDays: number;
  dbPoolSize: number;
  secureCookies: boolean;
  /** Outgoing mail; without it, mail stays in the outbox (shown to platform admins). */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Fan-out, digests and the outbox sender run in this process (any number of processes may). */
  backgroundJobs: boolean;
  jobIntervalMs: number;
  /** OpenID Connect providers offered on the sign-in page (OIDC_PROVIDERS and OIDC_<ID>_*). */
  oidcProviders: OidcProviderConfig[];
}

export class ConfigError extends Error {}

/** Parses the environment against the schema; throws a ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const picked: Record<string, unknown> = {};
  for (const key of Object.keys(EnvSchema.properties)) {
    const raw = env[key];
    if (raw !== undefined && raw !== '') picked[key] = raw;
  }
  const converted = Value.Default(EnvSchema, Value.Convert(EnvSchema, picked));
  const errors = [...Value.Errors(EnvSchema, converted)];
  const oidc = parseOidcProviders(env);
  if (errors.length > 0 || oidc.errors.length > 0) {
    const lines = [...errors.map((e) => `  ${e.path.slice(1) || '(environment)'}: ${e.message}`), ...oidc.errors];
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = converted as Env;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(cwd, e.NYTENK_DATA_DIR),
    logLevel: e.LOG_LEVEL,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    publicUrlSet: e.PUBLIC_URL !== undefined,
    metricsToken: e.METRICS_TOKEN,
    trustProxy: e.TRUST_PROXY,
    localAccounts: e.LOCAL_ACCOUNTS,
    loadReferenceData: e.LOAD_REFERENCE_DATA,
    loginRateLimit: e.LOGIN_RATE_LIMIT,
    writeRateLimit: e.WRITE_RATE_LIMIT,
    apiTokenDays: e.API_TOKEN_DAYS,
    dbPoolSize: e.DB_POOL_SIZE,
    secureCookies: e.PUBLIC_URL?.startsWith('https://') ?? false,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    backgroundJobs: e.BACKGROUND_JOBS,
    jobIntervalMs: e.JOB_INTERVAL_MS,
    oidcProviders: oidc.providers,
  };
}

/** Loopback addresses: a server listening only there is reached from this machine alone. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || h === '::ffff:127.0.0.1';
}

/**
 * Throws a ConfigError when the server would listen where others can reach it without PUBLIC_URL:
 * its absolute links would otherwise come from whatever Host header a client sends.
 */
export function assertPublicUrlForListening(config: Pick<Config, 'host' | 'publicUrlSet'>): void {
  if (config.publicUrlSet || isLoopbackHost(config.host)) return;
  throw new ConfigError(
    `PUBLIC_URL is not set, and HOST=${config.host} is not a loopback address.\n` +
      '  Set PUBLIC_URL to the address users reach the site at (e.g. PUBLIC_URL=https://nytenk.example.no):\n' +
      '  links in e-mails, feeds, the sitemap and the open-data catalogue are built from it, never from the\n' +
      '  Host header a client sends. Without PUBLIC_URL the server listens on localhost only.',
  );
}
