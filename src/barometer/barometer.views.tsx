import type { ComponentChildren } from 'preact';
import { formatNumber, LANGS, type Lang } from '../i18n/index.js';
import type { ViewContext } from '../ui/context.js';
import { CsrfField, ErrorSummary, SelectField, TextArea, TextField, fieldId, type FormErrors } from '../ui/forms.js';
import { Layout } from '../ui/layout.js';
import { barometerMessages } from './barometer.messages.js';
import type { InvitationListRow } from './barometer.queries.js';
import type { RateItem, RoundWithState } from './barometer.service.js';
import { osloToday } from './barometer.validation.js';

const dayFormats: Record<Lang, Intl.DateTimeFormat> = {
  nb: new Intl.DateTimeFormat('nb-NO', { dateStyle: 'long', timeZone: 'UTC' }),
  nn: new Intl.DateTimeFormat('nn-NO', { dateStyle: 'long', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }),
};

function Day({ lang, date }: { lang: Lang; date: string }) {
  return <time dateTime={date}>{dayFormats[lang].format(new Date(`${date}T00:00:00Z`))}</time>;
}

/** Each language named in itself, as a language menu does. */
const LANG_NAMES: Record<Lang, string> = { nb: 'Norsk bokmål', nn: 'Norsk nynorsk', en: 'English' };

const percent = (lang: Lang, share: number) => `${formatNumber(lang, Math.round(share * 1000) / 10)} %`;

function Heading({ children }: { children: ComponentChildren }) {
  return (
    <h1 class="ds-heading" data-size="lg">
      {children}
    </h1>
  );
}

// ---------- rounds ----------

export interface RoundsView {
  rounds: RoundWithState[];
  canOpen: boolean;
  /** Organisations the viewer invites for (org admins). */
  adminOrgs: { orgnr: string; name: string }[];
  canSeeRates: boolean;
  form: { state: Record<string, string>; errors: FormErrors };
}

const ROUND_FORM_ORDER = ['title', 'key', 'year', 'periodFrom', 'periodTo', 'opensOn', 'closesOn'];

export function RoundsPage({ ctx, view }: { ctx: ViewContext; view: RoundsView }) {
  const { lang } = ctx;
  const bm = barometerMessages(lang);
  const { state, errors } = view.form;
  const labels: Record<string, string> = { title: bm.f.title, key: bm.f.key, year: bm.f.year, periodFrom: bm.f.periodFrom, periodTo: bm.f.periodTo, opensOn: bm.f.opensOn, closesOn: bm.f.closesOn };
  const ordered = Object.fromEntries(ROUND_FORM_ORDER.filter((k) => errors[k]).map((k) => [k, errors[k]!]));
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <Layout ctx={ctx} title={hasErrors ? `${ctx.m.errors.title}: ${bm.roundsTitle}` : bm.roundsTitle}>
      <ErrorSummary errors={ordered} m={ctx.m} labels={labels} />
      <Heading>{bm.roundsTitle}</Heading>
      <p class="ds-paragraph" data-variant="long">
        {bm.roundsLead}
      </p>
      {view.rounds.length === 0 ? (
        <p class="ds-paragraph">{bm.noRounds}</p>
      ) : (
        <div class="table-scroll">
          <table class="ds-table" data-testid="rounds">
            <caption class="ds-sr-only">{bm.roundsTitle}</caption>
            <thead>
              <tr>
                <th scope="col">{bm.round}</th>
                <th scope="col">{bm.period}</th>
                <th scope="col">{bm.opens}</th>
                <th scope="col">{bm.closes}</th>
                <th scope="col">{bm.state}</th>
              </tr>
            </thead>
            <tbody>
              {view.rounds.map((r) => (
                <tr>
                  <td>
                    {r.title}
                    <ul class="ds-list" data-size="sm">
                      <li>
                        <a class="ds-link" href={`/barometer/rounds/${r.id}/statistics`}>
                          {bm.statistics}
                          <span class="ds-sr-only">: {r.title}</span>
                        </a>
                      </li>
                      {view.canSeeRates ? (
                        <li>
                          <a class="ds-link" href={`/barometer/rounds/${r.id}/response-rates`}>
                            {bm.responseRates}
                            <span class="ds-sr-only">: {r.title}</span>
                          </a>
                        </li>
                      ) : null}
                      {r.state !== 'closed'
                        ? view.adminOrgs.map((o) => (
                            <li>
                              <a class="ds-link" href={`/barometer/rounds/${r.id}/invitations/${o.orgnr}`}>
                                {bm.invitationsFor(o.name)}
                                <span class="ds-sr-only">: {r.title}</span>
                              </a>
                            </li>
                          ))
                        : null}
                    </ul>
                  </td>
                  <td>
                    <Day lang={lang} date={r.periodFrom} /> – <Day lang={lang} date={r.periodTo} />
                  </td>
                  <td>
                    <Day lang={lang} date={r.opensOn} />
                  </td>
                  <td>
                    <Day lang={lang} date={r.closesOn} />
                  </td>
                  <td>{bm.roundState[r.state]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {view.canOpen ? (
        <section class="form-section" aria-labelledby="s-open-round">
          <h2 class="ds-heading" data-size="sm" id="s-open-round">
            {bm.openRound}
          </h2>
          <form method="post" action="/barometer/rounds" novalidate class="case-form">
            <CsrfField token={ctx.csrfToken} />
            <div class="stack">
              <TextField name="title" label={bm.f.title} hint={bm.f.titleHint} value={state.title} error={errors.title} required />
              <TextField name="key" label={bm.f.key} hint={bm.f.keyHint} value={state.key} error={errors.key} />
              <TextField name="year" label={bm.f.year} value={state.year} error={errors.year} inputMode="numeric" size={6} required />
              <TextField name="periodFrom" label={bm.f.periodFrom} hint={bm.f.periodHint} value={state.periodFrom} error={errors.periodFrom} required />
              <TextField name="periodTo" label={bm.f.periodTo} value={state.periodTo} error={errors.periodTo} required />
              <TextField name="opensOn" label={bm.f.opensOn} value={state.opensOn} error={errors.opensOn} required />
              <TextField name="closesOn" label={bm.f.closesOn} value={state.closesOn} error={errors.closesOn} required />
            </div>
            <div class="form-actions">
              <button type="submit" class="ds-button" data-variant="primary">
                {bm.openRound}
              </button>
            </div>
          </form>
        </section>
      ) : null}
    </Layout>
  );
}

// ---------- invitations ----------

export interface InvitationsView {
  round: RoundWithState;
  org: { orgnr: string; name: string };
  /** The workplaces invited, without anything that tells those who answered apart. */
  invitations: InvitationListRow[];
  counts: { invited: number; answered: number };
  state: { workplaces: string; language: string };
  errors: FormErrors;
  /** One entry per wrong line, each already worded ("Line 3 has an invalid e-mail address."). */
  lineErrors: string[];
}

export function InvitationsPage({ ctx, view }: { ctx: ViewContext; view: InvitationsView }) {
  const { lang } = ctx;
  const bm = barometerMessages(lang);
  const heading = `${bm.invitationsFor(view.org.name)}: ${view.round.title}`;
  const { invited, answered } = view.counts;
  const errors: FormErrors = { ...view.errors };
  const hasErrors = Object.keys(errors).length > 0 || view.lineErrors.length > 0;
  const base = `/barometer/rounds/${view.round.id}/invitations/${view.org.orgnr}`;
  const fieldError = errors.workplaces ?? (view.lineErrors.length ? view.lineErrors.join(' ') : undefined);
  return (
    <Layout ctx={ctx} title={hasErrors ? `${ctx.m.errors.title}: ${heading}` : heading}>
      {view.lineErrors.length ? (
        <div class="ds-error-summary" tabIndex={-1} data-error-summary="" role="alert" aria-labelledby="error-summary-heading">
          <h2 id="error-summary-heading" class="ds-heading" data-size="xs">
            {ctx.m.form.errorSummary}
          </h2>
          <ul class="ds-list">
            {view.lineErrors.map((e) => (
              <li>
                <a class="ds-link" href={`#${fieldId('workplaces')}`}>
                  {bm.f.workplaces}: {e}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <ErrorSummary errors={errors} m={ctx.m} labels={{ workplaces: bm.f.workplaces, language: bm.f.language }} />
      )}
      <p class="ds-paragraph">
        <a class="ds-link" href="/barometer/rounds">
          {bm.roundsTitle}
        </a>
      </p>
      <Heading>{heading}</Heading>
      <p class="ds-paragraph">
        {bm.closes}: <Day lang={lang} date={view.round.closesOn} /> · {bm.state}: {bm.roundState[view.round.state]}
      </p>
      <p class="ds-paragraph" role="status" data-testid="rate">
        {bm.rate}: {formatNumber(lang, answered)} / {formatNumber(lang, invited)}
        {invited ? ` (${percent(lang, answered / invited)})` : ''}
      </p>
      {view.round.state === 'closed' ? (
        <p class="ds-paragraph">{bm.roundClosedNoChanges}</p>
      ) : (
        <section class="form-section" aria-labelledby="s-invite">
          <h2 class="ds-heading" data-size="sm" id="s-invite">
            {bm.manageInvitations}
          </h2>
          <form method="post" action={base} novalidate class="case-form">
            <CsrfField token={ctx.csrfToken} />
            <div class="stack">
              <TextArea name="workplaces" label={bm.f.workplaces} hint={bm.f.workplacesHint} value={view.state.workplaces} error={fieldError} rows={8} required />
              <SelectField
                name="language"
                label={bm.f.language}
                value={view.state.language}
                error={errors.language}
                options={LANGS.map((l) => ({ value: l, label: LANG_NAMES[l] }))}
              />
            </div>
            <div class="form-actions">
              <button type="submit" class="ds-button" data-variant="primary">
                {bm.send}
              </button>
            </div>
          </form>
        </section>
      )}
      <section class="case-section" aria-labelledby="s-invitations">
        <h2 class="ds-heading" data-size="sm" id="s-invitations">
          {bm.invitations}
        </h2>
        {view.invitations.length === 0 ? (
          <p class="ds-paragraph">{bm.noInvitations}</p>
        ) : (
          <>
            <p class="ds-paragraph">{bm.whoAnsweredHidden}</p>
            <div class="table-scroll">
              <table class="ds-table" data-testid="invitations">
                <caption class="ds-sr-only">{bm.invitations}</caption>
                <thead>
                  <tr>
                    <th scope="col">{bm.unit}</th>
                    <th scope="col">{bm.email}</th>
                    <th scope="col">{bm.sent}</th>
                  </tr>
                </thead>
                <tbody>
                  {view.invitations.map((i) => (
                    <tr>
                      <td>{i.unitName}</td>
                      <td class="break-anywhere">{i.email}</td>
                      <td>{i.sentAt ? <Day lang={lang} date={osloToday(i.sentAt)} /> : bm.no}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
        {view.round.state === 'open' && answered < invited ? (
          <form method="post" action={`${base}/reminders`} class="form-actions">
            <CsrfField token={ctx.csrfToken} />
            <button type="submit" class="ds-button" data-variant="secondary">
              {bm.sendReminders}
            </button>
          </form>
        ) : null}
      </section>
    </Layout>
  );
}

// ---------- response rates ----------

export function RatesPage({ ctx, round, items, total }: { ctx: ViewContext; round: RoundWithState; items: RateItem[]; total: { invited: number; answered: number } }) {
  const { lang } = ctx;
  const bm = barometerMessages(lang);
  const heading = bm.responseRatesFor(round.title);
  return (
    <Layout ctx={ctx} title={heading}>
      <p class="ds-paragraph">
        <a class="ds-link" href="/barometer/rounds">
          {bm.roundsTitle}
        </a>
      </p>
      <Heading>{heading}</Heading>
      {items.length === 0 ? (
        <p class="ds-paragraph">{bm.noInvitations}</p>
      ) : (
        <div class="table-scroll">
          <table class="ds-table" data-testid="rates">
            <caption class="ds-sr-only">{heading}</caption>
            <thead>
              <tr>
                <th scope="col">{bm.organisation}</th>
                <th scope="col">{bm.invited}</th>
                <th scope="col">{bm.answered}</th>
                <th scope="col">{bm.rate}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr>
                  <th scope="row">
                    {r.orgnr ? (
                      <a class="ds-link" href={`/barometer/rounds/${round.id}/invitations/${r.orgnr}`}>
                        {r.name}
                      </a>
                    ) : (
                      r.name
                    )}
                  </th>
                  <td>{formatNumber(lang, r.invited)}</td>
                  <td>{formatNumber(lang, r.answered)}</td>
                  <td>{percent(lang, r.rate)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">Σ</th>
                <td>{formatNumber(lang, total.invited)}</td>
                <td>{formatNumber(lang, total.answered)}</td>
                <td>{total.invited ? percent(lang, total.answered / total.invited) : '–'}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </Layout>
  );
}
