import { isLang } from '../i18n/index.js';
import { normaliseOrgnr, orgnrProblem } from '../core/orgnr.js';
import { email as emailField, text, url as urlField, type Violations } from '../core/validation.js';
import {
  ACTOR_TYPES,
  BENEFIT_CATEGORIES,
  CASE_TYPES,
  INITIATORS,
  NOVELTIES,
  STAGES,
  STATUSES,
  VISIBILITIES,
  type BenefitValue,
  type CaseValues,
  type LinkValue,
  type PartnerValue,
} from './cases.model.js';

/**
 * Validates a case input against the case record's rules and merges it over `base` (the stored
 * case, or the empty case). Fields absent from the input keep their base value (PATCH); every
 * violation is reported at once, keyed by the field's path (`partners.1.name`).
 */
export function validateCaseInput(input: Record<string, unknown>, base: CaseValues): { values: CaseValues; violations: Violations } {
  const v: Violations = {};
  const has = (k: string) => Object.prototype.hasOwnProperty.call(input, k) && input[k] !== undefined;
  const out: CaseValues = structuredClone(base);

  const str = (k: keyof CaseValues & string, max: number, required = false) => {
    if (!has(k)) return;
    const value = text(v, k, input[k], { required, max });
    (out as unknown as Record<string, unknown>)[k] = value;
  };
  const optStr = (k: keyof CaseValues & string, max: number) => {
    if (!has(k)) return;
    const value = input[k] === null ? '' : text(v, k, input[k], { max });
    (out as unknown as Record<string, unknown>)[k] = value || null;
  };
  const enumOf = <T extends string>(k: keyof CaseValues & string, allowed: readonly T[], nullable: boolean) => {
    if (!has(k)) return;
    const raw = input[k];
    if ((raw === null || raw === '') && nullable) {
      (out as unknown as Record<string, unknown>)[k] = null;
      return;
    }
    if (typeof raw === 'string' && (allowed as readonly string[]).includes(raw)) (out as unknown as Record<string, unknown>)[k] = raw;
    else v[k] = raw === '' || raw === null ? { code: 'required' } : { code: 'invalid_choice' };
  };
  const enumList = <T extends string>(k: keyof CaseValues & string, allowed: readonly T[]) => {
    if (!has(k)) return;
    const list = toList(input[k]);
    const bad = list.filter((x) => typeof x !== 'string' || !(allowed as readonly string[]).includes(x));
    if (bad.length) v[k] = { code: 'invalid_choice' };
    else (out as unknown as Record<string, unknown>)[k] = [...new Set(list as string[])];
  };
  const bool = (k: keyof CaseValues & string) => {
    if (!has(k)) return;
    const raw = input[k];
    const value = raw === true || raw === 'true' || raw === 'yes' ? true : raw === false || raw === 'false' || raw === 'no' ? false : raw === null || raw === '' ? null : undefined;
    if (value === undefined) v[k] = { code: 'invalid_choice' };
    else (out as unknown as Record<string, unknown>)[k] = value;
  };

  str('title', 200, true);
  str('summary', 2000, true);
  str('problem', 10_000);
  str('whatIsNew', 10_000);
  enumList('types', CASE_TYPES);
  enumOf('novelty', NOVELTIES, true);
  if (has('noveltySourceCaseId')) {
    const raw = input.noveltySourceCaseId;
    if (raw === null || raw === '') out.noveltySourceCaseId = null;
    else if ((typeof raw === 'string' && /^[0-9]{1,18}$/.test(raw)) || (typeof raw === 'number' && Number.isSafeInteger(raw) && raw > 0)) out.noveltySourceCaseId = String(raw);
    else v.noveltySourceCaseId = { code: 'invalid_number' };
  }
  optStr('noveltySourceText', 500);
  enumOf('stage', STAGES, true);
  enumOf('status', STATUSES, false);
  if (has('takenIntoUseOn')) {
    const raw = input.takenIntoUseOn;
    if (raw === null || raw === '') out.takenIntoUseOn = null;
    else if (typeof raw === 'string' && isIsoDate(raw)) out.takenIntoUseOn = raw;
    else v.takenIntoUseOn = { code: 'invalid_date' };
  }
  optStr('stoppedReason', 5000);
  enumList('initiators', INITIATORS);
  bool('evaluated');
  optStr('evaluationHow', 5000);
  if (has('evaluationLink')) out.evaluationLink = input.evaluationLink === null ? null : urlField(v, 'evaluationLink', input.evaluationLink);
  bool('activelySpread');
  optStr('spreadHow', 5000);
  if (has('lookingForPartners')) {
    const raw = input.lookingForPartners;
    if (raw === true || raw === 'true' || raw === 'yes') out.lookingForPartners = true;
    else if (raw === false || raw === 'false' || raw === 'no' || raw === null || raw === '') out.lookingForPartners = false;
    else v.lookingForPartners = { code: 'invalid_choice' };
  }
  enumList('partnerNeeds', ACTOR_TYPES);
  str('challenges', 20_000);
  str('lessons', 20_000);
  str('successConditions', 10_000);
  str('howToReplicate', 10_000);
  if (has('costNok')) {
    const raw = input.costNok;
    if (raw === null || raw === '') out.costNok = null;
    else {
      const n = typeof raw === 'number' ? raw : Number(String(raw).replace(/[\s\u00a0]/g, '').replace(',', '.'));
      if (!Number.isFinite(n) || n < 0 || n > 1e13 || !Number.isInteger(n)) v.costNok = { code: 'invalid_number' };
      else out.costNok = n;
    }
  }
  if (has('fundingSources')) {
    const list = toList(input.fundingSources)
      .map((x) => (typeof x === 'string' ? x.trim() : ''))
      .filter(Boolean);
    if (list.some((x) => x.length > 100) || list.length > 20) v.fundingSources = { code: 'too_long', max: 100 };
    else out.fundingSources = [...new Set(list)];
  }
  if (has('links')) {
    const links: LinkValue[] = [];
    toList(input.links).forEach((raw, i) => {
      const r = (raw ?? {}) as Record<string, unknown>;
      if (!r.url && !r.label) return;
      const url = urlField(v, `links.${i}.url`, r.url);
      if (!url && !v[`links.${i}.url`]) v[`links.${i}.url`] = { code: 'required' };
      const label = text(v, `links.${i}.label`, r.label, { max: 200 });
      if (url) links.push({ url, label: label || url });
    });
    out.links = links;
  }
  optStr('contactName', 200);
  if (has('contactEmail')) {
    const raw = input.contactEmail;
    out.contactEmail = raw === null || raw === '' ? null : emailField(v, 'contactEmail', raw) || null;
  }
  optStr('contactPhone', 40);
  enumOf('visibility', VISIBILITIES, false);
  if (has('language')) {
    if (isLang(input.language)) out.language = input.language;
    else v.language = { code: 'invalid_choice' };
  }
  if (has('themes')) {
    const list = toList(input.themes).filter((x) => x !== '');
    if (list.some((x) => typeof x !== 'string' || x.length > 300)) v.themes = { code: 'invalid_choice' };
    else out.themes = [...new Set(list as string[])];
  }
  if (has('coOwners')) {
    const list = toList(input.coOwners)
      .map((x) => (typeof x === 'string' ? normaliseOrgnr(x) : ''))
      .filter(Boolean);
    const bad = list.filter((x) => orgnrProblem(x) !== null);
    if (bad.length) v.coOwners = { code: 'orgnr_check_digit' };
    else out.coOwners = [...new Set(list)];
  }
  if (has('partners')) {
    const partners: PartnerValue[] = [];
    toList(input.partners).forEach((raw, i) => {
      const r = (raw ?? {}) as Record<string, unknown>;
      const empty = !r.name && !r.orgnr && !r.actorType;
      if (empty) return;
      const name = text(v, `partners.${i}.name`, r.name, { required: true, max: 200 });
      let orgnr: string | null = null;
      if (typeof r.orgnr === 'string' && r.orgnr.trim()) {
        const problem = orgnrProblem(r.orgnr);
        if (problem === 'format') v[`partners.${i}.orgnr`] = { code: 'invalid_orgnr' };
        else if (problem === 'check_digit') v[`partners.${i}.orgnr`] = { code: 'orgnr_check_digit' };
        else orgnr = normaliseOrgnr(r.orgnr);
      }
      const actorType = r.actorType;
      if (typeof actorType !== 'string' || !(ACTOR_TYPES as readonly string[]).includes(actorType)) {
        v[`partners.${i}.actorType`] = actorType ? { code: 'invalid_choice' } : { code: 'required' };
      } else if (name) partners.push({ name, orgnr, actorType: actorType as PartnerValue['actorType'] });
    });
    out.partners = partners;
  }
  if (has('benefits')) {
    const benefits: BenefitValue[] = [];
    toList(input.benefits).forEach((raw, i) => {
      const r = (raw ?? {}) as Record<string, unknown>;
      const empty = !r.category && !r.description && (r.value === undefined || r.value === '' || r.value === null) && !r.unit && !r.method;
      if (empty) return;
      const p = `benefits.${i}`;
      const category = r.category;
      if (typeof category !== 'string' || !(BENEFIT_CATEGORIES as readonly string[]).includes(category)) {
        v[`${p}.category`] = category ? { code: 'invalid_choice' } : { code: 'required' };
      }
      const realisedRaw = r.realised;
      const realised = realisedRaw === true || realisedRaw === 'true' || realisedRaw === 'realised';
      if (!(realised || realisedRaw === false || realisedRaw === 'false' || realisedRaw === 'planned')) v[`${p}.realised`] = { code: 'required' };
      const description = text(v, `${p}.description`, r.description, { max: 2000 });
      let value: number | null = null;
      if (r.value !== undefined && r.value !== '' && r.value !== null) {
        const n = typeof r.value === 'number' ? r.value : Number(String(r.value).replace(/[\s\u00a0]/g, '').replace(',', '.'));
        if (!Number.isFinite(n) || Math.abs(n) > 1e15) v[`${p}.value`] = { code: 'invalid_number' };
        else value = n;
      }
      const unit = text(v, `${p}.unit`, r.unit, { max: 50 }) || null;
      const method = text(v, `${p}.method`, r.method, { max: 2000 }) || null;
      if (typeof category === 'string' && (BENEFIT_CATEGORIES as readonly string[]).includes(category)) {
        benefits.push({ category: category as BenefitValue['category'], realised, description, value, unit, method });
      }
    });
    out.benefits = benefits;
  }

  // Rules across fields, checked on the merged case.
  if (!v.types && out.types.length === 0) v.types = { code: 'at_least_one' };
  if (!v.themes && out.themes.length === 0) v.themes = { code: 'at_least_one' };
  if (out.status === 'stopped') {
    if (!out.stoppedReason && !v.stoppedReason) v.stoppedReason = { code: 'stopped_needs_reason' };
    if (!out.lessons && !v.lessons) v.lessons = { code: 'stopped_needs_lessons' };
  }
  if (!out.lookingForPartners) out.partnerNeeds = [];
  if (out.novelty !== 'adapted' && out.novelty !== 'copied') {
    out.noveltySourceCaseId = null;
  }
  return { values: out, violations: v };
}

function toList(raw: unknown): unknown[] {
  if (raw === undefined || raw === null || raw === '') return [];
  return Array.isArray(raw) ? raw : [raw];
}

function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s) && d.getUTCFullYear() >= 1950 && d.getUTCFullYear() <= 2100;
}

/** The fields that differ between two versions of a case, with old and new values. */
export function diffCase(before: CaseValues, after: CaseValues): { field: keyof CaseValues; old: unknown; new: unknown }[] {
  const changes: { field: keyof CaseValues; old: unknown; new: unknown }[] = [];
  for (const key of Object.keys(after) as (keyof CaseValues)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes.push({ field: key, old: before[key], new: after[key] });
  }
  return changes;
}
