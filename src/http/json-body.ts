import { errorCodes, type FastifyInstance } from 'fastify';
import { AppError } from '../core/errors.js';

/**
 * How deep a JSON body may nest. The deepest body the API takes (a case with its benefits, a
 * barometer answer with its blocks) nests 4 levels; 32 leaves room for any honest client.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * Whether a body arriving in chunks of bytes nests arrays and objects deeper than `max`, found in one
 * pass and before anything is built (brackets inside strings do not count): `feed` says whether the
 * nesting has gone deeper so far. A megabyte of `[[[[…` would otherwise become half a million nested
 * arrays that every later walk (text clean-up, the Infinity check, Ajv) goes down recursively.
 * Brackets, quotes and backslashes are ASCII, and no byte of a multi-byte UTF-8 character is below
 * 0x80, so the bytes can be scanned without decoding them.
 */
export function depthScanner(max: number): { feed(chunk: Uint8Array): boolean } {
  let depth = 0;
  let inString = false;
  let escaped = false;
  return {
    feed(chunk) {
      for (let i = 0; i < chunk.length; i++) {
        const c = chunk[i]!;
        if (inString) {
          if (escaped) escaped = false;
          else if (c === 0x5c) escaped = true;
          else if (c === 0x22) inString = false;
          continue;
        }
        if (c === 0x22) inString = true;
        else if (c === 0x5b || c === 0x7b) {
          if (++depth > max) return true;
        } else if (c === 0x5d || c === 0x7d) depth--;
      }
      return false;
    },
  };
}

/** The same scan over a whole text. */
export function jsonNestsDeeperThan(text: string, max: number): boolean {
  return depthScanner(max).feed(Buffer.from(text));
}

// `connection: close`: the rest of a hostile body is not worth reading; the connection ends after the 400.
const tooDeep = () => new AppError('validation', `body: nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`, [{ field: 'body', message: `nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels` }], { connection: 'close' });

/**
 * Replaces Fastify's JSON parser with one that scans the body's nesting as its bytes arrive and
 * refuses it (400 problem+json naming `body`) at the first chunk that nests deeper than
 * MAX_JSON_DEPTH: nothing is decoded, kept or parsed, and the connection is closed after the answer
 * rather than reading the rest. A body that passes is parsed as Fastify does (a `__proto__` or `constructor.prototype`
 * key refused), within the same body limit and Content-Length check as Fastify's own reader.
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', (request, payload, done) => {
    const limit = request.routeOptions.bodyLimit;
    const declared = Number(request.headers['content-length']);
    if (declared > limit) {
      done(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE(), undefined);
      return;
    }
    const scanner = depthScanner(MAX_JSON_DEPTH);
    const chunks: Buffer[] = [];
    let received = 0;
    const stop = (err: Error | null) => {
      payload.removeListener('data', onData);
      payload.removeListener('end', onEnd);
      payload.removeListener('error', onEnd);
      if (err) done(err, undefined);
    };
    function onData(chunk: Buffer | string) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      received += bytes.length;
      if (received > limit) return stop(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
      if (scanner.feed(bytes)) return stop(tooDeep());
      chunks.push(bytes);
    }
    function onEnd(err?: Error & { statusCode?: number }) {
      if (err) {
        if (!(typeof err.statusCode === 'number' && err.statusCode >= 400)) err.statusCode = 400;
        return stop(err);
      }
      stop(null);
      if (!Number.isNaN(declared) && received !== declared) return done(new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH(), undefined);
      parse(request, Buffer.concat(chunks, received).toString('utf8'), done);
    }
    payload.on('data', onData);
    payload.on('end', onEnd);
    payload.on('error', onEnd);
    payload.resume();
  });
}
