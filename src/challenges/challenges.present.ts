import type { Lang } from '../i18n/index.js';
import { themeLabel } from '../cases/index.js';
import { canSeeChallengeContact } from './challenges.policy.js';
import { type Viewer } from '../core/viewer.js';
import type { ChallengeDetailRow, ChallengeListItem, ResponseRow } from './challenges.queries.js';

const iso = (d: Date | string) => new Date(d).toISOString();

/** A response; who sent it and how its request stands only where challenges.access.ts lets the reader see them (the query leaves them null otherwise). */
export function presentResponse(r: ResponseRow) {
  return {
    id: r.id,
    kind: r.kind,
    organisation: { orgnr: r.orgnr, name: r.orgName, kind: r.orgKind },
    body: r.body,
    case: r.caseId ? { id: r.caseId, title: r.caseTitle ?? '' } : null,
    public: r.public,
    coOwner: r.coOwner,
    sender: r.senderName ? { name: r.senderName, email: r.senderEmail } : null,
    request: r.requestStatus ? { status: r.requestStatus, canDecide: r.canDecide } : null,
    canShare: r.canShare,
    createdAt: iso(r.createdAt),
  };
}

/** The API's view of a challenge; contact details for signed-in users only. */
export function presentChallenge(row: ChallengeDetailRow, responses: ResponseRow[], viewer: Viewer, lang: Lang) {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    usersConcerned: row.users_concerned,
    lookingFor: row.looking_for,
    themes: row.themes.map((t) => ({ uri: t.uri, label: themeLabel(t, lang) })),
    deadline: row.deadline,
    contact: canSeeChallengeContact(viewer) ? { name: row.contact_name, email: row.contact_email } : null,
    language: row.language,
    state: row.state,
    outcome: row.outcome,
    mergedInto: row.mergedInto ? { id: row.mergedInto.id, title: row.mergedInto.title } : null,
    owner: { orgnr: row.ownerOrgnr, name: row.ownerName },
    coOwners: row.coOwners.map((o) => ({ orgnr: o.orgnr, name: o.name, joinedAt: iso(o.joinedAt) })),
    solvedBy: responses.filter((r) => r.linked && r.caseId).map((r) => ({ case: { id: r.caseId!, title: r.caseTitle ?? '' }, organisation: { orgnr: r.orgnr, name: r.orgName } })),
    timeline: row.stateChanges.map((s) => ({
      from: s.from,
      to: s.to,
      outcome: s.outcome,
      mergedInto: s.mergedIntoId ? { id: s.mergedIntoId, title: s.mergedIntoTitle } : null,
      reason: s.reason,
      changedOn: s.changedOn,
      at: iso(s.at),
    })),
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function presentListItem(c: ChallengeListItem, lang: Lang) {
  return {
    id: c.id,
    title: c.title,
    state: c.state,
    outcome: c.outcome,
    deadline: c.deadline,
    lookingFor: c.lookingFor,
    language: c.language,
    owner: { orgnr: c.ownerOrgnr, name: c.ownerName },
    coOwners: c.coOwners.map((o) => ({ orgnr: o.orgnr, name: o.name })),
    themes: c.themes.map((t) => ({ uri: t.uri, label: themeLabel(t, lang) })),
    createdAt: iso(c.createdAt),
    updatedAt: iso(c.updatedAt),
  };
}
