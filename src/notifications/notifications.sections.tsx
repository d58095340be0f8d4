import type { VNode } from 'preact';
import type { SectionContext } from '../core/feature.js';
import type { CasePageSubject } from '../cases/index.js';
import type { ChallengePageSubject } from '../challenges/index.js';
import type { OrgPageSubject } from '../orgs/index.js';
import type { SearchPageSubject } from '../search/index.js';
import { followState } from './notifications.service.js';
import { FollowButton } from './notifications.views.js';

/**
 * What notifications add to other features' pages: the follow button. Signed out, the button is a
 * sign-in link (no statement); a draft case has none, since a draft cannot be followed.
 */

export async function followCase({ db, request }: SectionContext, { ctx, row }: CasePageSubject): Promise<VNode | null> {
  if (row.published_at === null) return null;
  const state = request.auth ? { kind: 'case' as const, ...(await followState(db, request.auth, 'case', row.id)) } : null;
  return <FollowButton ctx={ctx} state={state} label={row.title} returnTo={`/cases/${row.id}`} />;
}

export async function followChallenge({ db, request }: SectionContext, { ctx, row }: ChallengePageSubject): Promise<VNode> {
  const state = request.auth ? { kind: 'challenge' as const, ...(await followState(db, request.auth, 'challenge', row.id)) } : null;
  return <FollowButton ctx={ctx} state={state} label={row.title} returnTo={`/challenges/${row.id}`} />;
}

export async function followOrganisation({ db, request }: SectionContext, { ctx, org, path }: OrgPageSubject): Promise<VNode> {
  const state = request.auth ? { kind: 'organisation' as const, ...(await followState(db, request.auth, 'organisation', org.id)) } : null;
  return <FollowButton ctx={ctx} state={state} label={org.name} returnTo={path} />;
}

/** «Follow this search» for a signed-in user, and «follow this theme» beside it when one theme is chosen. */
export async function followSearch({ db, request }: SectionContext, { ctx, search, theme }: SearchPageSubject): Promise<VNode | null> {
  const auth = request.auth;
  if (!auth) return null;
  const [follow, followTheme] = await Promise.all([
    search ? followState(db, auth, 'search', search.key) : null,
    theme ? followState(db, auth, 'theme', theme.key) : null,
  ]);
  if (!search || !follow) return null;
  const returnTo = `/search?${follow.key}`;
  return (
    <>
      <FollowButton ctx={ctx} state={{ kind: 'search', ...follow }} label={search.label} returnTo={returnTo} />
      {theme && followTheme ? <FollowButton ctx={ctx} state={{ kind: 'theme', ...followTheme }} label={theme.label} returnTo={returnTo} /> : null}
    </>
  );
}
