import type { Db } from '../db/database.js';
import { insertAudit } from '../core/audit.js';
import { findUserByEmail, insertUser } from '../auth/index.js';
import { EMPTY_CASE } from '../cases/index.js';
import { casesQueries as cq } from '../cases/index.js';
import { validateTrial } from '../cases/index.js';
import { diffCase, validateCaseInput } from '../cases/index.js';
import type { AuthContext } from '../http/context.js';
import { DEMO_ADOPTIONS, DEMO_ANCHOR, DEMO_CASES, DEMO_TRIALS, type DemoCase } from './demo.content.js';
import { canLoadDemo } from './demo.policy.js';
import * as dq from './demo.queries.js';

/** The one user the demo content is created by. It has no password, so nobody can sign in as it. */
export const DEMO_USER = { email: 'demo@nytenk.invalid', name: 'Demo – Nytenk' } as const;

export interface DemoLoadResult extends dq.DemoCounts {
  /** True when demo content was already there: nothing was changed, the counts are what is stored. */
  alreadyLoaded: boolean;
}

export interface DemoRemoveResult extends dq.DemoCounts {
  users: number;
}

interface Meta {
  actorUserId?: string | null;
  requestId?: string;
  /** "Today", for moving the content's dates (tests pin it). */
  now?: Date;
}

const DAY_MS = 24 * 3600 * 1000;

/** Whole months from the content's anchor date to `now` (never negative). */
export function monthsSinceAnchor(now: Date): number {
  const anchor = new Date(`${DEMO_ANCHOR}T00:00:00Z`);
  return Math.max(0, (now.getUTCFullYear() - anchor.getUTCFullYear()) * 12 + now.getUTCMonth() - anchor.getUTCMonth());
}

/** Moves an ISO date forward by whole months (content dates are on day 28 or earlier, so none overflow). */
export function shiftDate(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1 + months, d)).toISOString().slice(0, 10);
}

/** A demo case as the input a user would submit, with its source case id and dates resolved. */
export function demoCaseInput(c: DemoCase, sourceCaseId: string | null, months: number): Record<string, unknown> {
  return {
    ...c.values,
    noveltySourceCaseId: sourceCaseId,
    takenIntoUseOn: c.values.takenIntoUseOn ? shiftDate(c.values.takenIntoUseOn, months) : null,
  };
}

function demoOrgnrs(): string[] {
  const all = [
    ...DEMO_CASES.flatMap((c) => [c.ownerOrgnr, ...c.values.coOwners, ...c.values.partners.map((p) => p.orgnr).filter((x): x is string => !!x)]),
    ...DEMO_ADOPTIONS.map((a) => a.adopterOrgnr),
  ];
  return [...new Set(all)];
}

/**
 * Loads the demo content (cases, their trials and adoptions) in one transaction, every case marked
 * `source = 'demo'`. Idempotent: when demo cases exist already, nothing changes and it says so.
 * Content that breaks the product's rules is a programming error and aborts the whole load.
 */
export async function loadDemo(db: Db, meta: Meta = {}): Promise<DemoLoadResult> {
  const now = meta.now ?? new Date();
  return db.transaction().execute(async (trx): Promise<DemoLoadResult> => {
    await dq.lockDemo(trx);
    const existing = await dq.countDemo(trx);
    if (existing.cases > 0) return { ...existing, alreadyLoaded: true };

    const userId = (await findUserByEmail(trx, DEMO_USER.email))?.id ?? (await insertUser(trx, { ...DEMO_USER, passwordHash: null, platformRole: null })).id;
    const orgnrs = demoOrgnrs();
    const orgIds = await cq.orgIdsByOrgnr(trx, orgnrs);
    const missingOrg = orgnrs.find((o) => !orgIds.has(o));
    if (missingOrg) throw new Error(`Demo content names organisation ${missingOrg}, which is not in the database (is the reference data loaded?)`);
    const themes = [...new Set(DEMO_CASES.flatMap((c) => c.values.themes))];
    const knownThemes = await cq.knownThemeUris(trx, themes);
    const missingTheme = themes.find((t) => !knownThemes.has(t));
    if (missingTheme) throw new Error(`Demo content uses theme ${missingTheme}, which is not in the database (are the LOS themes loaded?)`);

    const months = monthsSinceAnchor(now);
    const ids = new Map<string, string>();
    const versions = new Map<string, number>();
    const timeline = new Map<string, { createdAt: Date; publishedAt: Date }>();
    // In publication order, so that a case adapted from another finds its source already stored.
    const ordered = [...DEMO_CASES].sort((a, b) => a.publishedOn.localeCompare(b.publishedOn));
    for (const c of ordered) {
      const sourceId = c.noveltySourceKey ? ids.get(c.noveltySourceKey) : null;
      if (sourceId === undefined) throw new Error(`Demo case ${c.key} is adapted from ${c.noveltySourceKey}, which must be published before it`);
      const { values, violations } = validateCaseInput(demoCaseInput(c, sourceId, months), EMPTY_CASE);
      if (Object.keys(violations).length > 0) throw new Error(`Demo case ${c.key} breaks the case rules: ${JSON.stringify(violations)}`);
      const publishedAt = new Date(Math.min(Date.parse(`${shiftDate(c.publishedOn, months)}T09:00:00Z`), now.getTime()));
      const createdAt = new Date(publishedAt.getTime() - 14 * DAY_MS);
      const id = await cq.insertCase(trx, values, { ownerOrgId: orgIds.get(c.ownerOrgnr)!, userId, source: dq.DEMO_SOURCE, sourceKey: c.key, publishedAt });
      await cq.replaceCaseChildren(trx, id, values, orgIds);
      await cq.insertVersion(trx, { caseId: id, version: 1, userId, action: 'create', changes: diffCase(EMPTY_CASE, values) });
      await cq.insertVersion(trx, { caseId: id, version: 2, userId, action: 'publish', changes: [{ field: 'published', old: false, new: true }] });
      ids.set(c.key, id);
      versions.set(c.key, 2);
      timeline.set(c.key, { createdAt, publishedAt });
    }

    for (const t of DEMO_TRIALS) {
      const caseId = ids.get(t.caseKey);
      if (!caseId) throw new Error(`Demo trial "${t.title}" names an unknown case ${t.caseKey}`);
      const { value, violations } = validateTrial({ ...t, startedOn: shiftDate(t.startedOn, months), endedOn: t.endedOn ? shiftDate(t.endedOn, months) : null });
      if (Object.keys(violations).length > 0) throw new Error(`Demo trial "${t.title}" is invalid: ${JSON.stringify(violations)}`);
      await cq.insertTrial(trx, { caseId, ...value, userId });
      const version = versions.get(t.caseKey)! + 1;
      versions.set(t.caseKey, version);
      await cq.insertVersion(trx, { caseId, version, userId, action: 'trial', changes: [{ field: 'trials', old: null, new: value }] });
    }

    for (const [key, id] of ids) await dq.setCaseTimeline(trx, id, { ...timeline.get(key)!, version: versions.get(key)! });

    for (const a of DEMO_ADOPTIONS) {
      const sourceCaseId = ids.get(a.sourceKey);
      const adopterCaseId = a.adopterCaseKey ? ids.get(a.adopterCaseKey) : null;
      if (!sourceCaseId || adopterCaseId === undefined) throw new Error(`Demo adoption of ${a.sourceKey} names an unknown case`);
      const row = await cq.insertAdoption(trx, {
        sourceCaseId,
        adopterOrgId: orgIds.get(a.adopterOrgnr)!,
        adoptedOn: shiftDate(a.adoptedOn, months),
        changes: a.changes,
        result: a.result,
        adopterCaseId,
        userId,
      });
      if (!row) throw new Error(`Demo adoption of ${a.sourceKey} by ${a.adopterOrgnr} is listed twice`);
    }
    await dq.backdateDemoRecords(trx, userId);
    // Search vectors and facets (adoption counts included) once everything is in.
    await cq.refreshCaseSearch(trx, [...ids.values()]);

    const counts = { cases: DEMO_CASES.length, adoptions: DEMO_ADOPTIONS.length, trials: DEMO_TRIALS.length };
    await insertAudit(trx, { actorUserId: meta.actorUserId ?? null, action: 'demo.load', entityType: 'platform', entityId: null, details: { ...counts }, requestId: meta.requestId ?? null });
    return { ...counts, alreadyLoaded: false };
  });
}

/**
 * Removes every demo case (its trials, versions and adoptions go with it), the adoptions recorded
 * into a demo case, and the demo user with its memberships, in one transaction.
 */
export async function removeDemo(db: Db, meta: Meta = {}): Promise<DemoRemoveResult> {
  return db.transaction().execute(async (trx): Promise<DemoRemoveResult> => {
    await dq.lockDemo(trx);
    const counts = await dq.countDemo(trx);
    await dq.deleteDemoCases(trx);
    const user = await findUserByEmail(trx, DEMO_USER.email);
    let users = 0;
    if (user) {
      await dq.detachUser(trx, user.id);
      users = await dq.deleteUser(trx, user.id);
    }
    if (counts.cases > 0 || users > 0) {
      await insertAudit(trx, { actorUserId: meta.actorUserId ?? null, action: 'demo.remove', entityType: 'platform', entityId: null, details: { ...counts, users }, requestId: meta.requestId ?? null });
    }
    return { ...counts, users };
  });
}

/** True when the platform holds any case at all, drafts included. */
export async function hasAnyCases(db: Db): Promise<boolean> {
  return (await dq.platformContent(db)).hasCases;
}

/** The front page's first-run offer: shown while there are no cases; the button only to who may use it. */
export async function demoOffer(db: Db, auth: AuthContext | null): Promise<{ show: boolean; canLoad: boolean }> {
  const platform = await dq.platformContent(db);
  return { show: !platform.hasCases, canLoad: !platform.hasCases && canLoadDemo(auth, platform) };
}

export type LoadDemoOutcome = ({ ok: true } & DemoLoadResult) | { ok: false; reason: 'forbidden' };

/** Loads the demo content on behalf of a web visitor, if they may (see `canLoadDemo`). */
export async function loadDemoAs(db: Db, auth: AuthContext | null, meta: { requestId?: string } = {}): Promise<LoadDemoOutcome> {
  if (!canLoadDemo(auth, await dq.platformContent(db))) return { ok: false, reason: 'forbidden' };
  const result = await loadDemo(db, { actorUserId: auth?.user.id ?? null, ...meta });
  return { ok: true, ...result };
}
