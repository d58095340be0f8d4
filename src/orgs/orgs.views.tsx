import { formatNumber } from '../i18n/index.js';
import type { ViewContext } from '../ui/context.js';
import type { ComponentChildren, VNode } from 'preact';
import { invitationMessages } from './invitations.messages.js';
import { CsrfField, ErrorSummary, Pagination, SelectField, TextField, type FormErrors } from '../ui/forms.js';
import { Layout } from '../ui/layout.js';
import type { MemberRow, OrgDetail, OrgSummary } from './orgs.queries.js';
import type { OrgKind } from '../db/schema.js';
import { Alert, Button, Heading, Link, Paragraph, Tag } from '../ui/ds.js';

export interface OrgListView {
  items: OrgSummary[];
  total: number;
  page: number;
  perPage: number;
  filter: { q: string; kind: string; county: string };
  counties: { number: string; name: string }[];
  kinds: readonly OrgKind[];
  canAddPartner: boolean;
  /** Links other features add under the lead (finding partners; orgs.slots.ts). */
  links: VNode[];
}

export function OrgListPage({ ctx, view }: { ctx: ViewContext; view: OrgListView }) {
  const { m, lang } = ctx;
  const totalPages = Math.max(1, Math.ceil(view.total / view.perPage));
  return (
    <Layout ctx={ctx} title={m.orgs.title} section="organisations">
      <Heading level={1} size="lg">
        {m.orgs.title}
      </Heading>
      <Paragraph variant="long">
        {m.orgs.lead}
      </Paragraph>
      {view.links}
      <form method="get" action="/organisations" class="filter-form" role="search">
        <TextField name="q" type="search" label={m.orgs.searchLabel} value={view.filter.q} maxLength={100} />
        <SelectField
          name="kind"
          label={m.orgs.kindLabel}
          value={view.filter.kind}
          options={[{ value: '', label: m.orgs.all }, ...view.kinds.map((k) => ({ value: k, label: m.orgs.kinds[k] }))]}
        />
        <SelectField
          name="county"
          label={m.orgs.countyLabel}
          value={view.filter.county}
          options={[{ value: '', label: m.orgs.all }, ...view.counties.map((c) => ({ value: c.number, label: c.name }))]}
        />
        <div class="filter-form__submit">
          <Button variant="primary">
            {m.orgs.filter}
          </Button>
        </div>
      </form>
      {view.canAddPartner ? (
        <Paragraph>
          <Link href="/organisations/new">
            {m.orgs.addPartner}
          </Link>
        </Paragraph>
      ) : null}
      <Paragraph role="status" id="result-count">
        {m.orgs.results(formatNumber(lang, view.total))}
        {totalPages > 1 ? ` · ${m.orgs.pageOf(String(view.page), String(totalPages))}` : ''}
      </Paragraph>
      {view.items.length === 0 ? (
        <Paragraph>{m.orgs.noResults}</Paragraph>
      ) : (
        <div class="table-scroll">
          <table class="ds-table stacked-table" data-border="true">
            <caption class="ds-sr-only">{m.orgs.title}</caption>
            <thead>
              <tr>
                <th scope="col">{m.orgs.name}</th>
                <th scope="col">{m.orgs.kind}</th>
                <th scope="col">{m.orgs.county}</th>
                <th scope="col">{m.orgs.orgnr}</th>
              </tr>
            </thead>
            <tbody>
              {view.items.map((o) => (
                <tr>
                  <td class="stacked-table__title">
                    {o.orgnr ? (
                      <Link href={`/organisations/${o.orgnr}`}>
                        {o.name}
                      </Link>
                    ) : (
                      o.name
                    )}
                  </td>
                  <td data-label={m.orgs.kind}>{m.orgs.kinds[o.kind]}</td>
                  <td data-label={m.orgs.county}>{o.countyName ?? (o.country !== 'NO' ? o.country : '')}</td>
                  <td data-label={m.orgs.orgnr} class="nowrap">
                    {o.orgnr ? formatOrgnr(o.orgnr) : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination m={m} url={ctx.url} page={view.page} totalPages={totalPages} />
    </Layout>
  );
}

/** 958 935 420: the way the register prints it. */
export function formatOrgnr(orgnr: string): string {
  return orgnr.replace(/^(\d{3})(\d{3})(\d{3})$/, '$1\u00a0$2\u00a0$3');
}

export interface OrgPageView {
  org: OrgDetail;
  onTeam: boolean;
  isPublic: boolean;
  myMembership: { role: 'member' | 'org_admin'; status: 'pending' | 'active' } | null;
  canJoin: boolean;
  canManage: boolean;
  /** What other features add to the page, by slot (orgs.slots.ts): follow under the name; partner status, cases, challenges at the end. */
  sections: { heading: VNode[]; more: VNode[] };
}

export function OrgPage({ ctx, view }: { ctx: ViewContext; view: OrgPageView }) {
  const { m, lang } = ctx;
  const { org } = view;
  const row = (label: string, value: string | null | undefined) =>
    value ? (
      <>
        <dt>{label}</dt>
        <dd>{value}</dd>
      </>
    ) : null;
  return (
    <Layout ctx={ctx} title={org.name} section="organisations">
      <Paragraph>
        <Link href="/organisations">
          {m.orgs.title}
        </Link>
      </Paragraph>
      <Heading level={1} size="lg">
        {org.name}
      </Heading>
      {view.sections.heading}
      {view.isPublic ? (
        <Paragraph>
          <Tag color={view.onTeam ? 'success' : 'neutral'}>
            {view.onTeam ? m.orgs.onTeam : m.orgs.notOnTeam}
          </Tag>{' '}
          {view.onTeam ? m.orgs.membersCount(org.activeMembers, formatNumber(lang, org.activeMembers)) : ''}
        </Paragraph>
      ) : null}
      {view.isPublic ? <Paragraph size="sm">{m.orgs.onTeamExplained}</Paragraph> : null}
      <Heading level={2} size="sm">
        {m.orgs.details}
      </Heading>
      <dl class="facts">
        {row(m.orgs.orgnr, org.orgnr ? formatOrgnr(org.orgnr) : null)}
        {row(m.orgs.kind, m.orgs.kinds[org.kind])}
        {row(m.orgs.orgForm, org.orgForm ? (m.orgs.orgForms[org.orgForm] ?? org.orgForm) : null)}
        {row(m.orgs.county, org.countyName)}
        {row(m.orgs.municipalityNumber, org.municipalityNumber)}
        {row(m.orgs.samiName, org.nameSami)}
        {row(m.orgs.aliases, org.aliases.filter((a) => a !== org.name && a !== org.nameSami).join(', ') || null)}
        {org.parent ? (
          <>
            <dt>{m.orgs.parent}</dt>
            <dd>
              {org.parent.orgnr ? (
                <Link href={`/organisations/${org.parent.orgnr}`}>
                  {org.parent.name}
                </Link>
              ) : (
                org.parent.name
              )}
            </dd>
          </>
        ) : null}
        {org.website ? (
          <>
            <dt>{m.orgs.website}</dt>
            <dd>
              <Link href={org.website.startsWith('http') ? org.website : `https://${org.website}`} rel="noopener noreferrer">
                {org.website}
              </Link>
            </dd>
          </>
        ) : null}
      </dl>
      {view.myMembership?.status === 'active' ? (
        <Paragraph>{m.orgs.youAreMember(m.orgs.roles[view.myMembership.role])}</Paragraph>
      ) : view.myMembership?.status === 'pending' ? (
        <Alert color="info">
          <p>{m.orgs.pending}</p>
        </Alert>
      ) : view.canJoin && org.orgnr ? (
        <form method="post" action={`/organisations/${org.orgnr}/join`}>
          <CsrfField token={ctx.csrfToken} />
          <Paragraph size="sm">
            {m.orgs.joinExplained}
          </Paragraph>
          <Button variant="secondary">
            {m.orgs.join}
          </Button>
        </form>
      ) : !ctx.user && org.orgnr ? (
        <Paragraph>
          <Link href={`/signin?next=${encodeURIComponent(`/organisations/${org.orgnr}`)}`}>
            {m.orgs.signInToJoin}
          </Link>
        </Paragraph>
      ) : null}
      {view.canManage && org.orgnr ? (
        <Paragraph>
          <Link href={`/organisations/${org.orgnr}/members`}>
            {m.orgs.manageMembers}
          </Link>
        </Paragraph>
      ) : null}
      {view.sections.more}
    </Layout>
  );
}

export interface PartnerFormView {
  values: Record<string, string>;
  errors: FormErrors;
}

export function PartnerFormPage({ ctx, view }: { ctx: ViewContext; view: PartnerFormView }) {
  const { m } = ctx;
  const title = m.partner.title;
  return (
    <Layout ctx={ctx} title={Object.keys(view.errors).length ? `${m.errors.title}: ${title}` : title} section="organisations">
      <ErrorSummary
        errors={view.errors}
        m={m}
        labels={{ name: m.partner.name, kind: m.partner.kind, orgnr: m.partner.orgnr, country: m.partner.country, website: m.partner.website }}
      />
      <Heading level={1} size="lg">
        {title}
      </Heading>
      <Paragraph variant="long">
        {m.partner.lead}
      </Paragraph>
      <form method="post" action="/organisations/new" novalidate class="stack narrow">
        <CsrfField token={ctx.csrfToken} />
        <TextField name="name" label={m.partner.name} value={view.values.name} error={view.errors.name} required maxLength={200} autocomplete="organization" />
        <SelectField
          name="kind"
          label={m.partner.kind}
          value={view.values.kind}
          error={view.errors.kind}
          required
          options={[
            { value: '', label: m.form.choose },
            { value: 'business', label: m.orgs.kinds.business },
            { value: 'research', label: m.orgs.kinds.research },
            { value: 'civil_society', label: m.orgs.kinds.civil_society },
          ]}
        />
        <TextField name="orgnr" label={m.partner.orgnr} hint={m.partner.orgnrHint} value={view.values.orgnr} error={view.errors.orgnr} inputMode="numeric" maxLength={20} />
        <TextField
          name="country"
          label={m.partner.country}
          hint={m.partner.countryHint}
          value={view.values.country ?? 'NO'}
          error={view.errors.country}
          maxLength={2}
          size={4}
          autocomplete="country"
        />
        <TextField name="website" type="url" label={m.partner.website} value={view.values.website} error={view.errors.website} autocomplete="url" />
        <div>
          <Button variant="primary">
            {m.partner.submit}
          </Button>
        </div>
      </form>
    </Layout>
  );
}

export interface MembersView {
  org: OrgDetail;
  members: MemberRow[];
  values: Record<string, string>;
  errors: FormErrors;
  currentUserId: string;
  /** The organisation's open invitations (rendered by invitations.views). */
  invitations?: ComponentChildren;
}

export function MembersPage({ ctx, view }: { ctx: ViewContext; view: MembersView }) {
  const { m } = ctx;
  const iv = invitationMessages(ctx.lang);
  const pending = view.members.filter((x) => x.status === 'pending');
  const active = view.members.filter((x) => x.status === 'active');
  // An organisation keeps at least one administrator: the last one is offered no way to step down.
  const admins = active.filter((x) => x.role === 'org_admin').length;
  const base = `/organisations/${view.org.orgnr}/members`;
  const action = (userId: string, act: string, label: string, variant: 'primary' | 'secondary' | 'tertiary' = 'secondary', who = '') => (
    <form method="post" action={`${base}/${userId}`} class="inline-form">
      <CsrfField token={ctx.csrfToken} />
      <input type="hidden" name="action" value={act} />
      <Button variant={variant} size="sm" aria-label={`${label}: ${who}`}>
        {label}
      </Button>
    </form>
  );
  const title = m.members.title(view.org.name);
  return (
    <Layout ctx={ctx} title={title} section="organisations">
      <ErrorSummary errors={view.errors} m={m} labels={{ email: iv.inviteEmail, role: m.members.inviteRole }} />
      <Paragraph>
        <Link href={`/organisations/${view.org.orgnr}`}>
          {view.org.name}
        </Link>
      </Paragraph>
      <Heading level={1} size="lg">
        {title}
      </Heading>
      <Heading level={2} size="sm">
        {m.members.pendingHeading}
      </Heading>
      {pending.length === 0 ? (
        <Paragraph>{m.members.none}</Paragraph>
      ) : (
        <table class="ds-table stacked-table">
          <caption class="ds-sr-only">{m.members.pendingHeading}</caption>
          <thead>
            <tr>
              <th scope="col">{m.members.name}</th>
              <th scope="col">{m.members.email}</th>
              <th scope="col">{m.members.actions}</th>
            </tr>
          </thead>
          <tbody>
            {pending.map((p) => (
              <tr>
                <td class="stacked-table__title">{p.name}</td>
                <td data-label={m.members.email}>{p.email}</td>
                <td class="actions">
                  {action(p.userId, 'approve', m.members.approve, 'primary', p.name)}
                  {action(p.userId, 'reject', m.members.reject, 'tertiary', p.name)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Heading level={2} size="sm">
        {m.members.activeHeading}
      </Heading>
      {active.length === 0 ? (
        <Paragraph>{m.members.none}</Paragraph>
      ) : (
        <table class="ds-table stacked-table">
          <caption class="ds-sr-only">{m.members.activeHeading}</caption>
          <thead>
            <tr>
              <th scope="col">{m.members.name}</th>
              <th scope="col">{m.members.email}</th>
              <th scope="col">{m.members.role}</th>
              <th scope="col">{m.members.actions}</th>
            </tr>
          </thead>
          <tbody>
            {active.map((a) => (
              <tr>
                <td class="stacked-table__title">{a.name}</td>
                <td data-label={m.members.email}>{a.email}</td>
                <td data-label={m.members.role}>{m.orgs.roleNames[a.role]}</td>
                <td class="actions">
                  {a.role === 'member'
                    ? action(a.userId, 'make_admin', m.members.makeAdmin, 'secondary', a.name)
                    : admins > 1
                      ? action(a.userId, 'make_member', m.members.makeMember, 'secondary', a.name)
                      : null}
                  {a.userId !== view.currentUserId ? action(a.userId, 'remove', m.members.remove, 'tertiary', a.name) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {view.invitations}
      <Heading level={2} size="sm">
        {iv.inviteHeading}
      </Heading>
      <form method="post" action={base} novalidate class="stack narrow">
        <CsrfField token={ctx.csrfToken} />
        <Paragraph>{iv.inviteLead}</Paragraph>
        <TextField name="email" type="email" label={iv.inviteEmail} value={view.values.email} error={view.errors.email} autocomplete="off" />
        <SelectField
          name="role"
          label={m.members.inviteRole}
          value={view.values.role ?? 'member'}
          error={view.errors.role}
          options={[
            { value: 'member', label: m.orgs.roleNames.member },
            { value: 'org_admin', label: m.orgs.roleNames.org_admin },
          ]}
        />
        <div>
          <Button variant="primary">
            {iv.invite}
          </Button>
        </div>
      </form>
    </Layout>
  );
}
