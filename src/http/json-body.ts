import type { FastifyInstance } from 'fastify';
import { validation } from '../core/errors.js';

/**
 * How deep a JSON body may nest. The deepest body the API takes (a case with its benefits, a
 * barometer answer with its blocks) nests 4 levels; 32 leaves room for any honest client.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * Whether `text` nests arrays and objects deeper than `max`, found in one pass over the characters
 * (brackets inside strings do not count) and before anything is built. A megabyte of `[[[[…` would
 * otherwise become half a million nested arrays that every later walk (text clean-up, the
 * Infinity check, Ajv) goes down recursively, holding the event loop for a third of a second each.
 */
export function jsonNestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash: the next character is escaped
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/**
 * Replaces Fastify's JSON parser with one that refuses a body nested deeper than MAX_JSON_DEPTH
 * (400 problem+json naming `body`) before parsing it, then parses as Fastify does (a `__proto__` or
 * `constructor.prototype` key refused).
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (jsonNestsDeeperThan(text, MAX_JSON_DEPTH)) {
      done(validation([{ field: 'body', message: `nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels` }]), undefined);
      return;
    }
    parse(request, text, done);
  });
}
