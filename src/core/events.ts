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
 * (the notifications feature's job), so the request that wrote does not wait for 10,000 followers.
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

