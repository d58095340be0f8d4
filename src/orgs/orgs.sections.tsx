import type { PageSlots, SectionContext } from '../core/feature.js';
import { invitationsFor } from './invitations.service.js';
import { MyInvitations } from './invitations.views.js';

/** The profile's invitations to organisations waiting for the person's answer; nothing when there are none. */
export async function profileInvitations(ctx: SectionContext, profile: PageSlots['profile.page']) {
  const invitations = await invitationsFor(ctx.db, profile.auth);
  return MyInvitations({ ctx: profile.view, invitations });
}
