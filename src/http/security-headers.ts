import type { Socket } from 'node:net';
import http from 'node:http';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { errorCatalogue, problemType, type ErrorId } from '../core/errors.js';

/**
 * The security headers every response carries: pages, API answers, files, and the answers Fastify
 * and Node give on their own (a malformed or over-long URL, an unknown method, a body that cannot be
 * parsed, the router's 404). They are set where the response leaves, not in a route or request hook:
 * those never run for a request the router or the HTTP parser turns away.
 */
export function securityHeaders(options: { https: boolean }): Readonly<Record<string, string>> {
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
    ...(options.https ? ['upgrade-insecure-requests'] : []),
  ].join(';');
  return Object.freeze({
    'content-security-policy': csp,
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'origin-agent-cluster': '?1',
    'referrer-policy': 'no-referrer',
    // HSTS only where the site is served over HTTPS.
    ...(options.https ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
    'x-content-type-options': 'nosniff',
    'x-dns-prefetch-control': 'off',
    'x-download-options': 'noopen',
    'x-frame-options': 'SAMEORIGIN',
    'x-permitted-cross-domain-policies': 'none',
    'x-xss-protection': '0',
  });
}

/** Sets the headers on a reply, leaving any a route set on purpose. */
export function applySecurityHeaders(reply: FastifyReply, headers: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(headers)) if (!reply.hasHeader(name)) reply.header(name, value);
}

/**
 * Every reply Fastify sends goes through onSend at the root (registered here on the root instance,
 * so every route, the 404 handler and the error handler inherit it); the framework's own errors
 * (see error-handler.ts) call `applySecurityHeaders` themselves as well.
 */
export function registerSecurityHeaders(app: FastifyInstance, headers: Readonly<Record<string, string>>): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    applySecurityHeaders(reply, headers);
    return payload;
  });
}

/**
 * Node's HTTP parser refuses some requests before Fastify sees them (a method it does not know,
 * a header block over the size limit, a broken request line): Fastify's default answer has none of
 * the headers above. This one does, with a problem+json body.
 */
export function clientErrorHandler(headers: Readonly<Record<string, string>>) {
  return function (err: Error & { code?: string }, socket: Socket): void {
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const [status, id]: [number, ErrorId] =
      err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'bad_request'] : err.code === 'HPE_HEADER_OVERFLOW' ? [431, 'bad_request'] : [400, 'bad_request'];
    const title = status === 400 ? errorCatalogue[id].title : (http.STATUS_CODES[status] ?? 'Bad Request');
    const body = JSON.stringify({ type: problemType(id), title, status, detail: 'The request could not be read' });
    const lines = [
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}`,
      'content-type: application/problem+json; charset=utf-8',
      `content-length: ${Buffer.byteLength(body)}`,
      'cache-control: no-store',
      'connection: close',
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    ];
    if (socket.writable) socket.write(`${lines.join('\r\n')}\r\n\r\n${body}`);
    socket.destroy(err);
  };
}
