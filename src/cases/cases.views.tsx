import type { VNode } from 'preact';
import { formatDateTime, formatNumber, type Lang } from '../i18n/index.js';
import { Checkbox, ChoiceGroup } from '../ui/choices.js';
import type { ViewContext } from '../ui/context.js';
import { CsrfField, ErrorSummary, Pagination, SelectField, TextArea, TextField, type FormErrors, type Option } from '../ui/forms.js';
import { Layout } from '../ui/layout.js';
import { ACTOR_TYPES, BENEFIT_CATEGORIES, CASE_TYPES, INITIATORS, LANGUAGES, NOVELTIES, STAGES, STATUSES, TRIAL_DECISIONS, TRIAL_RESULTS, VISIBILITIES } from './cases.model.js';
import { BENEFIT_ROWS, LINK_ROWS, PARTNER_ROWS, many, one, rowCount, type FormState } from './cases.form.js';
import { caseMessages, type CaseMessages } from './cases.messages.js';
import { themeLabel } from './cases.present.js';
import { partnerMessages } from '../partners/partners.messages.js';
import type { CaseDetailRow, CaseListItem, LineageNode } from './cases.queries.js';
import { CommentsSection, type CommentSectionData } from '../comments/comments.views.js';
import { FollowButton, type FollowState } from '../notifications/notifications.views.js';
import { FeedLinks } from '../opendata/opendata.views.js';

const opts = <K extends string>(keys: readonly K[], labels: Record<K, string>): Option[] => keys.map((k) => ({ value: k, label: labels[k] }));

function StatusTag({ status, cm }: { status: string; cm: CaseMessages }) {
  const color = status === 'in_use' ? 'success' : status === 'stopped' ? 'warning' : status === 'archived' ? 'neutral' : 'info';
  return (
    <span class="ds-tag" data-color={color}>
      {cm.statuses[status as keyof CaseMessages['statuses']] ?? status}
    </span>
  );
}

// ---------- list ----------

export interface CaseListView {
  items: CaseListItem[];
  total: number;
  page: number;
  perPage: number;
  heading: string;
  canCreate: boolean;
  status: string;
}

export function CaseListPage({ ctx, view }: { ctx: ViewContext; view: CaseListView }) {
  const { lang } = ctx;
  const cm = caseMessages(lang);
  const totalPages = Math.max(1, Math.ceil(view.total / view.perPage));
  return (
    <Layout ctx={ctx} title={view.heading} section="cases" head={<FeedLinks lang={ctx.lang} which="cases" />}>
      <h1 class="ds-heading" data-size="lg">
        {view.heading}
      </h1>
      <p class="ds-paragraph" data-variant="long">
        {cm.lead}
      </p>
      <p class="ds-paragraph actions-row">
        {view.canCreate ? (
          <a class="ds-button" data-variant="primary" href="/cases/new">
            {cm.newCase}
          </a>
        ) : null}{' '}
        <a class="ds-link" href="/trials">
          {cm.trialsTitle}
        </a>
      </p>
      <form method="get" class="filter-form" role="search">
        <SelectField name="status" label={cm.filterStatus} value={view.status} options={[{ value: '', label: cm.all }, ...opts(STATUSES, cm.statuses)]} />
        <div class="filter-form__submit">
          <button type="submit" class="ds-button" data-variant="secondary">
            {cm.show}
          </button>
        </div>
      </form>
      <p class="ds-paragraph" role="status">
        {cm.count(formatNumber(lang, view.total))}
      </p>
      {view.items.length === 0 ? <p class="ds-paragraph">{cm.none}</p> : <CaseCards items={view.items} lang={lang} />}
      <Pagination m={ctx.m} url={ctx.url} page={view.page} totalPages={totalPages} />
    </Layout>
  );
}

export function CaseCards({ items, lang }: { items: CaseListItem[]; lang: Lang }) {
  const cm = caseMessages(lang);
  return (
    <ul class="case-list">
      {items.map((c) => (
        // A neutral card (in the accent colour the summary read as one more link); the title link
        // keeps the accent colour, so it still looks like the one link it is.
        <li class="ds-card case-card" data-color="neutral">
          <h2 class="ds-heading" data-size="xs">
            <a class="ds-link" data-color="accent" href={`/cases/${c.id}`}>
              {c.title}
            </a>
          </h2>
          <p class="case-card__meta">
            {c.ownerName} · <StatusTag status={c.status} cm={cm} />
            {c.publishedAt ? null : (
              <>
                {' '}
                <span class="ds-tag" data-color="neutral">
                  {cm.draft}
                </span>
              </>
            )}
            {c.source === 'demo' ? (
              <>
                {' '}
                <span class="ds-tag" data-color="accent">
                  {cm.demo}
                </span>
              </>
            ) : null}
            {c.adoptionCount > 0 ? <> · {cm.adopters(formatNumber(lang, c.adoptionCount))}</> : null}
          </p>
          <p class="ds-paragraph" data-size="sm" lang={c.language !== lang ? c.language : undefined}>
            {c.summary}
          </p>
        </li>
      ))}
    </ul>
  );
}

// ---------- form ----------

export interface CaseFormView {
  mode: 'create' | 'edit';
  caseId?: string;
  state: FormState;
  errors: FormErrors;
  ownerOptions: Option[];
  themePicker: VNode;
  /** "Someone already did this" (search feature), shown after the basics. */
  hint?: VNode | null;
}

function Section({ id, title, children }: { id: string; title: string; children: preact.ComponentChildren }) {
  return (
    <section class="form-section" aria-labelledby={`section-${id}`}>
      <h2 class="ds-heading" data-size="sm" id={`section-${id}`}>
        {title}
      </h2>
      <div class="stack">{children}</div>
    </section>
  );
}

/** Labels for the error summary, so each entry says which field it is about. */
function summaryLabels(cm: CaseMessages, errors: FormErrors): Record<string, string> {
  const f = cm.f as unknown as Record<string, string | ((n: string) => string)>;
  const labels: Record<string, string> = {};
  for (const name of Object.keys(errors)) {
    const row = /^(partners|benefits|links)\.(\d+)\.(\w+)$/.exec(name);
    if (row) {
      const [, group, index, field] = row;
      const n = String(Number(index) + 1);
      const heading = group === 'partners' ? cm.f.partnerN(n) : group === 'benefits' ? cm.f.benefitN(n) : cm.f.linkN(n);
      const key = group === 'partners' ? { name: 'partnerName', orgnr: 'partnerOrgnr', actorType: 'partnerType' }[field!] : group === 'benefits' ? `benefit${field![0]!.toUpperCase()}${field!.slice(1)}` : field === 'url' ? 'linkUrl' : 'linkLabel';
      const label = key ? f[key] : undefined;
      labels[name] = `${heading} – ${typeof label === 'string' ? label : field}`;
    } else if (name === 'themes') labels[name] = cm.sections.themes;
    else {
      const label = f[name];
      if (typeof label === 'string') labels[name] = label;
    }
  }
  return labels;
}

/**
 * The case form's fields in the order they are shown. The service reports rules across fields
 * (at least one type, one theme) after the fields themselves; the summary lists them top to bottom,
 * as a reader fixing them will meet them (GOV.UK error summary).
 */
const FORM_ORDER = [
  'ownerOrgnr', 'title', 'summary', 'problem', 'types', 'themes', 'whatIsNew', 'novelty', 'noveltySourceCaseId', 'noveltySourceText', 'stage', 'status',
  'takenIntoUseOn', 'stoppedReason', 'initiators', 'coOwners', 'partners', 'lookingForPartners', 'partnerNeeds', 'benefits', 'evaluated', 'evaluationHow', 'evaluationLink', 'activelySpread',
  'spreadHow', 'challenges', 'lessons', 'successConditions', 'howToReplicate', 'costNok', 'fundingSources', 'links', 'contactName', 'contactEmail',
  'contactPhone', 'visibility', 'language',
];
const ROW_FIELDS: Record<string, string[]> = {
  partners: ['name', 'orgnr', 'actorType'],
  benefits: ['category', 'realised', 'value', 'unit', 'description', 'method'],
  links: ['url', 'label'],
};

function inFormOrder(errors: FormErrors): FormErrors {
  const position = (name: string): number[] => {
    const row = /^(partners|benefits|links)\.(\d+)\.(\w+)$/.exec(name);
    if (row) return [FORM_ORDER.indexOf(row[1]!), Number(row[2]), ROW_FIELDS[row[1]!]!.indexOf(row[3]!)];
    const i = FORM_ORDER.indexOf(name);
    return [i < 0 ? FORM_ORDER.length : i, 0, 0];
  };
  const compare = (a: number[], b: number[]) => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!;
  return Object.fromEntries(Object.entries(errors).sort(([a], [b]) => compare(position(a), position(b))));
}

export function CaseFormPage({ ctx, view }: { ctx: ViewContext; view: CaseFormView }) {
  const cm = caseMessages(ctx.lang);
  const { state, errors } = view;
  const f = cm.f;
  const title = view.mode === 'create' ? cm.newCase : `${cm.edit}: ${one(state, 'title')}`;
  const action = view.mode === 'create' ? '/cases/new' : `/cases/${view.caseId}/edit`;
  const text = (name: string, label: string, extra: { hint?: string; type?: 'text' | 'email' | 'url' | 'date'; required?: boolean; inputMode?: 'numeric' } = {}) => (
    <TextField name={name} label={label} value={one(state, name)} error={errors[name]} hint={extra.hint} type={extra.type} required={extra.required} inputMode={extra.inputMode} />
  );
  const area = (name: string, label: string, hint?: string, rows = 4, required = false) => (
    <TextArea name={name} label={label} value={one(state, name)} error={errors[name]} hint={hint} rows={rows} required={required} />
  );
  const yesNo = (name: string, label: string) => (
    <ChoiceGroup
      type="radio"
      inline
      name={name}
      legend={label}
      error={errors[name]}
      checked={[one(state, name) || 'unknown']}
      options={[
        { value: 'yes', label: f.yes },
        { value: 'no', label: f.no },
        { value: 'unknown', label: f.unknown },
      ]}
    />
  );
  const partnerRows = rowCount(state, 'partners', PARTNER_ROWS);
  const benefitRows = rowCount(state, 'benefits', BENEFIT_ROWS);
  const linkRows = rowCount(state, 'links', LINK_ROWS);
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <Layout ctx={ctx} title={hasErrors ? `${ctx.m.errors.title}: ${title}` : title} section="cases">
      <ErrorSummary errors={inFormOrder(errors)} m={ctx.m} labels={summaryLabels(cm, errors)} />
      <h1 class="ds-heading" data-size="lg">
        {title}
      </h1>
      <p class="ds-paragraph case-form__intro" data-variant="long">
        {cm.requiredIntro}
        {view.mode === 'create' ? ` ${cm.draftIntro}` : ''}
      </p>
      <form method="post" action={action} novalidate class="case-form">
        <CsrfField token={ctx.csrfToken} />
        {/* The first submit button in a form is the one Enter presses: make it «save», not the
            theme picker's «search themes». Hidden from sight and from the tab order; the visible
            save button is at the end. */}
        <button type="submit" class="ds-sr-only" tabIndex={-1} aria-hidden="true">
          {view.mode === 'create' ? cm.saveDraft : cm.save}
        </button>
        <Section id="basics" title={cm.sections.basics}>
          {view.mode === 'create' && view.ownerOptions.length > 1 ? (
            <SelectField name="ownerOrgnr" label={f.ownerOrgnr} value={one(state, 'ownerOrgnr')} error={errors.ownerOrgnr} options={[{ value: '', label: f.choose }, ...view.ownerOptions]} required />
          ) : null}
          {text('title', f.title, { required: true })}
          {area('summary', f.summary, f.summaryHint, 3, true)}
          {area('problem', f.problem)}
          <ChoiceGroup type="checkbox" name="types" legend={f.types} hint={f.typesHint} error={errors.types} checked={many(state, 'types')} options={opts(CASE_TYPES, cm.types)} />
        </Section>
        {view.hint ?? null}
        {/* A section of its own: the tree of themes is long, and under «about the innovation» it
            pushed everything after it a screen or three down without a heading to say why. */}
        <Section id="themes" title={cm.sections.themes}>
          {view.themePicker}
        </Section>
        <Section id="novelty" title={cm.sections.novelty}>
          {area('whatIsNew', f.whatIsNew)}
          <ChoiceGroup type="radio" name="novelty" legend={f.novelty} error={errors.novelty} checked={[one(state, 'novelty')]} options={opts(NOVELTIES, cm.novelties)} />
          {text('noveltySourceCaseId', f.noveltySourceCaseId, { inputMode: 'numeric' })}
          {text('noveltySourceText', f.noveltySourceText)}
        </Section>
        <Section id="stage" title={cm.sections.stageStatus}>
          <SelectField
            name="stage"
            label={f.stage}
            value={one(state, 'stage')}
            error={errors.stage}
            options={[{ value: '', label: f.choose }, ...STAGES.map((s) => ({ value: s, label: `${cm.stages[s]} (${cm.ksLabel}: ${cm.ksPhases[s]})` }))]}
          />
          <SelectField name="status" label={f.status} value={one(state, 'status') || 'active'} error={errors.status} options={opts(STATUSES, cm.statuses)} />
          {text('takenIntoUseOn', f.takenIntoUseOn)}
          {area('stoppedReason', f.stoppedReason, f.stoppedReasonHint, 3)}
        </Section>
        <Section id="people" title={cm.sections.people}>
          <ChoiceGroup type="checkbox" name="initiators" legend={f.initiators} error={errors.initiators} checked={many(state, 'initiators')} options={opts(INITIATORS, cm.initiators)} />
          {text('coOwners', f.coOwners, { hint: f.coOwnersHint })}
          {Array.from({ length: partnerRows }, (_, i) => (
            <fieldset class="ds-fieldset row-group">
              <legend class="ds-label">{f.partnerN(String(i + 1))}</legend>
              <div class="row-fields">
                {text(`partners.${i}.name`, f.partnerName)}
                {text(`partners.${i}.orgnr`, f.partnerOrgnr, { inputMode: 'numeric' })}
                <SelectField
                  name={`partners.${i}.actorType`}
                  label={f.partnerType}
                  value={one(state, `partners.${i}.actorType`)}
                  error={errors[`partners.${i}.actorType`]}
                  options={[{ value: '', label: f.choose }, ...opts(ACTOR_TYPES, cm.actorTypes)]}
                />
              </div>
            </fieldset>
          ))}
          <Checkbox name="lookingForPartners" label={partnerMessages(ctx.lang).caseLookingForPartners} checked={one(state, 'lookingForPartners') === 'true'} />
          <ChoiceGroup
            type="checkbox"
            name="partnerNeeds"
            legend={partnerMessages(ctx.lang).casePartnerNeeds}
            hint={partnerMessages(ctx.lang).casePartnerNeedsHint}
            error={errors.partnerNeeds}
            checked={many(state, 'partnerNeeds')}
            options={opts(ACTOR_TYPES, cm.actorTypes)}
          />
        </Section>
        <Section id="benefits" title={cm.sections.benefits}>
          {Array.from({ length: benefitRows }, (_, i) => (
            <fieldset class="ds-fieldset row-group">
              <legend class="ds-label">{f.benefitN(String(i + 1))}</legend>
              <div class="row-fields row-fields--two">
                <SelectField
                  name={`benefits.${i}.category`}
                  label={f.benefitCategory}
                  value={one(state, `benefits.${i}.category`)}
                  error={errors[`benefits.${i}.category`]}
                  options={[{ value: '', label: f.choose }, ...opts(BENEFIT_CATEGORIES, cm.benefitCategories)]}
                />
                <SelectField
                  name={`benefits.${i}.realised`}
                  label={f.benefitRealised}
                  value={one(state, `benefits.${i}.realised`)}
                  error={errors[`benefits.${i}.realised`]}
                  options={[
                    { value: '', label: f.choose },
                    { value: 'planned', label: f.planned },
                    { value: 'realised', label: f.realised },
                  ]}
                />
              </div>
              <div class="row-fields row-fields--two">
                {text(`benefits.${i}.value`, f.benefitValue, { inputMode: 'numeric' })}
                {text(`benefits.${i}.unit`, f.benefitUnit)}
              </div>
              {text(`benefits.${i}.description`, f.benefitDescription)}
              {text(`benefits.${i}.method`, f.benefitMethod)}
            </fieldset>
          ))}
        </Section>
        <Section id="evaluation" title={cm.sections.evaluation}>
          {yesNo('evaluated', f.evaluated)}
          {area('evaluationHow', f.evaluationHow, undefined, 3)}
          {text('evaluationLink', f.evaluationLink, { type: 'url' })}
          {yesNo('activelySpread', f.activelySpread)}
          {area('spreadHow', f.spreadHow, undefined, 3)}
        </Section>
        <Section id="learning" title={cm.sections.learning}>
          {area('challenges', f.challenges, f.challengesHint, 5)}
          {area('lessons', f.lessons, f.lessonsHint, 5)}
          {area('successConditions', f.successConditions)}
          {area('howToReplicate', f.howToReplicate)}
        </Section>
        <Section id="cost" title={cm.sections.cost}>
          {text('costNok', f.costNok, { inputMode: 'numeric' })}
          {text('fundingSources', f.fundingSources, { hint: f.fundingHint })}
        </Section>
        <Section id="links" title={cm.sections.links}>
          {Array.from({ length: linkRows }, (_, i) => (
            <fieldset class="ds-fieldset row-group">
              <legend class="ds-label">{f.linkN(String(i + 1))}</legend>
              <div class="row-fields">
                {text(`links.${i}.url`, f.linkUrl, { type: 'url' })}
                {text(`links.${i}.label`, f.linkLabel)}
              </div>
            </fieldset>
          ))}
          <p class="ds-paragraph" data-size="sm">
            {f.contactHint}
          </p>
          {text('contactName', f.contactName)}
          {text('contactEmail', f.contactEmail, { type: 'email' })}
          {text('contactPhone', f.contactPhone)}
        </Section>
        <Section id="publishing" title={cm.sections.publishing}>
          <ChoiceGroup type="radio" name="visibility" legend={f.visibility} error={errors.visibility} checked={[one(state, 'visibility') || 'public']} options={opts(VISIBILITIES, cm.visibilities)} />
          <SelectField name="language" label={f.language} value={one(state, 'language') || ctx.lang} error={errors.language} options={opts(LANGUAGES, cm.languages)} />
        </Section>
        <div class="form-actions">
          <button type="submit" class="ds-button" data-variant="primary">
            {view.mode === 'create' ? cm.saveDraft : cm.save}
          </button>
          <a class="ds-link" href={view.mode === 'create' ? '/cases/mine' : `/cases/${view.caseId}`}>
            {cm.cancel}
          </a>
        </div>
      </form>
    </Layout>
  );
}

// ---------- case page ----------

export interface CasePageView {
  row: CaseDetailRow;
  lineage: { up: LineageNode[]; down: LineageNode[] };
  canEdit: boolean;
  canPublish: boolean;
  canAdopt: boolean;
  canHandOver: boolean;
  canSeeContact: boolean;
  handOverOptions: Option[];
  adoptersMap: VNode | null;
  /** Similar cases (search feature). */
  similar?: VNode | null;
  /** Comments and questions (comments feature). */
  comments?: CommentSectionData | null;
  /** «Solves these challenges» (challenges feature). */
  solves?: VNode | null;
  /** Follow / unfollow (notifications feature); null when signed out or a draft. */
  follow?: FollowState | null;
  /** Extra <head> elements: schema.org JSON-LD on public cases (opendata feature). */
  head?: VNode | null;
}

function Prose({ text, lang, caseLang }: { text: string; lang: string; caseLang: string }) {
  return (
    <div class="prose" lang={caseLang !== lang ? caseLang : undefined}>
      {text.split(/\n{2,}/).map((p) => (
        <p class="ds-paragraph" data-variant="long">
          {p}
        </p>
      ))}
    </div>
  );
}

export function CasePage({ ctx, view }: { ctx: ViewContext; view: CasePageView }) {
  const { lang } = ctx;
  const cm = caseMessages(lang);
  const c = view.row;
  const f = cm.f;
  const published = c.published_at !== null;
  const prose = (heading: string, value: string | null) =>
    value ? (
      <>
        <h3 class="ds-heading" data-size="xs">
          {heading}
        </h3>
        <Prose text={value} lang={lang} caseLang={c.language} />
      </>
    ) : null;
  const yn = (b: boolean | null) => (b === true ? f.yes : b === false ? f.no : f.unknown);
  return (
    <Layout ctx={ctx} title={c.title} section="cases" head={view.head}>
      <p class="ds-paragraph">
        <a class="ds-link" href="/cases">
          {cm.title}
        </a>
      </p>
      {!published ? (
        <div class="ds-alert" data-color="warning">
          <p>{cm.draftNotice}</p>
        </div>
      ) : null}
      {c.source === 'demo' ? (
        <div class="ds-alert" data-color="info">
          <p>{cm.demoNotice}</p>
        </div>
      ) : null}
      <h1 class="ds-heading" data-size="lg" lang={c.language !== lang ? c.language : undefined}>
        {c.title}
      </h1>
      <p class="case-meta">
        <StatusTag status={c.status} cm={cm} /> {published ? null : <span class="ds-tag" data-color="neutral">{cm.draft}</span>}{' '}
        {cm.caseNumber(c.id)} ·{' '}
        {c.ownerOrgnr ? (
          <a class="ds-link" href={`/organisations/${c.ownerOrgnr}`}>
            {c.ownerName}
          </a>
        ) : (
          c.ownerName
        )}
        {c.coOwners.length ? (
          <>
            {' '}
            · {cm.coOwners}:{' '}
            {c.coOwners.map((o, i) => (
              <>
                {i > 0 ? ', ' : ''}
                {o.orgnr ? (
                  <a class="ds-link" href={`/organisations/${o.orgnr}`}>
                    {o.name}
                  </a>
                ) : (
                  o.name
                )}
              </>
            ))}
          </>
        ) : null}
      </p>
      {c.looking_for_partners ? (
        <p class="ds-paragraph" data-testid="looking-for-partners">
          <span class="ds-tag" data-color="success">
            {partnerMessages(lang).caseLookingBadge}
          </span>
          {c.partner_needs.length ? ` ${c.partner_needs.map((n) => cm.actorTypes[n as keyof CaseMessages['actorTypes']] ?? n).join(', ')}` : null}
        </p>
      ) : null}
      {view.solves ?? null}
      {published ? <FollowButton ctx={ctx} state={view.follow ?? null} label={c.title} returnTo={`/cases/${c.id}`} /> : null}
      <div class="actions-row">
        {view.canEdit ? (
          <a class="ds-button" data-variant="secondary" href={`/cases/${c.id}/edit`}>
            {cm.edit}
          </a>
        ) : null}
        {view.canPublish && !published ? (
          <form method="post" action={`/cases/${c.id}/publish`} class="inline-form">
            <CsrfField token={ctx.csrfToken} />
            <button type="submit" class="ds-button" data-variant="primary">
              {cm.publish}
            </button>
          </form>
        ) : null}
        {view.canAdopt ? (
          <a class="ds-button" data-variant="secondary" href={`/cases/${c.id}/adopt`}>
            {cm.adopt}
          </a>
        ) : null}
        <a class="ds-link" href={`/cases/${c.id}/history`}>
          {cm.historyLink}
        </a>
      </div>
      <p class="ds-paragraph lead" lang={c.language !== lang ? c.language : undefined}>
        {c.summary}
      </p>

      <section class="case-section" aria-labelledby="s-basics">
        <h2 class="ds-heading" data-size="sm" id="s-basics">
          {cm.sections.basics}
        </h2>
        <dl class="facts">
          <dt>{f.types}</dt>
          <dd>{c.types.map((t) => cm.types[t as keyof CaseMessages['types']] ?? t).join(', ') || '–'}</dd>
          <dt>{f.stage}</dt>
          <dd>{c.stage ? `${cm.stages[c.stage as keyof CaseMessages['stages']]} (${cm.ksLabel}: ${cm.ksPhases[c.stage as keyof CaseMessages['ksPhases']]})` : '–'}</dd>
          <dt>{f.status}</dt>
          <dd>
            {cm.statuses[c.status as keyof CaseMessages['statuses']]}
            {c.taken_into_use_on ? ` (${c.taken_into_use_on})` : ''}
          </dd>
          <dt>{f.novelty}</dt>
          <dd>
            {c.novelty ? cm.novelties[c.novelty as keyof CaseMessages['novelties']] : '–'}
            {c.noveltySource ? (
              <>
                {' – '}
                <a class="ds-link" href={`/cases/${c.noveltySource.caseId}`}>
                  {c.noveltySource.title}
                </a>
              </>
            ) : c.novelty_source_text ? (
              ` – ${c.novelty_source_text}`
            ) : null}
          </dd>
          <dt>{cm.sections.themes}</dt>
          <dd>{c.themes.map((t) => themeLabel(t, lang)).join(', ') || '–'}</dd>
          {c.initiators.length ? (
            <>
              <dt>{f.initiators}</dt>
              <dd>{c.initiators.map((i) => cm.initiators[i as keyof CaseMessages['initiators']] ?? i).join(', ')}</dd>
            </>
          ) : null}
          {c.partners.length ? (
            <>
              <dt>{f.partners}</dt>
              <dd>
                <ul class="plain-list">
                  {c.partners.map((p) => (
                    <li>
                      {p.orgnr ? (
                        <a class="ds-link" href={`/organisations/${p.orgnr}`}>
                          {p.name}
                        </a>
                      ) : (
                        p.name
                      )}{' '}
                      ({cm.actorTypes[p.actorType as keyof CaseMessages['actorTypes']]})
                    </li>
                  ))}
                </ul>
              </dd>
            </>
          ) : null}
        </dl>
        {prose(f.problem, c.problem)}
        {prose(f.whatIsNew, c.what_is_new)}
      </section>

      {c.benefits.length ? (
        <section class="case-section" aria-labelledby="s-benefits">
          <h2 class="ds-heading" data-size="sm" id="s-benefits">
            {cm.sections.benefits}
          </h2>
          <div class="table-scroll">
            <table class="ds-table case-table">
              <caption class="ds-sr-only">{cm.sections.benefits}</caption>
              <thead>
                <tr>
                  <th scope="col">{f.benefitCategory}</th>
                  <th scope="col">{f.benefitRealised}</th>
                  <th scope="col">{f.benefitDescription}</th>
                  <th scope="col">{f.benefitValue}</th>
                  <th scope="col">{f.benefitMethod}</th>
                </tr>
              </thead>
              <tbody>
                {c.benefits.map((b) => (
                  <tr>
                    <td>{cm.benefitCategories[b.category as keyof CaseMessages['benefitCategories']]}</td>
                    <td>{b.realised ? f.realised : f.planned}</td>
                    <td>{b.description || '–'}</td>
                    <td class="nowrap">{b.value !== null && b.value !== undefined ? `${formatNumber(lang, Number(b.value))} ${b.unit ?? ''}`.trim() : '–'}</td>
                    <td>{b.method || '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      <section class="case-section" aria-labelledby="s-learning">
        <h2 class="ds-heading" data-size="sm" id="s-learning">
          {cm.sections.learning}
        </h2>
        {c.status === 'stopped' ? prose(f.stoppedReason, c.stopped_reason) : null}
        {prose(f.challenges, c.challenges)}
        {prose(f.lessons, c.lessons)}
        {prose(f.successConditions, c.success_conditions)}
        {prose(f.howToReplicate, c.how_to_replicate)}
        <dl class="facts">
          <dt>{f.evaluated}</dt>
          <dd>
            {yn(c.evaluated)}
            {c.evaluation_how ? ` – ${c.evaluation_how}` : ''}
            {c.evaluation_link ? (
              <>
                {' '}
                <a class="ds-link" href={c.evaluation_link} rel="noopener noreferrer">
                  {f.evaluationLink}
                </a>
              </>
            ) : null}
          </dd>
          <dt>{f.activelySpread}</dt>
          <dd>
            {yn(c.actively_spread)}
            {c.spread_how ? ` – ${c.spread_how}` : ''}
          </dd>
          {c.cost_nok !== null ? (
            <>
              <dt>{f.costNok}</dt>
              <dd>{formatNumber(lang, Number(c.cost_nok))} kr</dd>
            </>
          ) : null}
          {c.funding_sources.length ? (
            <>
              <dt>{f.fundingSources.replace(/ \(.*\)$/, '')}</dt>
              <dd>{c.funding_sources.join(', ')}</dd>
            </>
          ) : null}
        </dl>
      </section>

      <section class="case-section" aria-labelledby="s-trials">
        <h2 class="ds-heading" data-size="sm" id="s-trials">
          {cm.sections.trials}
        </h2>
        {c.trials.length === 0 ? (
          <p class="ds-paragraph">{cm.trial.none}</p>
        ) : (
          <TrialsTable lang={lang} trials={c.trials.map((t) => ({ ...t, caseId: c.id, caseTitle: c.title, orgName: c.ownerName, orgnr: c.ownerOrgnr }))} showCase={false} />
        )}
        {view.canEdit ? (
          <p class="ds-paragraph">
            <a class="ds-link" href={`/cases/${c.id}/trials/new`}>
              {cm.addTrial}
            </a>
          </p>
        ) : null}
      </section>

      <section class="case-section" aria-labelledby="s-adoptions">
        <h2 class="ds-heading" data-size="sm" id="s-adoptions">
          {cm.sections.adoptions} ({formatNumber(lang, c.adoptions.length)})
        </h2>
        {c.adoptions.length === 0 ? (
          <p class="ds-paragraph">{cm.adoptersNone}</p>
        ) : (
          <ul class="plain-list adopters" data-testid="adopters">
            {c.adoptions.map((a) => (
              <li class="adopter">
                <p class="ds-paragraph">
                  {a.orgnr ? (
                    <a class="ds-link adopter__name" href={`/organisations/${a.orgnr}`}>
                      {a.name}
                    </a>
                  ) : (
                    <span class="adopter__name">{a.name}</span>
                  )}{' '}
                  <span class="case-meta">· {cm.adoptedOnDate(a.adoptedOn)}</span>
                </p>
                {a.changes || a.result || a.adopterCaseId ? (
                  <dl class="facts adopter__facts">
                    {a.changes ? (
                      <>
                        <dt>{cm.adoptionChanges}</dt>
                        <dd>{a.changes}</dd>
                      </>
                    ) : null}
                    {a.result ? (
                      <>
                        <dt>{cm.adoptionResult}</dt>
                        <dd>{a.result}</dd>
                      </>
                    ) : null}
                    {a.adopterCaseId ? (
                      <>
                        <dt>{cm.adoptionOwnCase}</dt>
                        <dd>
                          <a class="ds-link" href={`/cases/${a.adopterCaseId}`}>
                            {cm.caseNumber(a.adopterCaseId)}
                          </a>
                        </dd>
                      </>
                    ) : null}
                  </dl>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {view.adoptersMap}
      </section>

      {view.similar ?? null}
      <section class="case-section" aria-labelledby="s-lineage">
        <h2 class="ds-heading" data-size="sm" id="s-lineage">
          {cm.sections.lineage}
        </h2>
        {view.lineage.up.length === 0 && view.lineage.down.length === 0 ? (
          <p class="ds-paragraph">{cm.lineageNone}</p>
        ) : (
          <div class="lineage">
            {view.lineage.up.length ? (
              <>
                <h3 class="ds-heading" data-size="xs">
                  {cm.adoptedFrom}
                </h3>
                <ol class="plain-list">
                  {view.lineage.up.map((n) => (
                    <li>
                      <a class="ds-link" href={`/cases/${n.caseId}`}>
                        {n.title}
                      </a>{' '}
                      ({n.orgName})
                    </li>
                  ))}
                </ol>
              </>
            ) : null}
            {view.lineage.down.length ? (
              <>
                <h3 class="ds-heading" data-size="xs">
                  {cm.adoptedBy}
                </h3>
                <ol class="plain-list">
                  {view.lineage.down.map((n) => (
                    <li class={`depth-${Math.min(n.depth, 5)}`}>
                      <a class="ds-link" href={`/cases/${n.caseId}`}>
                        {n.title}
                      </a>{' '}
                      ({n.orgName})
                    </li>
                  ))}
                </ol>
              </>
            ) : null}
          </div>
        )}
      </section>

      <section class="case-section" aria-labelledby="s-contact">
        <h2 class="ds-heading" data-size="sm" id="s-contact">
          {cm.sections.links}
        </h2>
        {c.links.length ? (
          <ul class="plain-list">
            {c.links.map((l) => (
              <li>
                <a class="ds-link" href={l.url} rel="noopener noreferrer">
                  {l.label}
                </a>
              </li>
            ))}
          </ul>
        ) : null}
        {c.source_url ? (
          <p class="ds-paragraph">
            <a class="ds-link" href={c.source_url} rel="noopener noreferrer">
              {c.source_url}
            </a>
          </p>
        ) : null}
        {view.canSeeContact ? (
          <dl class="facts">
            <dt>{f.contactName}</dt>
            <dd>{c.contact_name ?? c.contactUserName ?? '–'}</dd>
            <dt>{f.contactEmail}</dt>
            <dd>{c.contact_email ?? c.contactUserEmail ?? '–'}</dd>
            {c.contact_phone ? (
              <>
                <dt>{f.contactPhone}</dt>
                <dd>{c.contact_phone}</dd>
              </>
            ) : null}
          </dl>
        ) : (
          <p class="ds-paragraph">{cm.contactHidden}</p>
        )}
        {view.canHandOver && view.handOverOptions.length > 0 ? (
          <form method="post" action={`/cases/${c.id}/handover`} class="stack narrow">
            <CsrfField token={ctx.csrfToken} />
            <SelectField name="userId" label={cm.handOver} options={view.handOverOptions} value={c.contact_user_id ?? ''} />
            <div>
              <button type="submit" class="ds-button" data-variant="secondary">
                {cm.handOverSubmit}
              </button>
            </div>
          </form>
        ) : null}
      </section>
      <p class="ds-paragraph" data-size="sm">
        {cm.f.visibility}: {cm.visibilities[c.visibility as keyof CaseMessages['visibilities']]} · {cm.version(String(c.version))} · {formatDateTime(lang, new Date(c.updated_at))}
      </p>
      {view.comments ? <CommentsSection ctx={ctx} data={view.comments} /> : null}
    </Layout>
  );
}

// ---------- trials ----------

export interface TrialRow {
  id: string;
  title: string;
  hypothesis: string;
  method: string;
  measure: string;
  result: string | null;
  decision: string | null;
  startedOn: string | null;
  endedOn: string | null;
  caseId: string;
  caseTitle: string;
  orgName: string;
  orgnr: string | null;
}

export function TrialsTable({ trials, lang, showCase }: { trials: TrialRow[]; lang: Lang; showCase: boolean }) {
  const cm = caseMessages(lang);
  return (
    <div class="table-scroll">
      <table class="ds-table case-table">
        <caption class="ds-sr-only">{cm.sections.trials}</caption>
        <thead>
          <tr>
            <th scope="col">{cm.trial.title}</th>
            {showCase ? <th scope="col">{cm.trial.case}</th> : null}
            <th scope="col">{cm.trial.hypothesis}</th>
            <th scope="col">{cm.trial.method}</th>
            <th scope="col">{cm.trial.result}</th>
            <th scope="col">{cm.trial.decision}</th>
            <th scope="col">{cm.trial.startedOn.replace(/ \(.*\)$/, '')}</th>
          </tr>
        </thead>
        <tbody>
          {trials.map((t) => (
            <tr>
              <td>{t.title}</td>
              {showCase ? (
                <td>
                  <a class="ds-link" href={`/cases/${t.caseId}`}>
                    {t.caseTitle}
                  </a>{' '}
                  ({t.orgName})
                </td>
              ) : null}
              <td>{t.hypothesis}</td>
              <td>
                {t.method}
                {t.measure ? ` (${t.measure})` : ''}
              </td>
              <td>{t.result ? cm.trialResults[t.result as keyof CaseMessages['trialResults']] : cm.trial.ongoing}</td>
              <td>{t.decision ? cm.trialDecisions[t.decision as keyof CaseMessages['trialDecisions']] : '–'}</td>
              <td class="nowrap">
                {t.startedOn ?? ''}
                {t.endedOn ? ` – ${t.endedOn}` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export interface TrialsOverviewView {
  items: TrialRow[];
  total: number;
  page: number;
  perPage: number;
  filter: { result: string; decision: string; theme: string };
  themes: Option[];
}

export function TrialsOverviewPage({ ctx, view }: { ctx: ViewContext; view: TrialsOverviewView }) {
  const cm = caseMessages(ctx.lang);
  const totalPages = Math.max(1, Math.ceil(view.total / view.perPage));
  return (
    <Layout ctx={ctx} title={cm.trialsTitle} section="cases">
      <h1 class="ds-heading" data-size="lg">
        {cm.trialsTitle}
      </h1>
      <p class="ds-paragraph" data-variant="long">
        {cm.trialsLead}
      </p>
      <form method="get" action="/trials" class="filter-form" role="search">
        <SelectField
          name="result"
          label={cm.filterResult}
          value={view.filter.result}
          options={[{ value: '', label: cm.all }, { value: 'ongoing', label: cm.trial.ongoing }, ...opts(TRIAL_RESULTS, cm.trialResults)]}
        />
        <SelectField name="decision" label={cm.filterDecision} value={view.filter.decision} options={[{ value: '', label: cm.all }, ...opts(TRIAL_DECISIONS, cm.trialDecisions)]} />
        <SelectField name="theme" label={cm.filterTheme} value={view.filter.theme} options={[{ value: '', label: cm.all }, ...view.themes]} />
        <div class="filter-form__submit">
          <button type="submit" class="ds-button" data-variant="secondary">
            {cm.show}
          </button>
        </div>
      </form>
      <p class="ds-paragraph" role="status">
        {cm.trialsCount(formatNumber(ctx.lang, view.total))}
      </p>
      {view.items.length === 0 ? <p class="ds-paragraph">{cm.trial.none}</p> : <TrialsTable trials={view.items} lang={ctx.lang} showCase />}
      <Pagination m={ctx.m} url={ctx.url} page={view.page} totalPages={totalPages} />
    </Layout>
  );
}

export function TrialFormPage({ ctx, caseId, caseTitle, state, errors }: { ctx: ViewContext; caseId: string; caseTitle: string; state: FormState; errors: FormErrors }) {
  const cm = caseMessages(ctx.lang);
  const t = cm.trial;
  const title = `${cm.addTrial}: ${caseTitle}`;
  return (
    <Layout ctx={ctx} title={Object.keys(errors).length ? `${ctx.m.errors.title}: ${title}` : title} section="cases">
      <ErrorSummary
        errors={errors}
        m={ctx.m}
        labels={{ title: t.title, hypothesis: t.hypothesis, method: t.method, measure: t.measure, result: t.result, decision: t.decision, startedOn: t.startedOn, endedOn: t.endedOn }}
      />
      <p class="ds-paragraph">
        <a class="ds-link" href={`/cases/${caseId}`}>
          {caseTitle}
        </a>
      </p>
      <h1 class="ds-heading" data-size="lg">
        {cm.addTrial}
      </h1>
      <form method="post" action={`/cases/${caseId}/trials/new`} novalidate class="stack narrow-wide">
        <CsrfField token={ctx.csrfToken} />
        <TextField name="title" label={t.title} value={one(state, 'title')} error={errors.title} required />
        <TextArea name="hypothesis" label={t.hypothesis} value={one(state, 'hypothesis')} error={errors.hypothesis} rows={3} required />
        <TextArea name="method" label={t.method} value={one(state, 'method')} error={errors.method} rows={3} />
        <TextField name="measure" label={t.measure} value={one(state, 'measure')} error={errors.measure} />
        <SelectField name="result" label={t.result} value={one(state, 'result')} error={errors.result} options={[{ value: '', label: t.ongoing }, ...opts(TRIAL_RESULTS, cm.trialResults)]} />
        <SelectField name="decision" label={t.decision} value={one(state, 'decision')} error={errors.decision} options={[{ value: '', label: '–' }, ...opts(TRIAL_DECISIONS, cm.trialDecisions)]} />
        <TextField name="startedOn" label={t.startedOn} value={one(state, 'startedOn')} error={errors.startedOn} />
        <TextField name="endedOn" label={t.endedOn} value={one(state, 'endedOn')} error={errors.endedOn} />
        <div>
          <button type="submit" class="ds-button" data-variant="primary">
            {cm.addTrial}
          </button>
        </div>
      </form>
    </Layout>
  );
}

// ---------- adoption ----------

export function AdoptPage({ ctx, caseId, caseTitle, ownerName, state, errors, orgOptions }: { ctx: ViewContext; caseId: string; caseTitle: string; ownerName: string; state: FormState; errors: FormErrors; orgOptions: Option[] }) {
  const cm = caseMessages(ctx.lang);
  const title = cm.adoptTitle;
  return (
    <Layout ctx={ctx} title={Object.keys(errors).length ? `${ctx.m.errors.title}: ${title}` : title} section="cases">
      <ErrorSummary errors={errors} m={ctx.m} labels={{ adopterOrgnr: cm.adopterOrg, adoptedOn: cm.adoptedOn, changes: cm.adoptChanges, result: cm.adoptResult }} />
      <p class="ds-paragraph">
        <a class="ds-link" href={`/cases/${caseId}`}>
          {caseTitle}
        </a>{' '}
        ({ownerName})
      </p>
      <h1 class="ds-heading" data-size="lg">
        {title}
      </h1>
      <form method="post" action={`/cases/${caseId}/adopt`} novalidate class="stack narrow-wide">
        <CsrfField token={ctx.csrfToken} />
        {orgOptions.length > 1 ? (
          <SelectField name="adopterOrgnr" label={cm.adopterOrg} value={one(state, 'adopterOrgnr')} error={errors.adopterOrgnr} options={[{ value: '', label: cm.f.choose }, ...orgOptions]} required />
        ) : (
          <>
            <input type="hidden" name="adopterOrgnr" value={orgOptions[0]?.value ?? ''} />
            {errors.adopterOrgnr ? (
              <div class="ds-validation-message" data-color="danger" id="field-adopterOrgnr" tabIndex={-1}>
                {errors.adopterOrgnr}
              </div>
            ) : (
              <p class="ds-paragraph">
                {cm.adopterOrg}: <strong>{orgOptions[0]?.label}</strong>
              </p>
            )}
          </>
        )}
        <TextField name="adoptedOn" label={cm.adoptedOn} value={one(state, 'adoptedOn')} error={errors.adoptedOn} required />
        <TextArea name="changes" label={cm.adoptChanges} value={one(state, 'changes')} error={errors.changes} rows={3} />
        <TextArea name="result" label={cm.adoptResult} value={one(state, 'result')} error={errors.result} rows={3} />
        <Checkbox name="createCase" label={cm.adoptCreateCase} checked={many(state, 'createCase').includes('true')} />
        <div>
          <button type="submit" class="ds-button" data-variant="primary">
            {cm.adoptSubmit}
          </button>
        </div>
      </form>
    </Layout>
  );
}

// ---------- history ----------

export interface HistoryEntry {
  version: number;
  at: Date;
  action: string;
  userName: string | null;
  changes: { field: string; old: unknown; new: unknown }[];
}

type Row = Record<string, unknown>;
const asRows = (value: unknown): Row[] => (Array.isArray(value) ? value : [value]).filter((x): x is Row => typeof x === 'object' && x !== null);

/**
 * A stored value as a reader would say it: vocabulary codes in words («Ansatte», not «employees»),
 * themes by name, amounts in Norwegian, rows (partners, benefits, links, a trial) as short phrases
 * rather than their keys.
 */
function formatValue(field: string, value: unknown, cm: CaseMessages, lang: Lang, themeLabels: Record<string, string>): string {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return '–';
  const f = cm.f;
  const words = (dict: Record<string, string>) => (Array.isArray(value) ? value : [value]).map((v) => dict[String(v)] ?? String(v)).join(', ');
  const phrases = (toText: (r: Row) => string) => asRows(value).map(toText).join('; ');
  const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  switch (field) {
    case 'types':
      return words(cm.types);
    case 'initiators':
      return words(cm.initiators);
    case 'stage':
      return words(cm.stages);
    case 'status':
      return words(cm.statuses);
    case 'novelty':
      return words(cm.novelties);
    case 'visibility':
      return words(cm.visibilities);
    case 'language':
      return words(cm.languages);
    case 'themes':
      return words(themeLabels);
    case 'noveltySourceCaseId':
      return cm.caseNumber(String(value));
    case 'costNok':
      return typeof value === 'number' ? `${formatNumber(lang, value)} kr` : String(value);
    case 'partners':
      return phrases((p) => `${text(p.name)}${p.orgnr ? ` (${text(p.orgnr)})` : ''}, ${cm.actorTypes[p.actorType as keyof CaseMessages['actorTypes']] ?? text(p.actorType)}`);
    case 'benefits':
      return phrases((b) =>
        [
          cm.benefitCategories[b.category as keyof CaseMessages['benefitCategories']] ?? text(b.category),
          b.realised ? f.realised : f.planned,
          text(b.description),
          typeof b.value === 'number' ? `${formatNumber(lang, b.value)} ${text(b.unit)}`.trim() : '',
        ]
          .filter(Boolean)
          .join(', '),
      );
    case 'links':
      return phrases((l) => (l.label && l.label !== l.url ? `${text(l.label)} (${text(l.url)})` : text(l.url)));
    case 'trials':
      return phrases((t) =>
        [
          text(t.title),
          t.result ? cm.trialResults[t.result as keyof CaseMessages['trialResults']] : cm.trial.ongoing,
          t.decision ? cm.trialDecisions[t.decision as keyof CaseMessages['trialDecisions']] : '',
        ]
          .filter(Boolean)
          .join(', '),
      );
  }
  if (typeof value === 'boolean') return value ? f.yes : f.no;
  if (Array.isArray(value)) return value.map(String).join(', ');
  if (typeof value === 'object') return Object.values(value as Row).filter((x) => x !== null && x !== '').map(String).join(', ');
  return String(value);
}

export interface HistoryView {
  caseId: string;
  title: string;
  versions: HistoryEntry[];
  /** Theme URI → label in the reader's language, for every theme named in the versions. */
  themeLabels: Record<string, string>;
}

export function HistoryPage({ ctx, view }: { ctx: ViewContext; view: HistoryView }) {
  const cm = caseMessages(ctx.lang);
  const { caseId, title, versions, themeLabels } = view;
  const sections: Record<string, string> = { themes: cm.sections.themes, trials: cm.sections.trials, benefits: cm.sections.benefits, links: cm.sections.links, published: cm.published };
  const label = (field: string) => {
    const inForm = cm.f[field as keyof CaseMessages['f']];
    return sections[field] ?? cm.historyFields[field] ?? (typeof inForm === 'string' ? inForm : field);
  };
  const value = (field: string, v: unknown, Mark: 'del' | 'ins') => {
    const shown = formatValue(field, v, cm, ctx.lang, themeLabels);
    // An empty side is a dash, not a struck-out or inserted one.
    return shown === '–' ? shown : <Mark>{shown}</Mark>;
  };
  return (
    <Layout ctx={ctx} title={cm.historyTitle(title)} section="cases">
      <p class="ds-paragraph">
        <a class="ds-link" href={`/cases/${caseId}`}>
          {title}
        </a>
      </p>
      <h1 class="ds-heading" data-size="lg">
        {cm.historyTitle(title)}
      </h1>
      <ol class="history">
        {versions.map((v) => (
          <li class="history__entry" data-version={v.version}>
            <h2 class="ds-heading" data-size="xs">
              {cm.version(String(v.version))}: {cm.actions[v.action] ?? v.action} – {formatDateTime(ctx.lang, new Date(v.at))}
              {v.userName ? ` ${cm.by} ${v.userName}` : ''}
            </h2>
            <div class="table-scroll">
              <table class="ds-table history__table" data-size="sm">
                <caption class="ds-sr-only">{cm.version(String(v.version))}</caption>
                <thead>
                  <tr>
                    <th scope="col">{cm.field}</th>
                    <th scope="col">{cm.oldValue}</th>
                    <th scope="col">{cm.newValue}</th>
                  </tr>
                </thead>
                <tbody>
                  {v.changes.map((c) => (
                    <tr>
                      <th scope="row">{label(c.field)}</th>
                      <td>{value(c.field, c.old, 'del')}</td>
                      <td>{value(c.field, c.new, 'ins')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </li>
        ))}
      </ol>
    </Layout>
  );
}
