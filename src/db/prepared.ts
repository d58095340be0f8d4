import { createHash } from 'node:crypto';
import pg from 'pg';

/**
 * Named prepared statements for the few hot, complex queries. PostgreSQL plans an unnamed statement
 * anew on every execution; the case page's query (a case with eleven correlated JSON subqueries)
 * took 4 ms to plan and 1–3 ms to run. A named statement is parsed once per connection and, after
 * five executions, runs on a cached generic plan.
 *
 * Kysely sends every query as text + values, so the pool's client class looks the text up in a
 * registry of statements marked for preparing and sends those with a name. A statement is only ever
 * marked by the code that builds it (`prepare(compiled)`), never guessed.
 */
const names = new Map<string, string>();
const MAX_PREPARED = 500;
// Part of every name: bumped when a table changed shape under a prepared statement (a migration
// while the app runs), so every statement is prepared afresh under a new name.
let generation = 0;

const nameFor = (text: string) => `nytenk_${createHash('sha1').update(text).digest('hex').slice(0, 16)}_${generation}`;

/** Marks a compiled query's SQL text to be sent as a named prepared statement from now on. */
export function prepare<T extends { sql: string }>(compiled: T): T {
  if (!names.has(compiled.sql) && names.size < MAX_PREPARED) names.set(compiled.sql, nameFor(compiled.sql));
  return compiled;
}

function isStalePlan(err: unknown): boolean {
  return (err as { code?: string }).code === '0A000' && /cached plan must not change result type/.test(String((err as Error).message));
}

/** The pool's client: sends marked statements by name (pg prepares each once per connection). */
export class PreparingClient extends pg.Client {
  constructor(config?: pg.ClientConfig) {
    super(config);
    const query = pg.Client.prototype.query as unknown as (this: pg.Client, ...a: unknown[]) => unknown;
    // Replaces query on the instance (pg.Client's method has a dozen overloads to keep as they are).
    (this as unknown as { query: (...a: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const [text, values] = args;
      if (args.length === 2 && typeof text === 'string' && Array.isArray(values)) {
        const name = names.get(text);
        if (name) {
          return (query.call(this, { name, text, values }) as Promise<unknown>).catch((err: unknown) => {
            if (!isStalePlan(err)) throw err;
            generation++;
            for (const t of names.keys()) names.set(t, nameFor(t));
            return query.call(this, { name: names.get(text), text, values });
          });
        }
      }
      return query.apply(this, args);
    };
  }
}
