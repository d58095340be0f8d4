import type { DbOrTrx } from '../db/database.js';
import { recordEvent } from '../core/events.js';

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
