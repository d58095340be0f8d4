import type { FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { ContentChanges } from '../db/changes.js';
import { NOTICE_COOKIE } from './context.js';

/**
 * Rendered HTML of public pages as an anonymous visitor sees them, so the most-read pages (a case,
 * the case list) cost no SQL and no rendering while nothing changes.
 *
 * Why it is safe:
 * - Only anonymous requests are cached or served from here: what a signed-in user sees depends on
 *   who they are. An anonymous visitor sees exactly what every other anonymous visitor sees in the
 *   same language at the same URL, so the key is language + URL.
 * - Any committed write anywhere drops every entry: audited writes NOTIFY every process
 *   (db/changes.ts), and this process also drops everything as soon as it has handled a successful
 *   state-changing request, before the response leaves, so the writer's next read is fresh.
 * - A render that started before a drop is not stored (the generation check), so a page read from
 *   the database just before a commit cannot outlive it.
 * - While the change listener is not connected, nothing is cached at all.
 * - A page that carries a CSRF token (any form) is never stored: the token is the visitor's own.
 * - Entries also expire after a few minutes, and the cache holds a bounded number of bytes.
 */
export class PageCache {
  private readonly entries: LRUCache<string, string>;
  private generation = 0;

  constructor(
    private readonly changes: Pick<ContentChanges, 'listening' | 'on'> | null,
    options: { maxBytes?: number; ttlMs?: number } = {},
  ) {
    this.entries = new LRUCache<string, string>({
      maxSize: options.maxBytes ?? 64 * 1024 * 1024,
      sizeCalculation: (html) => html.length * 2,
      ttl: options.ttlMs ?? 5 * 60_000,
    });
    changes?.on('change', () => this.clear());
    changes?.on('reset', () => this.clear());
  }

  get enabled(): boolean {
    return this.changes?.listening === true;
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
    for (const fn of this.clearListeners) fn();
  }

  private readonly clearListeners: (() => void)[] = [];

  /** Calls `fn` whenever the cache is dropped (any committed write): for figures derived from public data and kept elsewhere (the dashboard's). */
  onClear(fn: () => void): void {
    this.clearListeners.push(fn);
  }

  /** The key for a request whose page may be shared, or null (signed in, a notice to show, a query string). */
  keyFor(request: FastifyRequest, allowedQuery?: RegExp): string | null {
    if (!this.enabled || request.method !== 'GET' || request.auth) return null;
    if (request.cookies?.[NOTICE_COOKIE]) return null;
    const q = request.url.indexOf('?');
    if (q >= 0 && !(allowedQuery && allowedQuery.test(request.url.slice(q + 1)))) return null;
    return `${request.lang}|${request.url}`;
  }

  /**
   * Serves the page from the cache, or renders it and keeps it for the next anonymous visitor.
   * `render` may throw (404, 403): nothing is stored then.
   */
  async serve(request: FastifyRequest, reply: FastifyReply, render: () => Promise<string>, options: { allowedQuery?: RegExp; ttlMs?: number } = {}): Promise<FastifyReply> {
    const key = this.keyFor(request, options.allowedQuery);
    if (key) {
      const hit = this.entries.get(key);
      if (hit !== undefined) return reply.header('x-page-cache', 'hit').html(hit);
    }
    const generation = this.generation;
    const html = await render();
    // A page with a form carries the visitor's own CSRF token: never share it.
    if (key && generation === this.generation && this.enabled && !html.includes('name="_csrf"')) this.entries.set(key, html, options.ttlMs ? { ttl: options.ttlMs } : undefined);
    if (key) reply.header('x-page-cache', 'miss');
    return reply.html(html);
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    pageCache: PageCache;
  }
}
