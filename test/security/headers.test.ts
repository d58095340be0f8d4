import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { dataTargets } from '../helpers/db.js';

/**
 * Finding 12 of issue 14: every answer carries the security headers, the ones Fastify and Node make
 * on their own included (a malformed or over-long URL, an unknown method, a body that cannot be
 * read, the router's 404). Sent over a real socket, byte for byte, so nothing is tidied up on the way.
 */

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends raw bytes and reads the answer until the server closes the connection. */
function raw(port: number, request: string | Buffer): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', (err) => (chunks.length ? undefined : reject(err)));
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const i = line.indexOf(':');
        if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
    // write, not end: a half-closed socket makes Node drop a request still being handled.
    socket.write(request);
  });
}

const get = (path: string, extra = '') => `GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n${extra}\r\n`;
const post = (path: string, contentType: string, body: string | Buffer) =>
  Buffer.concat([Buffer.from(`POST ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: ${contentType}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`), Buffer.from(body)]);

const CASES: [string, string | Buffer, number][] = [
  ['a malformed %-escape in the path', get('/cases/%E0%A4%A'), 400],
  ['a %-escape that is not UTF-8', get('/api/v1/cases/%C0%AF'), 400],
  ['an over-long path segment', get(`/cases/${'a'.repeat(300)}`), 414],
  ['an over-long URL (past the header limit)', get(`/${'a'.repeat(20_000)}`), 431],
  ['a method Node does not know', 'BREW /coffee HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n', 400],
  ['a method no route has', 'PROPFIND / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n', 404],
  // A write to no route meets the CSRF check first (the 404 handler runs the root hooks).
  ['a method the path does not take', 'DELETE /health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n', 403],
  ['a path the router does not know', get('/no/such/page'), 404],
  ['an unknown content type', post('/api/v1/cases', 'application/x-evil', 'x'), 415],
  ['JSON that does not parse', post('/api/v1/cases', 'application/json', '{"title":'), 400],
  ['a body over the limit', post('/api/v1/cases', 'application/json', `"${'x'.repeat(1_100_000)}"`), 413],
  ['a broken Content-Length', get('/', 'Content-Length: abc\r\n'), 400],
  ['a header with a forbidden character', get('/', 'X-Evil: a\u0001b\r\n'), 400],
  ['a request line that is not HTTP', 'hello\r\n\r\n', 400],
  ['HTTP/1.1 without Host', 'GET / HTTP/1.1\r\nConnection: close\r\n\r\n', 400],
];

describe('security headers on every answer, the framework’s own errors included', () => {
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    t = await createTestApp(dataTargets()[0]!);
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    port = (t.app.server.address() as AddressInfo).port;
  });
  afterAll(async () => t?.close());

  it.each(CASES)('%s', async (_what, request, status) => {
    const res = await raw(port, request);
    expect(res.status).toBe(status);
    expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    // The answer says what went wrong in the documented format, never an HTML page sniffed as such.
    expect(res.headers['content-type']).toMatch(/^(application\/problem\+json|text\/html)/);
    if (res.headers['content-type']!.startsWith('application/problem+json')) expect(JSON.parse(res.body).status).toBe(status);
  });

  it('an ordinary page and an API answer carry them too', async () => {
    for (const path of ['/', '/api/v1/cases', '/health/live', '/assets/app.css']) {
      const res = await raw(port, get(path));
      expect(res.status, path).toBe(200);
      expect(res.headers['content-security-policy'], path).toMatch(/frame-ancestors 'none'/);
      expect(res.headers['x-content-type-options'], path).toBe('nosniff');
    }
  });
});
