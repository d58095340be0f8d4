import { caseAudience, type CaseVisibility } from '../cases/cases.access.js';
import type { DbOrTrx } from '../db/database.js';
import type { EventVisibility } from '../db/schema.notifications.js';

/** What an event concerns: its followers hear of it. */
export type Subject = `case:${string}` | `challenge:${string}` | `organisation:${string}` | `theme:${string}`;

export interface ActivityEvent {
  /** e.g. `case.published`, `challenge.state`, `comment.created`. */
  kind: string;
  /** The thing itself first, then what surrounds it (owner organisations, themes). */
  subjects: Subject[];
  actorUserId: string | null;
  /** One line for the list and the e-mail, e.g. the case's title. */
  title: string;
  /** The page the notification links to, e.g. `/cases/12#comment-4`. */
  path: string;
  /**
   * Who may hear of it: everyone, public-sector users, or only members of `ownerOrgIds` (a draft, a
   * private proposal). Followers who may not read the thing are not notified.
   */
  visibility: EventVisibility;
  ownerOrgIds: string[];
  /** The response it reports: the reader's right to read it is checked again when shown or mailed. */
  responseId?: string | null;
  /** Members of these organisations are told even if they follow nothing (a request to the owners, their answer). */
  notifyOrgIds?: string[];
}

/** The case an event is about (its first subject), checked again against the reader when shown or mailed. */
const caseOf = (subjects: Subject[]): string | null => {
  const first = subjects[0];
  return first && /^case:[0-9]{1,18}$/.test(first) ? first.slice(5) : null;
};

/**
 * Records an event; call it inside the transaction of the write it reports, so the event exists
 * exactly when the write committed. The fan-out to followers runs in the background
 * (notifications.jobs.ts), so the request that wrote does not wait for 10,000 followers.
 */
export async function recordEvent(db: DbOrTrx, e: ActivityEvent): Promise<void> {
  await db
    .insertInto('activity_events')
    .values({
      kind: e.kind,
      subjects: [...new Set(e.subjects)].slice(0, 100),
      actor_user_id: e.actorUserId,
      title: e.title.slice(0, 300) || '–',
      path: e.path,
      visibility: e.visibility,
      owner_org_ids: e.ownerOrgIds,
      case_id: caseOf(e.subjects),
      response_id: e.responseId ?? null,
      notify_org_ids: e.notifyOrgIds ?? [],
    })
    .execute();
}

/**
 * An event about a case, with what surrounds it (its owner and co-owners, its main themes) and
 * who may hear of it, read from the case as it stands in the writer's transaction.
 */
export async function recordCaseEvent(db: DbOrTrx, kind: string, caseId: string, actorUserId: string | null): Promise<void> {
  const c = await db
    .selectFrom('cases')
    .select(['title', 'owner_org_id as owner', 'visibility', 'facet_main_themes as themes'])
    .select((eb) => eb.fn.coalesce(eb.selectFrom('case_coowners as cc').select((e2) => e2.fn.agg<string[]>('array_agg', ['cc.org_id']).as('ids')).whereRef('cc.case_id', '=', 'cases.id'), eb.val<string[]>([])).as('coowners'))
    .select((eb) => eb('published_at', 'is not', null).as('published'))
    .where('id', '=', caseId)
    .executeTakeFirst();
  if (!c) return;
  const owners = [c.owner, ...(c.coowners ?? []).map(String)];
  await recordEvent(db, {
    kind,
    subjects: [`case:${caseId}`, ...owners.map((id) => `organisation:${id}` as const), ...(c.themes ?? []).map((t) => `theme:${t}` as const)],
    actorUserId,
    title: c.title,
    path: `/cases/${caseId}`,
    visibility: caseAudience({ published: Boolean(c.published), visibility: c.visibility as CaseVisibility }),
    ownerOrgIds: owners,
  });
}

/**
 * An event about a challenge (readable by everyone), with its owners and themes; `onlyFor` narrows
 * it to some organisations' members (a private proposal, a request: the owners and the responder).
 * `responseId` names the response it reports (checked again when shown); `notifyOrgIds` are told
 * whether they follow the challenge or not.
 */
export async function recordChallengeEvent(
  db: DbOrTrx,
  kind: string,
  challengeId: string,
  actorUserId: string | null,
  options: { onlyFor?: string[]; anchor?: string; responseId?: string; notifyOrgIds?: string[] } = {},
): Promise<void> {
  const c = await db
    .selectFrom('challenges')
    .select(['title', 'owner_org_id as owner'])
    .select((eb) => eb.fn.coalesce(eb.selectFrom('challenge_coowners as cc').select((e2) => e2.fn.agg<string[]>('array_agg', ['cc.org_id']).as('ids')).whereRef('cc.challenge_id', '=', 'challenges.id'), eb.val<string[]>([])).as('coowners'))
    .select((eb) => eb.fn.coalesce(eb.selectFrom('challenge_themes as ct').select((e2) => e2.fn.agg<string[]>('array_agg', ['ct.theme_uri']).as('t')).whereRef('ct.challenge_id', '=', 'challenges.id'), eb.val<string[]>([])).as('themes'))
    .where('id', '=', challengeId)
    .executeTakeFirst();
  if (!c) return;
  const owners = [c.owner, ...(c.coowners ?? []).map(String)];
  const mainThemes = (c.themes ?? []).length
    ? (await db.selectFrom('los_concepts').select('main_theme').distinct().where('uri', 'in', c.themes).where('main_theme', 'is not', null).execute()).map((r) => r.main_theme!)
    : [];
  await recordEvent(db, {
    kind,
    subjects: [`challenge:${challengeId}`, ...owners.map((id) => `organisation:${id}` as const), ...mainThemes.map((t) => `theme:${t}` as const)],
    actorUserId,
    title: c.title,
    path: `/challenges/${challengeId}${options.anchor ?? ''}`,
    visibility: options.onlyFor ? 'owners' : 'public',
    ownerOrgIds: options.onlyFor ?? owners,
    responseId: options.responseId ?? null,
    notifyOrgIds: options.notifyOrgIds ?? [],
  });
}
