import type { ComponentChildren, VNode } from 'preact';
import { formatNumber } from '../i18n/index.js';
import { themeLabel } from '../cases/index.js';
import { Checkbox } from '../ui/choices.js';
import type { ViewContext } from '../ui/context.js';
import { CsrfField, ErrorSummary, SelectField, TextArea, TextField, type FormErrors, type Option } from '../ui/forms.js';
import { Layout } from '../ui/layout.js';
import { one, type FormState } from './challenges.form.js';
import { challengeMessages, type ChallengeMessages } from './challenges.messages.js';
import { OUTCOMES, TRANSITIONS, type ChallengeState } from './challenges.model.js';
import type { ChallengeDetailRow, ResponseRow } from './challenges.queries.js';

import { DateText, inOrder, opts, OrgLink, osloDay, Prose, Section, StateTag } from './challenges.views.js';
import { formLabels } from './challenge-form.views.js';
import { Button, Heading, Link, Paragraph, Tag } from '../ui/ds.js';

// ---------- the challenge page ----------

export interface RespondChoices {
  signedIn: boolean;
  /** Organisations the viewer may answer «same need» for (public bodies that are not owners). */
  sameNeed: Option[];
  /** Organisations the viewer may link a solving case for. */
  solved: Option[];
  /** Organisations the viewer may send a proposal for (not owners). */
  proposal: Option[];
}

export interface ChallengePageView {
  row: ChallengeDetailRow;
  responses: ResponseRow[];
  canEdit: boolean;
  canChangeState: boolean;
  canSeeContact: boolean;
  /** Co-owners (orgnr) this viewer may take off the challenge. */
  removableCoOwners: string[];
  respond: RespondChoices;
  /** The form that was posted and failed: its input and errors. */
  posted?: { form: 'state' | 'same_need' | 'solved' | 'proposal'; state: FormState; errors: FormErrors } | undefined;
  /** What other features add to the page, by slot (challenges.slots.ts): follow under the owners, comments at the end. */
  sections: { heading: VNode[]; end: VNode[] };
}

const STATE_FORM_ORDER = ['state', 'outcome', 'mergedInto', 'reason', 'changedOn'];
const RESPONSE_FORM_ORDER = ['sameNeedOrgnr', 'sameNeedBody', 'solvedOrgnr', 'solvedCaseId', 'solvedBody', 'proposalOrgnr', 'proposalBody'];

export function ChallengePage({ ctx, view }: { ctx: ViewContext; view: ChallengePageView }) {
  const { lang } = ctx;
  const cm = challengeMessages(lang);
  const c = view.row;
  const posted = view.posted;
  const errors = posted?.errors ?? {};
  const input = (form: NonNullable<typeof posted>['form']): FormState => (posted?.form === form ? posted.state : {});
  const hasErrors = Object.keys(errors).length > 0;
  const nextStates = TRANSITIONS[c.state as ChallengeState] ?? [];
  const isClosed = c.state === 'closed';
  const solvedBy = view.responses.filter((r) => r.linked && r.caseId);
  const requests = view.responses.filter((r) => r.canDecide);
  return (
    <Layout ctx={ctx} title={hasErrors ? `${ctx.m.errors.title}: ${c.title}` : c.title} section="challenges">
      <ErrorSummary errors={inOrder(errors, [...STATE_FORM_ORDER, ...RESPONSE_FORM_ORDER])} m={ctx.m} labels={formLabels(cm)} />
      <Paragraph>
        <Link href="/challenges">
          {cm.title}
        </Link>
      </Paragraph>
      <Heading level={1} size="lg" lang={c.language !== lang ? c.language : undefined}>
        {c.title}
      </Heading>
      <p class="case-meta">
        <StateTag state={c.state} cm={cm} />
        {c.outcome ? ` ${cm.outcomes[c.outcome as keyof ChallengeMessages['outcomes']]}` : ''}
        {c.mergedInto ? (
          <>
            {' '}
            <Link href={`/challenges/${c.mergedInto.id}`}>
              {c.mergedInto.title}
            </Link>
          </>
        ) : null}{' '}
        · {cm.challengeNumber(c.id)}
        {c.deadline ? (
          <>
            {' '}
            · {cm.deadline}: <DateText lang={lang} date={c.deadline} />
          </>
        ) : null}
      </p>
      <Paragraph data-testid="owners">
        {cm.owners}:{' '}
        {[{ orgnr: c.ownerOrgnr, name: c.ownerName }, ...c.coOwners].map((o, i) => (
          <>
            {i > 0 ? ', ' : ''}
            <OrgLink orgnr={o.orgnr} name={o.name} />
          </>
        ))}
      </Paragraph>
      {view.sections.heading}
      {view.removableCoOwners.length ? (
        <ul class="plain-list actions-row">
          {c.coOwners
            .filter((o) => o.orgnr && view.removableCoOwners.includes(o.orgnr))
            .map((o) => (
              <li>
                <form method="post" action={`/challenges/${c.id}/co-owners/${o.orgnr}/remove`} class="inline-form">
                  <CsrfField token={ctx.csrfToken} />
                  <Button variant="tertiary" size="sm">
                    {cm.removeCoOwner(o.name)}
                  </Button>
                </form>
              </li>
            ))}
        </ul>
      ) : null}
      {view.canEdit ? (
        <div class="actions-row">
          <a class="ds-button" data-variant="secondary" href={`/challenges/${c.id}/edit`}>
            {cm.edit}
          </a>
        </div>
      ) : null}

      <Section id="s-about" title={cm.sections.about}>
        <Prose text={c.description} lang={lang} textLang={c.language} />
        <dl class="facts">
          {c.users_concerned ? (
            <>
              <dt>{cm.f.usersConcerned}</dt>
              <dd lang={c.language !== lang ? c.language : undefined}>{c.users_concerned}</dd>
            </>
          ) : null}
          <dt>{cm.f.lookingFor}</dt>
          <dd>{c.looking_for.map((k) => cm.lookingFor[k as keyof ChallengeMessages['lookingFor']] ?? k).join(', ') || '–'}</dd>
          <dt>{cm.sections.themes}</dt>
          <dd>{c.themes.map((t) => themeLabel(t, lang)).join(', ') || '–'}</dd>
          <dt>{cm.deadline}</dt>
          <dd>{c.deadline ? <DateText lang={lang} date={c.deadline} /> : cm.noDeadline}</dd>
        </dl>
      </Section>

      {solvedBy.length ? (
        <Section id="s-solved" title={cm.sections.solvedBy}>
          <ul class="plain-list" data-testid="solved-by">
            {solvedBy.map((r) => (
              <li>
                <Link href={`/cases/${r.caseId}`}>
                  {r.caseTitle}
                </Link>{' '}
                ({r.orgName})
              </li>
            ))}
          </ul>
        </Section>
      ) : null}

      <Section id="s-contact" title={cm.sections.contact}>
        {view.canSeeContact ? (
          <dl class="facts">
            <dt>{cm.f.contactName}</dt>
            <dd>{c.contact_name ?? '–'}</dd>
            <dt>{cm.f.contactEmail}</dt>
            <dd>{c.contact_email ? <Link href={`mailto:${c.contact_email}`}>{c.contact_email}</Link> : '–'}</dd>
          </dl>
        ) : (
          <Paragraph>{cm.contactHidden}</Paragraph>
        )}
      </Section>

      <Section id="s-timeline" title={cm.sections.timeline}>
        <ol class="plain-list" data-testid="timeline">
          {c.stateChanges.map((s) => (
            <li>
              <Paragraph>
                <strong>
                  <DateText lang={lang} date={s.changedOn} />
                </strong>
                {' – '}
                {s.from === null
                  ? cm.timeline.opened
                  : s.to === 'closed' && s.outcome
                    ? cm.timeline.closedWith(cm.outcomes[s.outcome as keyof ChallengeMessages['outcomes']] ?? s.outcome)
                    : cm.timeline.movedTo(cm.states[s.to as ChallengeState] ?? s.to)}
                {s.mergedIntoId ? (
                  <>
                    {' '}
                    <Link href={`/challenges/${s.mergedIntoId}`}>
                      {s.mergedIntoTitle ?? cm.challengeNumber(s.mergedIntoId)}
                    </Link>
                  </>
                ) : null}
              </Paragraph>
              {s.reason ? (
                <Paragraph size="sm" lang={c.language !== lang ? c.language : undefined}>
                  {s.reason}
                </Paragraph>
              ) : null}
            </li>
          ))}
        </ol>
        {view.canChangeState && nextStates.length ? (
          <form method="post" action={`/challenges/${c.id}/state`} novalidate class="stack narrow" aria-labelledby="s-change-state">
            <Heading level={3} size="xs" id="s-change-state">
              {cm.sections.changeState}
            </Heading>
            <CsrfField token={ctx.csrfToken} />
            <SelectField
              name="state"
              label={cm.f.state}
              value={one(input('state'), 'state')}
              error={errors.state}
              options={[{ value: '', label: cm.f.choose }, ...nextStates.map((s) => ({ value: s, label: cm.states[s] }))]}
              required
            />
            {nextStates.includes('closed') ? (
              <>
                <SelectField
                  name="outcome"
                  label={cm.f.outcome}
                  hint={cm.f.outcomeHint}
                  value={one(input('state'), 'outcome')}
                  error={errors.outcome}
                  options={[{ value: '', label: cm.f.choose }, ...opts(OUTCOMES, cm.outcomeOptions)]}
                />
                <TextField name="mergedInto" label={cm.f.mergedInto} hint={cm.f.mergedIntoHint} value={one(input('state'), 'mergedInto')} error={errors.mergedInto} inputMode="numeric" />
              </>
            ) : null}
            <TextArea name="reason" label={cm.f.reason} hint={cm.f.reasonHint} value={one(input('state'), 'reason')} error={errors.reason} rows={3} required />
            <TextField name="changedOn" label={cm.f.changedOn} hint={cm.f.changedOnHint} value={one(input('state'), 'changedOn')} error={errors.changedOn} />
            <div>
              <Button variant="primary">
                {cm.changeStateSubmit}
              </Button>
            </div>
          </form>
        ) : null}
      </Section>

      {requests.length ? (
        <Section id="s-requests" title={cm.requests.title}>
          <Paragraph size="sm">
            {cm.requests.lead}
          </Paragraph>
          <ul class="plain-list" data-testid="requests">
            {requests.map((r) => (
              <li class="ds-card" data-color="neutral" data-kind={r.kind}>
                <Paragraph>
                  <OrgLink orgnr={r.orgnr} name={r.orgName} /> {r.kind === 'same_need' ? cm.requests.asksToJoin : cm.requests.asksToLink}
                  {r.caseId ? (
                    <>
                      {': '}
                      <Link href={`/cases/${r.caseId}`}>
                        {r.caseTitle}
                      </Link>
                    </>
                  ) : null}
                </Paragraph>
                <div class="actions-row">
                  {(['accept', 'decline'] as const).map((d) => (
                    <form method="post" action={`/challenges/${c.id}/responses/${r.id}/${d}`} class="inline-form">
                      <CsrfField token={ctx.csrfToken} />
                      <Button variant={d === 'accept' ? 'primary' : 'secondary'} size="sm">
                        {cm.requests[d]}
                        <span class="ds-sr-only">: {r.orgName}</span>
                      </Button>
                    </form>
                  ))}
                </div>
              </li>
            ))}
          </ul>
        </Section>
      ) : null}

      <Section id="s-responses" title={`${cm.sections.responses} (${formatNumber(lang, view.responses.length)})`}>
        {view.responses.length === 0 ? (
          <Paragraph>{cm.noResponses}</Paragraph>
        ) : (
          <ul class="plain-list" data-testid="responses">
            {view.responses.map((r) => (
              <li class="ds-card" data-color="neutral" data-kind={r.kind}>
                <Paragraph>
                  <Tag color={r.kind === 'proposal' ? 'accent' : r.kind === 'solved' ? 'success' : 'info'}>
                    {cm.kinds[r.kind]}
                  </Tag>{' '}
                  <OrgLink orgnr={r.orgnr} name={r.orgName} />
                  {r.coOwner && r.kind === 'same_need' ? ` (${cm.joinedAsCoOwner})` : ''} · <DateText lang={lang} date={osloDay(r.createdAt)} />
                </Paragraph>
                {!r.public ? (
                  <Paragraph size="sm">
                    <Tag color="warning">
                      {cm.privateProposal}
                    </Tag>
                  </Paragraph>
                ) : null}
                {r.requestStatus && r.requestStatus !== 'accepted' ? (
                  <Paragraph size="sm" data-testid="request-status">
                    {r.kind === 'same_need' ? cm.requests.asksToJoin : cm.requests.asksToLink}:{' '}
                    <Tag color={r.requestStatus === 'pending' ? 'info' : 'neutral'}>
                      {cm.requests.status[r.requestStatus]}
                    </Tag>
                  </Paragraph>
                ) : null}
                {r.caseId ? (
                  <Paragraph>
                    {cm.responseCase}:{' '}
                    <Link href={`/cases/${r.caseId}`}>
                      {r.caseTitle}
                    </Link>
                  </Paragraph>
                ) : null}
                {r.body ? <Prose text={r.body} lang={lang} textLang={lang} /> : null}
                {r.senderName ? (
                  <Paragraph size="sm">
                    {cm.sentBy} {r.senderName}
                    {r.senderEmail ? (
                      <>
                        {' '}
                        (<Link href={`mailto:${r.senderEmail}`}>{r.senderEmail}</Link>)
                      </>
                    ) : null}
                  </Paragraph>
                ) : null}
                {r.canShare && c.coOwners.length ? (
                  <form method="post" action={`/challenges/${c.id}/responses/${r.id}/share`} class="inline-form">
                    <CsrfField token={ctx.csrfToken} />
                    <Paragraph size="sm">
                      {cm.shareHint}
                    </Paragraph>
                    <Button variant="tertiary" size="sm">
                      {cm.share}
                    </Button>
                  </form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section id="s-respond" title={cm.sections.respond}>
        {isClosed ? (
          <Paragraph>{cm.closedNoResponses}</Paragraph>
        ) : !view.respond.signedIn ? (
          <Paragraph>
            <Link href={`/signin?next=${encodeURIComponent(`/challenges/${c.id}`)}`}>
              {cm.signInToRespond}
            </Link>
          </Paragraph>
        ) : view.respond.solved.length === 0 ? (
          <Paragraph>{cm.needOrgToRespond}</Paragraph>
        ) : (
          <>
            {view.respond.sameNeed.length ? (
              <ResponseForm ctx={ctx} id={c.id} kind="same_need" heading={cm.kinds.same_need} orgs={view.respond.sameNeed} state={input('same_need')} errors={errors} submit={cm.sendSameNeed}>
                <TextArea name="sameNeedBody" label={cm.f.sameNeedBody} value={one(input('same_need'), 'sameNeedBody')} error={errors.sameNeedBody} rows={3} />
                <Checkbox name="sameNeedJoin" label={cm.f.sameNeedJoin} checked={one(input('same_need'), 'sameNeedJoin') === 'true'} />
              </ResponseForm>
            ) : null}
            <ResponseForm ctx={ctx} id={c.id} kind="solved" heading={cm.kinds.solved} orgs={view.respond.solved} state={input('solved')} errors={errors} submit={cm.sendSolved}>
              <TextField name="solvedCaseId" label={cm.f.solvedCaseId} hint={cm.f.solvedCaseIdHint} value={one(input('solved'), 'solvedCaseId')} error={errors.solvedCaseId} inputMode="numeric" required />
              <TextArea name="solvedBody" label={cm.f.solvedBody} value={one(input('solved'), 'solvedBody')} error={errors.solvedBody} rows={3} />
            </ResponseForm>
            {view.respond.proposal.length ? (
              <ResponseForm ctx={ctx} id={c.id} kind="proposal" heading={cm.kinds.proposal} orgs={view.respond.proposal} state={input('proposal')} errors={errors} submit={cm.sendProposal}>
                <TextArea name="proposalBody" label={cm.f.proposalBody} hint={cm.f.proposalBodyHint} value={one(input('proposal'), 'proposalBody')} error={errors.proposalBody} rows={6} required />
                <Paragraph size="sm">
                  {cm.f.proposalPublicHint}
                </Paragraph>
                <Checkbox name="proposalPublic" label={cm.f.proposalPublic} checked={one(input('proposal'), 'proposalPublic') === 'true'} />
              </ResponseForm>
            ) : null}
          </>
        )}
      </Section>
      {view.sections.end}
    </Layout>
  );
}

const PREFIX = { same_need: 'sameNeed', solved: 'solved', proposal: 'proposal' } as const;

function ResponseForm(props: {
  ctx: ViewContext;
  id: string;
  kind: 'same_need' | 'solved' | 'proposal';
  heading: string;
  orgs: Option[];
  state: FormState;
  errors: FormErrors;
  submit: string;
  children: ComponentChildren;
}) {
  const cm = challengeMessages(props.ctx.lang);
  const p = PREFIX[props.kind];
  const headingId = `respond-${p}`;
  return (
    <form method="post" action={`/challenges/${props.id}/responses`} novalidate class="stack narrow form-section" aria-labelledby={headingId}>
      <Heading level={3} size="xs" id={headingId}>
        {props.heading}
      </Heading>
      <CsrfField token={props.ctx.csrfToken} />
      <input type="hidden" name="kind" value={props.kind} />
      {props.orgs.length > 1 ? (
        <SelectField
          name={`${p}Orgnr`}
          label={cm.f.responder}
          value={one(props.state, `${p}Orgnr`)}
          error={props.errors[`${p}Orgnr`]}
          options={[{ value: '', label: cm.f.choose }, ...props.orgs]}
          required
        />
      ) : (
        <input type="hidden" name={`${p}Orgnr`} value={props.orgs[0]?.value ?? ''} />
      )}
      {props.children}
      <div>
        <Button variant="primary">
          {props.submit}
        </Button>
      </div>
    </form>
  );
}
