import type { ComponentChildren, VNode } from 'preact';
import { formatNumber, type Lang } from '../i18n/index.js';
import { themeLabel } from '../cases/index.js';
import { Checkbox, ChoiceGroup } from '../ui/choices.js';
import type { ViewContext } from '../ui/context.js';
import { CsrfField, ErrorSummary, Pagination, SelectField, TextArea, TextField, type FormErrors, type Option } from '../ui/forms.js';
import { Layout } from '../ui/layout.js';
import { one, many, type FormState } from './challenges.form.js';
import { challengeMessages, type ChallengeMessages } from './challenges.messages.js';
import { LANGUAGES, LOOKING_FOR, OUTCOMES, STATES, TRANSITIONS, type ChallengeState } from './challenges.model.js';
import type { ChallengeDetailRow, ChallengeListItem, ResponseRow } from './challenges.queries.js';

const opts = <K extends string>(keys: readonly K[], labels: Record<K, string>): Option[] => keys.map((k) => ({ value: k, label: labels[k] }));

const dateFormats: Record<Lang, Intl.DateTimeFormat> = {
  nb: new Intl.DateTimeFormat('nb-NO', { dateStyle: 'long', timeZone: 'UTC' }),
  nn: new Intl.DateTimeFormat('nn-NO', { dateStyle: 'long', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }),
};

/** A calendar date ('2026-11-27') in the reader's language; it is a day, not a moment, so no time zone shifts it. */
function DateText({ lang, date }: { lang: Lang; date: string }) {
  return <time dateTime={date}>{dateFormats[lang].format(new Date(`${date}T00:00:00Z`))}</time>;
}

/** A moment (a response's time) as the Norwegian day it happened on. */
const osloDay = (d: Date | string) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(d));

function StateTag({ state, cm }: { state: string; cm: ChallengeMessages }) {
  const color = state === 'open' ? 'info' : state === 'closed' ? 'neutral' : 'success';
  return (
    <span class="ds-tag" data-color={color}>
      {cm.states[state as ChallengeState] ?? state}
    </span>
  );
}

function OrgLink({ orgnr, name }: { orgnr: string | null; name: string }) {
  return orgnr ? (
    <a class="ds-link" href={`/organisations/${orgnr}`}>
      {name}
    </a>
  ) : (
    <>{name}</>
  );
}

function Prose({ text, lang, textLang }: { text: string; lang: string; textLang: string }) {
  return (
    <div class="prose" lang={textLang !== lang ? textLang : undefined}>
      {text.split(/\n{2,}/).map((p) => (
        <p class="ds-paragraph" data-variant="long">
          {p}
        </p>
      ))}
    </div>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section class="case-section" aria-labelledby={id}>
      <h2 class="ds-heading" data-size="sm" id={id}>
        {title}
      </h2>
      {children}
    </section>
  );
}

// ---------- list ----------

export interface ChallengeListView {
  items: ChallengeListItem[];
  total: number;
  page: number;
  perPage: number;
  state: string;
  theme: string;
  themeOptions: Option[];
  canCreate: boolean;
  /** Elements of <head> other features add (the feed; challenges.slots.ts). */
  head: VNode[];
}

const excerpt = (s: string, n = 280) => (s.length > n ? `${s.slice(0, n).replace(/\s+\S*$/, '')} …` : s);

export function ChallengeListPage({ ctx, view }: { ctx: ViewContext; view: ChallengeListView }) {
  const { lang } = ctx;
  const cm = challengeMessages(lang);
  const totalPages = Math.max(1, Math.ceil(view.total / view.perPage));
  return (
    <Layout ctx={ctx} title={cm.title} section="challenges" head={view.head}>
      <h1 class="ds-heading" data-size="lg">
        {cm.title}
      </h1>
      <p class="ds-paragraph" data-variant="long">
        {cm.lead}
      </p>
      {view.canCreate ? (
        <p class="ds-paragraph actions-row">
          <a class="ds-button" data-variant="primary" href="/challenges/new">
            {cm.newChallenge}
          </a>
        </p>
      ) : null}
      <form method="get" class="filter-form" role="search">
        <SelectField name="state" label={cm.filterState} value={view.state} options={[{ value: '', label: cm.all }, ...opts(STATES, cm.states)]} />
        <SelectField name="theme" label={cm.filterTheme} value={view.theme} options={[{ value: '', label: cm.all }, ...view.themeOptions]} />
        <div class="filter-form__submit">
          <button type="submit" class="ds-button" data-variant="secondary">
            {cm.show}
          </button>
        </div>
      </form>
      <p class="ds-paragraph" role="status">
        {cm.count(formatNumber(lang, view.total))}
      </p>
      {view.items.length === 0 ? (
        <p class="ds-paragraph">{cm.none}</p>
      ) : (
        <ul class="case-list" data-testid="challenges">
          {view.items.map((c) => (
            <li class="ds-card case-card" data-color="neutral">
              <h2 class="ds-heading" data-size="xs" lang={c.language !== lang ? c.language : undefined}>
                <a class="ds-link" data-color="accent" href={`/challenges/${c.id}`}>
                  {c.title}
                </a>
              </h2>
              <p class="case-card__meta">
                {[c.ownerName, ...c.coOwners.map((o) => o.name)].join(', ')} · <StateTag state={c.state} cm={cm} />
                {c.deadline ? (
                  <>
                    {' '}
                    · {cm.deadline}: <DateText lang={lang} date={c.deadline} />
                  </>
                ) : null}
              </p>
              <p class="ds-paragraph" data-size="sm" lang={c.language !== lang ? c.language : undefined}>
                {excerpt(c.description)}
              </p>
              {c.themes.length ? (
                <p class="ds-paragraph" data-size="sm">
                  {c.themes.map((t) => themeLabel(t, lang)).join(', ')}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <Pagination m={ctx.m} url={ctx.url} page={view.page} totalPages={totalPages} />
    </Layout>
  );
}

// ---------- form ----------

export interface ChallengeFormView {
  mode: 'create' | 'edit';
  id?: string;
  state: FormState;
  errors: FormErrors;
  ownerOptions: Option[];
  /** A platform admin with no public body of their own names one by orgnr. */
  ownerByOrgnr: boolean;
  themePicker: VNode;
  /** "Someone already did this": the sections of `challenge.form.hint` (challenges.slots.ts). */
  hint: VNode[];
}

const FORM_ORDER = ['ownerOrgnr', 'title', 'description', 'usersConcerned', 'lookingFor', 'themes', 'deadline', 'contactName', 'contactEmail', 'language'];

function formLabels(cm: ChallengeMessages): Record<string, string> {
  const f = cm.f;
  return {
    ownerOrgnr: f.ownerOrgnr,
    title: f.title,
    description: f.description,
    usersConcerned: f.usersConcerned,
    lookingFor: f.lookingFor,
    themes: cm.sections.themes,
    deadline: f.deadline,
    contactName: f.contactName,
    contactEmail: f.contactEmail,
    language: f.language,
    state: f.state,
    outcome: f.outcome,
    mergedInto: f.mergedInto,
    reason: f.reason,
    changedOn: f.changedOn,
    sameNeedOrgnr: f.responder,
    sameNeedBody: f.sameNeedBody,
    solvedOrgnr: f.responder,
    solvedCaseId: f.solvedCaseId,
    solvedBody: f.solvedBody,
    proposalOrgnr: f.responder,
    proposalBody: f.proposalBody,
  };
}

/** Errors in the order their fields come on the page (the summary reads top to bottom, as the reader fixes them). */
function inOrder(errors: FormErrors, order: string[]): FormErrors {
  const pos = (k: string) => (order.indexOf(k) < 0 ? order.length : order.indexOf(k));
  return Object.fromEntries(Object.entries(errors).sort(([a], [b]) => pos(a) - pos(b)));
}

export function ChallengeFormPage({ ctx, view }: { ctx: ViewContext; view: ChallengeFormView }) {
  const cm = challengeMessages(ctx.lang);
  const f = cm.f;
  const { state, errors } = view;
  const heading = view.mode === 'create' ? cm.newChallenge : `${cm.edit}: ${one(state, 'title')}`;
  const action = view.mode === 'create' ? '/challenges/new' : `/challenges/${view.id}/edit`;
  const hasErrors = Object.keys(errors).length > 0;
  const submitLabel = view.mode === 'create' ? cm.create : cm.save;
  return (
    <Layout ctx={ctx} title={hasErrors ? `${ctx.m.errors.title}: ${heading}` : heading} section="challenges">
      <ErrorSummary errors={inOrder(errors, FORM_ORDER)} m={ctx.m} labels={formLabels(cm)} />
      <h1 class="ds-heading" data-size="lg">
        {heading}
      </h1>
      <form method="post" action={action} novalidate class="case-form">
        <CsrfField token={ctx.csrfToken} />
        {/* Enter submits with the first submit button: make it «save», not the theme picker's
            «search themes». Hidden from sight and from the tab order; the visible one is at the end. */}
        <button type="submit" class="ds-sr-only" tabIndex={-1} aria-hidden="true">
          {submitLabel}
        </button>
        <section class="form-section" aria-labelledby="section-about">
          <h2 class="ds-heading" data-size="sm" id="section-about">
            {cm.sections.about}
          </h2>
          <div class="stack">
            {view.mode === 'create' && view.ownerOptions.length > 1 ? (
              <SelectField name="ownerOrgnr" label={f.ownerOrgnr} value={one(state, 'ownerOrgnr')} error={errors.ownerOrgnr} options={[{ value: '', label: f.choose }, ...view.ownerOptions]} required />
            ) : null}
            {view.mode === 'create' && view.ownerByOrgnr ? (
              <TextField name="ownerOrgnr" label={f.ownerOrgnr} value={one(state, 'ownerOrgnr')} error={errors.ownerOrgnr} inputMode="numeric" required />
            ) : null}
            <TextField name="title" label={f.title} hint={f.titleHint} value={one(state, 'title')} error={errors.title} required />
            <TextArea name="description" label={f.description} hint={f.descriptionHint} value={one(state, 'description')} error={errors.description} rows={8} required />
            <TextArea name="usersConcerned" label={f.usersConcerned} hint={f.usersConcernedHint} value={one(state, 'usersConcerned')} error={errors.usersConcerned} rows={3} />
            <ChoiceGroup type="checkbox" name="lookingFor" legend={f.lookingFor} hint={f.lookingForHint} error={errors.lookingFor} checked={many(state, 'lookingFor')} options={opts(LOOKING_FOR, cm.lookingFor)} />
          </div>
        </section>
        {view.hint}
        <section class="form-section" aria-labelledby="section-themes">
          <h2 class="ds-heading" data-size="sm" id="section-themes">
            {cm.sections.themes}
          </h2>
          <div class="stack">{view.themePicker}</div>
        </section>
        <section class="form-section" aria-labelledby="section-contact">
          <h2 class="ds-heading" data-size="sm" id="section-contact">
            {cm.sections.contact}
          </h2>
          <div class="stack">
            <TextField name="deadline" label={f.deadline} hint={f.deadlineHint} value={one(state, 'deadline')} error={errors.deadline} />
            <p class="ds-paragraph" data-size="sm">
              {f.contactHint}
            </p>
            <TextField name="contactName" label={f.contactName} value={one(state, 'contactName')} error={errors.contactName} autocomplete="name" />
            <TextField name="contactEmail" label={f.contactEmail} value={one(state, 'contactEmail')} error={errors.contactEmail} type="email" autocomplete="email" />
            <SelectField name="language" label={f.language} value={one(state, 'language') || ctx.lang} error={errors.language} options={opts(LANGUAGES, cm.language)} />
          </div>
        </section>
        <div class="form-actions">
          <button type="submit" class="ds-button" data-variant="primary">
            {submitLabel}
          </button>
          <a class="ds-link" href={view.mode === 'create' ? '/challenges' : `/challenges/${view.id}`}>
            {cm.cancel}
          </a>
        </div>
      </form>
    </Layout>
  );
}

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
      <p class="ds-paragraph">
        <a class="ds-link" href="/challenges">
          {cm.title}
        </a>
      </p>
      <h1 class="ds-heading" data-size="lg" lang={c.language !== lang ? c.language : undefined}>
        {c.title}
      </h1>
      <p class="case-meta">
        <StateTag state={c.state} cm={cm} />
        {c.outcome ? ` ${cm.outcomes[c.outcome as keyof ChallengeMessages['outcomes']]}` : ''}
        {c.mergedInto ? (
          <>
            {' '}
            <a class="ds-link" href={`/challenges/${c.mergedInto.id}`}>
              {c.mergedInto.title}
            </a>
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
      <p class="ds-paragraph" data-testid="owners">
        {cm.owners}:{' '}
        {[{ orgnr: c.ownerOrgnr, name: c.ownerName }, ...c.coOwners].map((o, i) => (
          <>
            {i > 0 ? ', ' : ''}
            <OrgLink orgnr={o.orgnr} name={o.name} />
          </>
        ))}
      </p>
      {view.sections.heading}
      {view.removableCoOwners.length ? (
        <ul class="plain-list actions-row">
          {c.coOwners
            .filter((o) => o.orgnr && view.removableCoOwners.includes(o.orgnr))
            .map((o) => (
              <li>
                <form method="post" action={`/challenges/${c.id}/co-owners/${o.orgnr}/remove`} class="inline-form">
                  <CsrfField token={ctx.csrfToken} />
                  <button type="submit" class="ds-button" data-variant="tertiary" data-size="sm">
                    {cm.removeCoOwner(o.name)}
                  </button>
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
                <a class="ds-link" href={`/cases/${r.caseId}`}>
                  {r.caseTitle}
                </a>{' '}
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
            <dd>{c.contact_email ? <a class="ds-link" href={`mailto:${c.contact_email}`}>{c.contact_email}</a> : '–'}</dd>
          </dl>
        ) : (
          <p class="ds-paragraph">{cm.contactHidden}</p>
        )}
      </Section>

      <Section id="s-timeline" title={cm.sections.timeline}>
        <ol class="plain-list" data-testid="timeline">
          {c.stateChanges.map((s) => (
            <li>
              <p class="ds-paragraph">
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
                    <a class="ds-link" href={`/challenges/${s.mergedIntoId}`}>
                      {s.mergedIntoTitle ?? cm.challengeNumber(s.mergedIntoId)}
                    </a>
                  </>
                ) : null}
              </p>
              {s.reason ? (
                <p class="ds-paragraph" data-size="sm" lang={c.language !== lang ? c.language : undefined}>
                  {s.reason}
                </p>
              ) : null}
            </li>
          ))}
        </ol>
        {view.canChangeState && nextStates.length ? (
          <form method="post" action={`/challenges/${c.id}/state`} novalidate class="stack narrow" aria-labelledby="s-change-state">
            <h3 class="ds-heading" data-size="xs" id="s-change-state">
              {cm.sections.changeState}
            </h3>
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
              <button type="submit" class="ds-button" data-variant="primary">
                {cm.changeStateSubmit}
              </button>
            </div>
          </form>
        ) : null}
      </Section>

      {requests.length ? (
        <Section id="s-requests" title={cm.requests.title}>
          <p class="ds-paragraph" data-size="sm">
            {cm.requests.lead}
          </p>
          <ul class="plain-list" data-testid="requests">
            {requests.map((r) => (
              <li class="ds-card" data-color="neutral" data-kind={r.kind}>
                <p class="ds-paragraph">
                  <OrgLink orgnr={r.orgnr} name={r.orgName} /> {r.kind === 'same_need' ? cm.requests.asksToJoin : cm.requests.asksToLink}
                  {r.caseId ? (
                    <>
                      {': '}
                      <a class="ds-link" href={`/cases/${r.caseId}`}>
                        {r.caseTitle}
                      </a>
                    </>
                  ) : null}
                </p>
                <div class="actions-row">
                  {(['accept', 'decline'] as const).map((d) => (
                    <form method="post" action={`/challenges/${c.id}/responses/${r.id}/${d}`} class="inline-form">
                      <CsrfField token={ctx.csrfToken} />
                      <button type="submit" class="ds-button" data-variant={d === 'accept' ? 'primary' : 'secondary'} data-size="sm">
                        {cm.requests[d]}
                        <span class="ds-sr-only">: {r.orgName}</span>
                      </button>
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
          <p class="ds-paragraph">{cm.noResponses}</p>
        ) : (
          <ul class="plain-list" data-testid="responses">
            {view.responses.map((r) => (
              <li class="ds-card" data-color="neutral" data-kind={r.kind}>
                <p class="ds-paragraph">
                  <span class="ds-tag" data-color={r.kind === 'proposal' ? 'accent' : r.kind === 'solved' ? 'success' : 'info'}>
                    {cm.kinds[r.kind]}
                  </span>{' '}
                  <OrgLink orgnr={r.orgnr} name={r.orgName} />
                  {r.coOwner && r.kind === 'same_need' ? ` (${cm.joinedAsCoOwner})` : ''} · <DateText lang={lang} date={osloDay(r.createdAt)} />
                </p>
                {!r.public ? (
                  <p class="ds-paragraph" data-size="sm">
                    <span class="ds-tag" data-color="warning">
                      {cm.privateProposal}
                    </span>
                  </p>
                ) : null}
                {r.requestStatus && r.requestStatus !== 'accepted' ? (
                  <p class="ds-paragraph" data-size="sm" data-testid="request-status">
                    {r.kind === 'same_need' ? cm.requests.asksToJoin : cm.requests.asksToLink}:{' '}
                    <span class="ds-tag" data-color={r.requestStatus === 'pending' ? 'info' : 'neutral'}>
                      {cm.requests.status[r.requestStatus]}
                    </span>
                  </p>
                ) : null}
                {r.caseId ? (
                  <p class="ds-paragraph">
                    {cm.responseCase}:{' '}
                    <a class="ds-link" href={`/cases/${r.caseId}`}>
                      {r.caseTitle}
                    </a>
                  </p>
                ) : null}
                {r.body ? <Prose text={r.body} lang={lang} textLang={lang} /> : null}
                {r.senderName ? (
                  <p class="ds-paragraph" data-size="sm">
                    {cm.sentBy} {r.senderName}
                    {r.senderEmail ? (
                      <>
                        {' '}
                        (<a class="ds-link" href={`mailto:${r.senderEmail}`}>{r.senderEmail}</a>)
                      </>
                    ) : null}
                  </p>
                ) : null}
                {r.canShare && c.coOwners.length ? (
                  <form method="post" action={`/challenges/${c.id}/responses/${r.id}/share`} class="inline-form">
                    <CsrfField token={ctx.csrfToken} />
                    <p class="ds-paragraph" data-size="sm">
                      {cm.shareHint}
                    </p>
                    <button type="submit" class="ds-button" data-variant="tertiary" data-size="sm">
                      {cm.share}
                    </button>
                  </form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section id="s-respond" title={cm.sections.respond}>
        {isClosed ? (
          <p class="ds-paragraph">{cm.closedNoResponses}</p>
        ) : !view.respond.signedIn ? (
          <p class="ds-paragraph">
            <a class="ds-link" href={`/signin?next=${encodeURIComponent(`/challenges/${c.id}`)}`}>
              {cm.signInToRespond}
            </a>
          </p>
        ) : view.respond.solved.length === 0 ? (
          <p class="ds-paragraph">{cm.needOrgToRespond}</p>
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
                <p class="ds-paragraph" data-size="sm">
                  {cm.f.proposalPublicHint}
                </p>
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
      <h3 class="ds-heading" data-size="xs" id={headingId}>
        {props.heading}
      </h3>
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
        <button type="submit" class="ds-button" data-variant="primary">
          {props.submit}
        </button>
      </div>
    </form>
  );
}
