import type { Lang } from '../i18n/index.js';
import { canSeeContact } from './cases.policy.js';
import { type Viewer } from '../core/viewer.js';
import type { CaseDetailRow } from './cases.queries.js';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export function themeLabel(t: { labelNb: string; labelNn: string; labelEn: string }, lang: Lang): string {
  return lang === 'nn' ? t.labelNn : lang === 'en' ? t.labelEn : t.labelNb;
}

/** The API's view of a case; contact details only for signed-in public-sector users. */
export function presentCase(row: CaseDetailRow, viewer: Viewer, lang: Lang = 'nb') {
  const contactVisible = canSeeContact(viewer);
  return {
    id: row.id,
    title: row.title,
    summary: row.summary,
    problem: row.problem,
    whatIsNew: row.what_is_new,
    types: row.types,
    novelty: row.novelty,
    noveltySource: row.noveltySource,
    noveltySourceText: row.novelty_source_text,
    stage: row.stage,
    status: row.status,
    takenIntoUseOn: row.taken_into_use_on,
    stoppedReason: row.stopped_reason,
    initiators: row.initiators,
    evaluated: row.evaluated,
    evaluationHow: row.evaluation_how,
    evaluationLink: row.evaluation_link,
    activelySpread: row.actively_spread,
    spreadHow: row.spread_how,
    lookingForPartners: row.looking_for_partners,
    partnerNeeds: row.partner_needs,
    challenges: row.challenges,
    lessons: row.lessons,
    successConditions: row.success_conditions,
    howToReplicate: row.how_to_replicate,
    costNok: row.cost_nok === null ? null : Number(row.cost_nok),
    fundingSources: row.funding_sources,
    links: row.links,
    contact: contactVisible
      ? {
          name: row.contact_name ?? row.contactUserName,
          email: row.contact_email ?? row.contactUserEmail,
          phone: row.contact_phone,
        }
      : null,
    visibility: row.visibility,
    language: row.language,
    published: row.published_at !== null,
    publishedAt: iso(row.published_at),
    owner: { orgnr: row.ownerOrgnr, name: row.ownerName },
    coOwners: row.coOwners.map((o) => ({ orgnr: o.orgnr, name: o.name })),
    themes: row.themes.map((t) => ({ uri: t.uri, label: themeLabel(t, lang) })),
    partners: row.partners,
    benefits: row.benefits.map((b) => ({ ...b, value: b.value === null ? null : Number(b.value) })),
    trials: row.trials,
    adoptionCount: row.adoptions.length,
    version: row.version,
    source: row.source,
    sourceUrl: row.source_url,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
  };
}
