import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyRequest, type FastifySchema, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import type pg from 'pg';
import type { Config } from './config.js';
import { queryCounter, type Db, type QueryScope } from './db/database.js';
import { AppError, validation } from './core/errors.js';
import { nonFiniteFields, withStorableText } from './core/validation.js';
import { authHook } from './auth/index.js';
import { createMetrics, healthRoutes, METRICS_PATH } from './http/health.js';
import { registerAssets } from './http/assets.js';
import { resolveLang, LANG_COOKIE } from './http/context.js';
import { frameworkErrorHandler, registerErrorHandling } from './http/error-handler.js';
import { applySecurityHeaders, clientErrorHandler, registerSecurityHeaders, securityHeaders } from './http/security-headers.js';
import { registerJsonBodyParser } from './http/json-body.js';
import { registerOpenApi, registerSharedSchemas } from './http/openapi.js';
import { messages } from './i18n/index.js';
import { registry as buildRegistry } from './modules.js';
import type { FeatureRegistry } from './core/feature.js';
import { listenForContentChanges, type ContentChanges } from './db/changes.js';
import { PageCache } from './http/page-cache.js';

export interface AppDeps {
  config: Config;
  db: Db;
  pool: pg.Pool;
  logger?: FastifyServerOptions['logger'];
  /** Hears committed writes from every process (default: a LISTEN connection to the same database). */
  contentChanges?: ContentChanges;
  /** The features' manifests (default: every feature of src/modules.ts). */
  features?: FeatureRegistry;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Whose write budget a request spends: the signed-in person's (whichever session or token they
 * use), or else the client address. Read after the credentials have been checked (the limit runs
 * in preValidation, after the auth hook): a cookie or token that does not check out is no one's,
 * so a fresh random cookie per request spends the same address's budget.
 */
function writeRateKey(request: FastifyRequest): string {
  return request.auth ? `u:${request.auth.user.id}` : `ip:${request.ip}`;
}

export interface RouteEntry {
  method: string;
  url: string;
  csrfExempt: boolean;
  /** The route's validation schema (params, querystring, body) as registered, for the security tests. */
  schema: FastifySchema | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RouteEntry[];
  }
}

/** Each request's SQL statement count (see the onRequest hook). */
const requestScopes = new WeakMap<object, QueryScope>();

/** Builds the HTTP app: the core (security, i18n, auth, errors, assets, docs), then every feature. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, db, pool } = deps;
  const features = deps.features ?? buildRegistry();
  const headers = securityHeaders({ https: config.secureCookies });
  const app = Fastify({
    logger: deps.logger ?? { level: config.logLevel },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: 200 },
    ajv: { customOptions: { removeAdditional: true, coerceTypes: 'array', useDefaults: true, allErrors: true } },
    // The router's own refusals (malformed %-escape, over-long path segment) run no hooks: the
    // security headers are set here, where that answer is made.
    frameworkErrors: (error, request, reply) => {
      applySecurityHeaders(reply, headers);
      return frameworkErrorHandler(error, request, reply);
    },
    clientErrorHandler: clientErrorHandler(headers),
    // Node answers an HTTP/1.1 request without Host itself, bare (no security headers): it comes
    // through to the hook below instead, which answers as every other refusal does.
    http: { requireHostHeader: false },
  });

  registerErrorHandling(app);
  // JSON nested too deep is refused before it is parsed or walked (http/json-body.ts).
  registerJsonBodyParser(app);
  registerSharedSchemas(app, features.schemas);
  // "Infinity" in a query string passes Ajv's range checks (see nonFiniteFields): refused here.
  app.addHook('preHandler', async (request) => {
    const errors = [...nonFiniteFields(request.params), ...nonFiniteFields(request.query), ...nonFiniteFields(request.body)];
    if (errors.length) throw validation(errors);
  });

  // Every route as registered (method, path, whether it needs no CSRF token): the security tests
  // walk it, so a new route is checked without anyone listing it.
  const routeTable: RouteEntry[] = [];
  app.addHook('onRoute', (route) => {
    const methods = [route.method].flat().map(String);
    for (const method of methods) routeTable.push({ method, url: route.url, csrfExempt: !!(route.config as { csrfExempt?: boolean } | undefined)?.csrfExempt, schema: route.schema });
    // Every write has a rate limit (the rate-limit plugin's own onRoute hook, registered below,
    // reads it): per signed-in person, so colleagues behind one municipal NAT address do not share
    // a budget; anonymous writes per client address. Route-level, so it runs after the root auth
    // hook has checked the credentials (see writeRateKey). Sign-in keeps its own, stricter limit.
    const routeConfig = (route.config ?? {}) as { rateLimit?: unknown };
    if (methods.some((m) => UNSAFE.has(m)) && routeConfig.rateLimit === undefined) {
      route.config = { ...routeConfig, rateLimit: { max: config.writeRateLimit, timeWindow: '1 minute', keyGenerator: writeRateKey, hook: 'preValidation' } };
    }
  });
  app.decorate('routeTable', routeTable);
  app.decorate('features', features);

  // Rendered public pages, dropped on every committed write (see http/page-cache.ts).
  const changes = deps.contentChanges ?? listenForContentChanges((pool as unknown as { options: pg.ClientConfig }).options, (msg) => app.log.warn(msg));
  const pageCache = new PageCache(changes);
  app.decorate('pageCache', pageCache);
  app.addHook('onClose', async () => {
    if (!deps.contentChanges) await changes.close();
  });
  // This process drops its pages as soon as a write has been handled, before the response leaves:
  // the writer's next read must not wait for the NOTIFY to come round.
  app.addHook('onSend', async (request, reply, payload) => {
    if (UNSAFE.has(request.method) && reply.statusCode < 400) pageCache.clear();
    return payload;
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (request.raw.httpVersion === '1.1' && !request.headers.host) throw new AppError('bad_request', 'An HTTP/1.1 request needs a Host header');
    // Every SQL statement this request issues is counted (db/database.ts), and the count and time
    // go out in Server-Timing: operators see it in the browser, and tests assert that a page makes
    // a fixed number of statements (app.inject does not carry a caller's async context inwards).
    const scope: QueryScope = { count: 0, ms: 0 };
    queryCounter.enterWith(scope);
    requestScopes.set(request, scope);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const scope = requestScopes.get(request);
    if (scope) {
      const entry = `db;dur=${(scope.ms ?? 0).toFixed(1)};desc="${scope.count} statements"`;
      const existing = reply.getHeader('server-timing');
      reply.header('server-timing', existing ? `${String(existing)}, ${entry}` : entry);
    }
    return payload;
  });

  // CSP, nosniff, frame protection … on every reply, errors and 404s included (http/security-headers.ts).
  registerSecurityHeaders(app, headers);
  await app.register(cookie);
  await app.register(formbody);
  await app.register(csrf, {
    cookieKey: 'nytenk_csrf',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', secure: config.secureCookies },
    getToken: (req) => {
      const body = req.body as Record<string, unknown> | undefined;
      const fromBody = body && typeof body._csrf === 'string' ? body._csrf : undefined;
      const header = req.headers['x-csrf-token'];
      return fromBody ?? (typeof header === 'string' ? header : undefined);
    },
  });
  await app.register(rateLimit, { global: false, errorResponseBuilder: (_req, ctx) => Object.assign(new Error(`Rate limit exceeded, retry in ${ctx.after}`), { statusCode: 429 }) });

  // Language and who is asking, for every request except static files.
  app.addHook('preValidation', async (request, reply) => {
    const { lang, fromQuery } = resolveLang(request);
    request.lang = lang;
    request.m = messages(lang);
    if (fromQuery) reply.setCookie(LANG_COOKIE, lang, { path: '/', sameSite: 'lax', maxAge: 365 * 24 * 3600, secure: config.secureCookies });
    // Static files need no one; /metrics checks its own token (not a user's API token).
    if (request.url.startsWith('/assets/') || request.routeOptions.url === METRICS_PATH) {
      request.auth = null;
      return;
    }
    await authHook(db, request, features.sessionHooks);
  });

  // CSRF on every state-changing request made with a browser session. API clients that send a
  // Bearer token are not exposed to CSRF (browsers never attach that header on their own).
  // preValidation, not preHandler: a forged request is refused before its body is even validated
  // (a 400 naming a field would tell a forger the form's shape, and would hide the refusal).
  app.addHook('preValidation', async (request, reply) => {
    if (!UNSAFE.has(request.method)) return;
    if (request.auth?.via === 'token') return;
    // An anonymous API write has no session to forge; the route answers 401 itself.
    if (!request.auth && request.url.startsWith('/api/')) return;
    // A route whose URL carries its own secret (one-click unsubscribe, RFC 8058: the mail program
    // POSTs without any page or cookie of ours) says so in its config.
    if ((request.routeOptions.config as { csrfExempt?: boolean } | undefined)?.csrfExempt) return;
    await new Promise<void>((resolve, reject) => {
      app.csrfProtection(request, reply, (err?: Error) => (err ? reject(err) : resolve()));
    });
  });

  // Text PostgreSQL cannot store (U+0000, lone surrogates) made storable before validation, for
  // every parser (JSON, forms) and the query alike (see withStorableText).
  app.addHook('preValidation', async (request) => {
    request.query = withStorableText(request.query);
    if (request.body !== undefined) request.body = withStorableText(request.body);
  });

  app.decorateReply('html', function (this: import('fastify').FastifyReply, body: string, status = 200) {
    return this.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
  });

  const metrics = createMetrics();
  app.addHook('onResponse', async (request, reply) => {
    metrics.httpDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unknown', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  await registerOpenApi(app);
  await registerAssets(app);
  await app.register(async (scope) => healthRoutes(scope, { pool, registry: metrics.registry, metricsToken: config.metricsToken }));
  for (const feature of features.features) {
    for (const routes of feature.routes ?? []) await app.register(async (scope) => routes(scope, { db, config, features }));
  }
  return app;
}
