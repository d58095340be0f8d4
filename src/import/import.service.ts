import type { Db } from '../db/database.js';
import { insertAudit } from '../core/audit.js';
import { EMPTY_CASE, type CaseValues } from '../cases/index.js';
import { casesQueries as cq } from '../cases/index.js';
import { diffCase, validateCaseInput } from '../cases/index.js';
import { describeViolation } from '../core/validation.js';
import { messages } from '../i18n/index.js';
import * as iq from './import.queries.js';
import { JRC_SOURCE, LESSONS_NOT_DOCUMENTED, norwegianMatcher, type BadRow, type JrcCase, type ParsedJrc } from './jrc.js';

export interface ImportSummary {
  /** Rows read from the file (good and bad). */
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Organisations the import created (none on a second run). */
  orgsCreated: number;
  /** Norwegian reference organisations that own imported cases. */
  norwegianMatched: number;
  bad: BadRow[];
}

export interface ImportOptions {
  onProgress?: (done: number, total: number) => void;
  clock?: () => Date;
}

class RowError extends Error {}

const orgKey = (name: string, country: string) => `${country}\u0000${name}`;

/** Rows written at once (each in its own transaction); below the pool size, so the app keeps connections. */
const IMPORT_CONCURRENCY = 4;

/**
 * Imports the cases of a parsed JRC file, published and public. Idempotent: a case is known by
 * its source key and updated only where the source changed (with a version entry); organisations
 * are created once. Each row is written in a transaction of its own, so a row that fails writes
 * nothing and the rest go on. Fields the source does not have (problem, partners, benefits,
 * lessons of an active case, …) stay as editors left them.
 */
export async function importJrcCases(db: Db, parsed: ParsedJrc, options: ImportOptions = {}): Promise<ImportSummary> {
  const clock = options.clock ?? (() => new Date());
  const themes = [...new Set(parsed.cases.flatMap((c) => c.values.themes))];
  const known = await cq.knownThemeUris(db, themes);
  const missingThemes = themes.filter((t) => !known.has(t));
  if (missingThemes.length > 0) throw new Error(`The LOS themes are not loaded (missing ${missingThemes[0]}): run nytenk reference load first.`);

  const [refs, orgRows, stored] = await Promise.all([iq.referenceOrganisationNames(db), iq.importedOrganisations(db, JRC_SOURCE), iq.importedCases(db, JRC_SOURCE)]);
  const matchNorwegian = norwegianMatcher(refs);
  const orgIds = new Map(orgRows.map((o) => [orgKey(o.name, o.country), o.id]));
  const storedByKey = new Map(stored.map((c) => [c.source_key!, c]));

  const summary: ImportSummary = { rows: parsed.cases.length + parsed.bad.length, created: 0, updated: 0, unchanged: 0, orgsCreated: 0, norwegianMatched: 0, bad: [...parsed.bad] };
  const matched = new Set<string>();
  const total = parsed.cases.length;
  let done = 0;
  options.onProgress?.(0, total);

  // Rows are independent transactions, so several run at once (the database works while this
  // process waits for the next answer). Rows that will create the same organisation stay in order
  // in one queue, so it is created once.
  const queues = new Map<string, JrcCase[]>();
  parsed.cases.forEach((row) => {
    const key = orgKey(row.org.name, row.org.country);
    const queue = queues.get(key);
    if (queue) queue.push(row);
    else queues.set(key, [row]);
  });
  const pending = [...queues.values()];
  const worker = async () => {
    for (let queue = pending.shift(); queue; queue = pending.shift()) {
      for (const row of queue) {
        try {
          const outcome = await importRow(db, row);
          summary[outcome]++;
        } catch (err) {
          summary.bad.push({ line: row.line, message: err instanceof RowError ? err.message : `not written: ${(err as Error).message}` });
        }
        options.onProgress?.(++done, total);
      }
    }
  };
  await Promise.all(Array.from({ length: IMPORT_CONCURRENCY }, worker));
  summary.norwegianMatched = matched.size;
  summary.bad.sort((a, b) => a.line - b.line);
  return summary;

  /** The owner: a Norwegian reference body, or the import's own organisation (created if need be, inside the row's transaction). */
  function resolveOwner(row: JrcCase): { id: string } | { create: true } {
    const { org } = row;
    if (org.country === 'NO' && !org.unnamed) {
      const id = matchNorwegian(org.name);
      if (id) {
        matched.add(id);
        return { id };
      }
      // A Norwegian public body is always in the reference data, with its organisation number.
      if (org.kind === 'other_public') throw new RowError(`the Norwegian public body «${org.name}» is not in the reference data (add its English name to NORWEGIAN_NAMES in src/import/jrc.ts)`);
    }
    const id = orgIds.get(orgKey(org.name, org.country));
    return id ? { id } : { create: true };
  }

  async function importRow(db: Db, row: JrcCase): Promise<'created' | 'updated' | 'unchanged'> {
    const owner = resolveOwner(row);
    const existing = storedByKey.get(row.sourceKey);
    if (existing && 'id' in owner && !differs(existing, row, owner.id)) return 'unchanged';

    let createdOrg: { key: string; id: string } | null = null;
    const outcome = await db.transaction().execute(async (trx) => {
      await iq.relaxCommitDurability(trx);
      let ownerOrgId: string;
      if ('id' in owner) ownerOrgId = owner.id;
      else {
        const org = await iq.insertImportedOrganisation(trx, { name: row.org.name, kind: row.org.kind, country: row.org.country, source: JRC_SOURCE });
        ownerOrgId = org.id;
        if (org.created) {
          createdOrg = { key: orgKey(row.org.name, row.org.country), id: org.id };
          await insertAudit(trx, { actorUserId: null, action: 'organisation.create', entityType: 'organisation', entityId: org.id, details: { name: row.org.name, country: row.org.country, kind: row.org.kind, via: JRC_SOURCE } });
        }
      }
      const meta = { ownerOrgId, cofog: row.cofog || null, sourceUrl: row.sourceUrl };

      if (!existing) {
        const id = await cq.insertCase(trx, row.values, { ...meta, userId: null, source: JRC_SOURCE, sourceKey: row.sourceKey, publishedAt: clock() });
        await cq.replaceCaseChildren(trx, id, row.values, new Map());
        await cq.refreshCaseSearch(trx, [id]);
        await cq.insertVersion(trx, { caseId: id, version: 1, userId: null, action: 'import', changes: [...diffCase(EMPTY_CASE, row.values), { field: 'published', old: false, new: true }] });
        await insertAudit(trx, { actorUserId: null, action: 'case.import', entityType: 'case', entityId: id, details: { source: JRC_SOURCE, sourceKey: row.sourceKey, created: true } });
        return 'created' as const;
      }

      // Compare again under the row lock: an editor may have changed the case since the run began.
      const fresh = await cq.loadCase(trx, existing.id, true);
      if (!fresh) throw new RowError('the case was deleted while the import ran');
      const before = cq.storedToValues(fresh);
      const after = mergeOver(before, row);
      const changes = diffCase(before, after);
      const metaChanged = fresh.owner_org_id !== meta.ownerOrgId || fresh.cofog !== meta.cofog || fresh.source_url !== meta.sourceUrl;
      if (changes.length === 0 && !metaChanged) return 'unchanged' as const;
      const version = fresh.version + 1;
      await cq.updateCaseRow(trx, existing.id, after, version);
      if (metaChanged) await iq.setImportedCaseMeta(trx, existing.id, meta);
      await cq.replaceCaseChildren(trx, existing.id, after, new Map());
      await cq.refreshCaseSearch(trx, [existing.id]);
      const metaChanges = [
        fresh.owner_org_id !== meta.ownerOrgId && { field: 'ownerOrgId', old: fresh.owner_org_id, new: meta.ownerOrgId },
        fresh.cofog !== meta.cofog && { field: 'cofog', old: fresh.cofog, new: meta.cofog },
        fresh.source_url !== meta.sourceUrl && { field: 'sourceUrl', old: fresh.source_url, new: meta.sourceUrl },
      ].filter((c) => c !== false);
      await cq.insertVersion(trx, { caseId: existing.id, version, userId: null, action: 'import', changes: [...changes, ...metaChanges] });
      await insertAudit(trx, {
        actorUserId: null,
        action: 'case.import',
        entityType: 'case',
        entityId: existing.id,
        details: { source: JRC_SOURCE, sourceKey: row.sourceKey, fields: [...changes, ...metaChanges].map((c) => c.field) },
      });
      return 'updated' as const;
    });
    // Only now is the organisation there for the rows that follow; a rolled-back row created none.
    const org = createdOrg as { key: string; id: string } | null;
    if (org) {
      orgIds.set(org.key, org.id);
      summary.orgsCreated++;
    }
    return outcome;
  }

  /** Whether the stored case differs from what the source says now (checked without a transaction first). */
  function differs(existing: (typeof stored)[number], row: JrcCase, ownerOrgId: string): boolean {
    const before = cq.storedToValues(existing);
    return diffCase(before, mergeOver(before, row)).length > 0 || existing.owner_org_id !== ownerOrgId || existing.cofog !== (row.cofog || null) || existing.source_url !== row.sourceUrl;
  }
}

/** The source's fields over the stored case; real lessons an editor wrote are kept. */
function mergeOver(before: CaseValues, row: JrcCase): CaseValues {
  const input = { ...row.input };
  if (input.lessons === LESSONS_NOT_DOCUMENTED && before.lessons) delete input.lessons;
  if (input.status !== 'stopped' && before.lessons === LESSONS_NOT_DOCUMENTED) input.lessons = '';
  const { values, violations } = validateCaseInput(input, before);
  const problems = Object.entries(violations);
  if (problems.length > 0) {
    const en = messages('en');
    throw new RowError(problems.map(([field, v]) => `${field}: ${describeViolation(en, v)}`).join('; '));
  }
  // Themes are a set; the database hands them back in its own order.
  if (values.themes.length === before.themes.length && values.themes.every((t) => before.themes.includes(t))) values.themes = before.themes;
  return values;
}
