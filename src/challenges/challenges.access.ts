import { expressionBuilder, sql, type Expression, type SqlBool } from 'kysely';
import type { DB } from '../db/schema.js';
import { canReadCase, type CaseAccessFacts } from '../cases/index.js';
import { type Viewer } from '../core/viewer.js';
import { visibleTo as caseVisibleTo } from '../cases/index.js';
import type { RequestStatus, ResponseKind } from './challenges.model.js';

/**
 * Who may read a challenge, a response, and the private parts of a response: written once, as rules
 * over a small vocabulary of facts. Each rule has two forms made from that one definition: `holds`
 * (a TypeScript predicate over facts already loaded, used by services and by the digest writer)
 * and `sqlOf` (a Kysely expression over a `challenge_responses` row, used by every list, export and
 * notification query). challenges.access.test.ts checks the two forms agree on every combination.
 *
 * The rules (issue 14, finding 7):
 * - a challenge is public: a need said in the open is the point;
 * - a response is public when it is a «same need», a public proposal, or an ACCEPTED «we solved
 *   this» whose case the reader may read; a private proposal is for the organisations that owned the
 *   challenge when it was sent (its `readers`, while they still own it), those an owner shared it
 *   with, and the proposer's organisation; a pending or declined request is for the current owners
 *   (to decide) and the requester;
 * - who sent a response (name, e-mail) is for its readers and the responder's organisation: a body
 *   that joins later does not learn who wrote to the challenge before it joined;
 * - platform administrators read everything (they moderate), but decide nothing for the owners.
 */

/** Organisations a viewer may be an active member of, as far as a response is concerned. */
export type OrgSet = 'responder' | 'owners' | 'readers';

export type Rule =
  | { op: 'admin' }
  | { op: 'member'; of: OrgSet }
  | { op: 'kind'; in: readonly ResponseKind[] }
  | { op: 'request'; in: readonly (RequestStatus | null)[] }
  | { op: 'public' }
  | { op: 'caseReadable' }
  | { op: 'and' | 'or'; rules: Rule[] }
  | { op: 'not'; rule: Rule };

const admin: Rule = { op: 'admin' };
const member = (of: OrgSet): Rule => ({ op: 'member', of });
const kind = (...k: ResponseKind[]): Rule => ({ op: 'kind', in: k });
const request = (...s: (RequestStatus | null)[]): Rule => ({ op: 'request', in: s });
const isPublic: Rule = { op: 'public' };
const and = (...rules: Rule[]): Rule => ({ op: 'and', rules });
const or = (...rules: Rule[]): Rule => ({ op: 'or', rules });
const not = (rule: Rule): Rule => ({ op: 'not', rule });

/** Readable by anyone who may read the challenge. */
const openToAll = or(kind('same_need'), and(kind('proposal'), isPublic), and(kind('solved'), request('accepted')));

export const RULES = {
  /** The response is listed at all (with its text). A «we solved this» needs its case readable, for everyone but platform admins. */
  readResponse: or(admin, and(or(not(kind('solved')), { op: 'caseReadable' }), or(openToAll, member('responder'), member('readers'), and(kind('solved'), member('owners'))))),
  /** Name and e-mail of the person who sent it. */
  readSender: or(admin, member('responder'), member('readers')),
  /** Whether it asked to join / to be linked, and how that stands (pending, declined). */
  readRequest: or(admin, member('responder'), member('owners')),
  /** Accept or decline a pending request: a member of a current owner (consent is theirs, not a moderator's). */
  decideRequest: and(request('pending'), member('owners')),
  /** Share a private proposal with the co-owners: a member of an organisation that may read it as an owner. */
  shareProposal: and(kind('proposal'), not(isPublic), member('readers')),
} satisfies Record<string, Rule>;

export type RuleName = keyof typeof RULES;

// ---- the facts, and the TypeScript form ----

export interface ChallengeAccessFacts {
  ownerOrgId: string;
  /** Accepted co-owners (a pending request is not one). */
  coOwnerIds: string[];
}

export interface ResponseAccessFacts {
  kind: ResponseKind;
  public: boolean;
  requestStatus: RequestStatus | null;
  /** The responding organisation. */
  orgId: string;
  /** The owners when it was sent, and co-owners it was shared with. */
  readerOrgIds: string[];
  /** The linked case («we solved this»), null when none or gone. */
  case: CaseAccessFacts | null;
}

export const ownerOrgIds = (c: ChallengeAccessFacts): string[] => [c.ownerOrgId, ...c.coOwnerIds];

function orgsOf(set: OrgSet, c: ChallengeAccessFacts, r: ResponseAccessFacts): string[] {
  const owners = ownerOrgIds(c);
  if (set === 'responder') return [r.orgId];
  if (set === 'owners') return owners;
  // A reader that no longer owns the challenge (left, or was taken off) reads no more.
  return r.readerOrgIds.filter((id) => owners.includes(id));
}

/** The TypeScript form: does `rule` hold for this viewer, challenge and response? */
export function holds(rule: Rule, viewer: Viewer, c: ChallengeAccessFacts, r: ResponseAccessFacts): boolean {
  switch (rule.op) {
    case 'admin':
      return viewer.admin;
    case 'member':
      return orgsOf(rule.of, c, r).some((id) => viewer.orgIds.includes(id));
    case 'kind':
      return rule.in.includes(r.kind);
    case 'request':
      return rule.in.includes(r.requestStatus);
    case 'public':
      return r.public;
    case 'caseReadable':
      return r.case !== null && canReadCase(viewer, r.case);
    case 'and':
      return rule.rules.every((x) => holds(x, viewer, c, r));
    case 'or':
      return rule.rules.some((x) => holds(x, viewer, c, r));
    case 'not':
      return !holds(rule.rule, viewer, c, r);
  }
}

export const can = (name: RuleName, viewer: Viewer, c: ChallengeAccessFacts, r: ResponseAccessFacts) => holds(RULES[name], viewer, c, r);

// ---- the SQL form ----

const TRUE = sql<SqlBool>`true`;
const FALSE = sql<SqlBool>`false`;

/**
 * The SQL form: `rule` as a boolean expression over the `challenge_responses` row aliased `alias`
 * (its challenge's owners and linked case are looked up from it), for this viewer.
 */
export function sqlOf(rule: Rule, viewer: Viewer, alias = 'r'): Expression<SqlBool> {
  const col = (c: string) => sql.ref(`${alias}.${c}`);
  const orgIds = viewer.orgIds;
  switch (rule.op) {
    case 'admin':
      return viewer.admin ? TRUE : FALSE;
    case 'member': {
      if (orgIds.length === 0) return FALSE;
      const mine = sql`${sql.val(orgIds)}::bigint[]`;
      const owns = (org: Expression<unknown>) =>
        sql<SqlBool>`(exists (select 1 from challenges och where och.id = ${col('challenge_id')} and och.owner_org_id = ${org})
          or exists (select 1 from challenge_coowners occ where occ.challenge_id = ${col('challenge_id')} and occ.org_id = ${org}))`;
      if (rule.of === 'responder') return sql<SqlBool>`${col('org_id')} = any(${mine})`;
      if (rule.of === 'owners') return sql<SqlBool>`exists (select 1 from unnest(${mine}) as vo(id) where ${owns(sql.ref('vo.id'))})`;
      return sql<SqlBool>`exists (select 1 from unnest(${mine}) as vo(id) where vo.id = any(${col('reader_org_ids')}) and ${owns(sql.ref('vo.id'))})`;
    }
    case 'kind':
      return rule.in.length ? sql<SqlBool>`${col('kind')} in (${sql.join(rule.in.map((k) => sql.val(k)))})` : FALSE;
    case 'request': {
      const values = rule.in.filter((s): s is RequestStatus => s !== null);
      const parts = [
        ...(values.length ? [sql<SqlBool>`${col('request_status')} in (${sql.join(values.map((s) => sql.val(s)))})`] : []),
        ...(rule.in.includes(null) ? [sql<SqlBool>`${col('request_status')} is null`] : []),
      ];
      return parts.length ? sql<SqlBool>`(${sql.join(parts, sql` or `)})` : FALSE;
    }
    case 'public':
      return sql<SqlBool>`${col('public')}`;
    case 'caseReadable': {
      const visible = caseVisibleTo(viewer)(expressionBuilder<DB, 'cases'>());
      return sql<SqlBool>`exists (select 1 from cases where cases.id = ${col('case_id')} and ${visible})`;
    }
    case 'and':
      return rule.rules.length ? sql<SqlBool>`(${sql.join(rule.rules.map((x) => sqlOf(x, viewer, alias)), sql` and `)})` : TRUE;
    case 'or':
      return rule.rules.length ? sql<SqlBool>`(${sql.join(rule.rules.map((x) => sqlOf(x, viewer, alias)), sql` or `)})` : FALSE;
    case 'not':
      return sql<SqlBool>`(not coalesce(${sqlOf(rule.rule, viewer, alias)}, false))`;
  }
}

export const sqlCan = (name: RuleName, viewer: Viewer, alias = 'r') => sqlOf(RULES[name], viewer, alias);

// ---- the challenge itself ----

/** Anyone may read a challenge. */
export function canReadChallenge(): boolean {
  return true;
}

/** An active member of the posting body or of an accepted co-owner. */
export function isChallengeOwner(viewer: Viewer, c: ChallengeAccessFacts): boolean {
  return ownerOrgIds(c).some((id) => viewer.orgIds.includes(id));
}
