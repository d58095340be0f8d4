/**
 * The attacker of the barometer's unlinkability property (issue 14, finding 4): someone who can read
 * every table and every system column of the database after the answers are in (a DBA, a leaked
 * backup, a read replica) and wants to know which invited workplace — a named unit and its leader's
 * e-mail — gave which answer.
 *
 * It reads the tables with plain SQL and `select *`, so it runs against whatever schema the database
 * has (the old design and the new one alike), and pairs each answer with one answered invitation of
 * the answer's organisation by a minimum-cost assignment over every signal it can find:
 *
 * - attributes: sector, size band and language kept on the invitation against the answer's;
 * - time: the answer's day (`submitted_on`) and transaction id (`xmin`), and its physical place
 *   (`ctid`) and id as an order of submission, against the reminders the organisation sent (audit log
 *   rows, their `xmin` and time) and how many reminders each invitation got (an invitation reminded
 *   k times was answered after the organisation's k-th reminder and before its next);
 * - the invitation rows' own `xmin`, `ctid` and ids, the outbox's mails to each address.
 *
 * It knows nothing of the answers' content (the test's ground truth) and is scored against chance: a
 * random pairing inside each organisation gets one answer right per organisation on average (the
 * fixed points of a random permutation: mean 1, variance 1 when it has two answers or more).
 */
import { sql } from 'kysely';
import type { DbOrTrx } from '../../src/db/database.js';

type Row = Record<string, unknown> & { _xmin: string; _ctid: string };

export interface AttackData {
  answers: Row[];
  invitations: Row[];
  /** The audit log's barometer rows. */
  audit: Row[];
  /** The outbox's barometer mails. */
  outbox: Row[];
}

/** Reads everything the attacker uses: every column and the system columns of each row. */
export async function readEverything(db: DbOrTrx, roundId: string): Promise<AttackData> {
  const answers = await sql<Row>`select a.*, a.xmin::text as _xmin, a.ctid::text as _ctid from barometer_answers a where a.round_id = ${roundId}`.execute(db);
  const invitations = await sql<Row>`select i.*, i.xmin::text as _xmin, i.ctid::text as _ctid from barometer_invitations i where i.round_id = ${roundId} and i.answered`.execute(db);
  const audit = await sql<Row>`select l.*, l.xmin::text as _xmin, l.ctid::text as _ctid from audit_log l where l.action like 'barometer.%'`.execute(db);
  const outbox = await sql<Row>`select o.*, o.xmin::text as _xmin, o.ctid::text as _ctid from outbox o where o.message_id like '<barometer.%'`.execute(db);
  return { answers: answers.rows, invitations: invitations.rows, audit: audit.rows, outbox: outbox.rows };
}

export type Strategy = 'attributes' | 'timing' | 'combined';
export const STRATEGIES: Strategy[] = ['attributes', 'timing', 'combined'];

const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
const ctidKey = (c: string) => {
  const [block, offset] = c.replace(/[()]/g, '').split(',').map(Number) as [number, number];
  return block * 65536 + offset;
};
const day = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v ?? ''));

/** For each answer id, the invitation id the attacker names. */
export function attack(data: AttackData, strategy: Strategy): Map<string, string> {
  const guesses = new Map<string, string>();
  const byOrg = new Map<string, { answers: Row[]; invitations: Row[] }>();
  for (const a of data.answers) {
    const g = byOrg.get(String(a.org_id)) ?? { answers: [], invitations: [] };
    g.answers.push(a);
    byOrg.set(String(a.org_id), g);
  }
  for (const i of data.invitations) byOrg.get(String(i.org_id))?.invitations.push(i);

  for (const [orgId, { answers, invitations }] of byOrg) {
    if (invitations.length === 0) continue;
    // The organisation's reminders, in the order they were sent (transaction id).
    const reminders = data.audit
      .filter((l) => l.action === 'barometer.reminders.sent' && String(l.entity_id) === orgId)
      .map((l) => ({ xmin: Number(l._xmin), day: day(l.created_at) }))
      .sort((x, y) => x.xmin - y.xmin);
    // An answer's window: how many of the organisation's reminders went out before it was written.
    const windowOf = (a: Row) => {
      const x = Number(a._xmin);
      const byXmin = reminders.filter((r) => r.xmin < x).length;
      const d = day(a.submitted_on);
      const byDay = reminders.filter((r) => r.day < d).length;
      // The day is coarser; the transaction id decides when both are there.
      return Number.isFinite(x) ? byXmin : byDay;
    };
    // The order answers were written in: day, transaction id, place in the table, id.
    const answerOrder = [...answers].sort((x, y) => day(x.submitted_on).localeCompare(day(y.submitted_on)) || Number(x._xmin) - Number(y._xmin) || ctidKey(x._ctid) - ctidKey(y._ctid) || String(x.id).localeCompare(String(y.id)));
    const answerRank = new Map(answerOrder.map((a, k) => [a, k]));
    // The order invitations were answered in, as far as they tell: fewer reminders = answered earlier;
    // then the last reminder's time, the rows' transaction id and place, the id.
    const lastMail = new Map<string, number>();
    for (const m of data.outbox) {
      const t = new Date(String(m.created_at)).getTime();
      const to = String(m.to_address);
      lastMail.set(to, Math.max(lastMail.get(to) ?? 0, t));
    }
    const invitationOrder = [...invitations].sort(
      (x, y) =>
        Number(x.reminder_count ?? 0) - Number(y.reminder_count ?? 0) ||
        (lastMail.get(String(x.email)) ?? 0) - (lastMail.get(String(y.email)) ?? 0) ||
        Number(x._xmin) - Number(y._xmin) ||
        ctidKey(x._ctid) - ctidKey(y._ctid) ||
        Number(x.id) - Number(y.id),
    );
    const invitationRank = new Map(invitationOrder.map((i, k) => [i, k]));

    const cost = answers.map((a) =>
      invitations.map((i) => {
        let c = 0;
        if (strategy !== 'timing') {
          for (const col of ['sector', 'size_band', 'language']) {
            if (str(i[col]) !== null && str(a[col]) !== null && str(i[col]) !== str(a[col])) c += 1_000_000;
          }
        }
        if (strategy !== 'attributes') {
          if (i.reminder_count !== undefined && i.reminder_count !== null) c += 10_000 * Math.abs(windowOf(a) - Number(i.reminder_count));
          c += Math.abs(answerRank.get(a)! - invitationRank.get(i)!);
        }
        return c;
      }),
    );
    const assigned = assign(cost);
    answers.forEach((a, k) => {
      const j = assigned[k];
      if (j !== undefined && j >= 0) guesses.set(String(a.id), String(invitations[j]!.id));
    });
  }
  return guesses;
}

/**
 * Minimum-cost assignment (the Hungarian method, O(n³)) of rows to columns of a rectangular matrix;
 * returns for each row its column (or -1 when there are more rows than columns).
 */
export function assign(cost: number[][]): number[] {
  const rows = cost.length;
  const cols = cost[0]?.length ?? 0;
  const n = Math.max(rows, cols);
  const at = (i: number, j: number) => (i < rows && j < cols ? cost[i]![j]! : 0);
  const u = new Array<number>(n + 1).fill(0);
  const v = new Array<number>(n + 1).fill(0);
  const p = new Array<number>(n + 1).fill(0);
  const way = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Array<number>(n + 1).fill(Infinity);
    const used = new Array<boolean>(n + 1).fill(false);
    do {
      used[j0] = true;
      const i0 = p[j0]!;
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue;
        const cur = at(i0 - 1, j - 1) - u[i0]! - v[j]!;
        if (cur < minv[j]!) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      for (let j = 0; j <= n; j++) {
        if (used[j]) {
          u[p[j]!]! += delta;
          v[j]! -= delta;
        } else minv[j]! -= delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0]!;
      p[j0] = p[j1]!;
      j0 = j1;
    } while (j0);
  }
  const out = new Array<number>(rows).fill(-1);
  for (let j = 1; j <= n; j++) if (p[j]! - 1 < rows && j - 1 < cols) out[p[j]! - 1] = j - 1;
  return out;
}

export interface Score {
  answers: number;
  correct: number;
  /** Expected correct pairings of a random pairing within each organisation. */
  chance: number;
  /** Its variance. */
  variance: number;
  /** (correct − chance) / √variance. */
  z: number;
}

/** Scores guesses against the truth (answer id → invitation id). */
export function score(guesses: Map<string, string>, truth: Map<string, string>, data: AttackData): Score {
  let correct = 0;
  for (const [answer, invitation] of truth) if (guesses.get(answer) === invitation) correct++;
  const perOrg = new Map<string, number>();
  for (const a of data.answers) perOrg.set(String(a.org_id), (perOrg.get(String(a.org_id)) ?? 0) + 1);
  const chance = perOrg.size;
  const variance = [...perOrg.values()].filter((m) => m >= 2).length;
  return { answers: truth.size, correct, chance, variance, z: variance ? (correct - chance) / Math.sqrt(variance) : 0 };
}
