import { formatDateTime } from '../i18n/index.js';
import type { ViewContext } from '../ui/context.js';
import { CsrfField } from '../ui/forms.js';
import { invitationMessages } from './invitations.messages.js';
import type { MyInvitation } from './invitations.service.js';
import { Button, Heading, List } from '../ui/ds.js';

/** The profile's list of invitations waiting for the user's answer; nothing when there are none. */
export function MyInvitations({ ctx, invitations }: { ctx: ViewContext; invitations: MyInvitation[] }) {
  if (invitations.length === 0) return null;
  const { m, lang } = ctx;
  const t = invitationMessages(lang);
  return (
    <section aria-labelledby="invitations" class="ds-alert" data-color="info">
      <Heading level={2} size="sm" id="invitations">
        {t.mineHeading}
      </Heading>
      <List>
        {invitations.map((i) => (
          <li data-testid="invitation">
            {t.mineItem(i.organisationName, m.orgs.roleNames[i.role].toLowerCase())}{' '}
            <form method="post" action={`/invitations/${i.id}`} class="inline-form">
              <CsrfField token={ctx.csrfToken} />
              <button type="submit" name="answer" value="accept" class="ds-button" data-variant="primary" data-size="sm" aria-label={`${t.accept}: ${i.organisationName}`}>
                {t.accept}
              </button>{' '}
              <button type="submit" name="answer" value="decline" class="ds-button" data-variant="tertiary" data-size="sm" aria-label={`${t.decline}: ${i.organisationName}`}>
                {t.decline}
              </button>
            </form>
          </li>
        ))}
      </List>
    </section>
  );
}

/** The members page's list of open invitations, each with a way to withdraw it. */
export function OrgInvitations({
  ctx,
  base,
  invitations,
}: {
  ctx: ViewContext;
  base: string;
  invitations: { id: string; email: string; role: 'member' | 'org_admin'; createdAt: Date; expiresAt: Date }[];
}) {
  if (invitations.length === 0) return null;
  const { m, lang } = ctx;
  const t = invitationMessages(lang);
  return (
    <>
      <Heading level={2} size="sm" id="invitations">
        {t.openHeading}
      </Heading>
      <table class="ds-table stacked-table">
        <caption class="ds-sr-only">{t.openHeading}</caption>
        <thead>
          <tr>
            <th scope="col">{t.inviteEmail}</th>
            <th scope="col">{m.members.role}</th>
            <th scope="col">{t.sentAt}</th>
            <th scope="col">{t.expires}</th>
            <th scope="col">{m.members.actions}</th>
          </tr>
        </thead>
        <tbody>
          {invitations.map((i) => (
            <tr>
              <td class="stacked-table__title">{i.email}</td>
              <td data-label={m.members.role}>{m.orgs.roleNames[i.role]}</td>
              <td data-label={t.sentAt}>{formatDateTime(lang, i.createdAt)}</td>
              <td data-label={t.expires}>{formatDateTime(lang, i.expiresAt)}</td>
              <td data-label={m.members.actions}>
                <form method="post" action={`${base}/invitations/${i.id}/withdraw`} class="inline-form">
                  <CsrfField token={ctx.csrfToken} />
                  <Button variant="tertiary" size="sm" aria-label={`${t.withdraw}: ${i.email}`}>
                    {t.withdraw}
                  </Button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
