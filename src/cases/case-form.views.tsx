import type { VNode } from 'preact';
import { Checkbox, ChoiceGroup } from '../ui/choices.js';
import type { ViewContext } from '../ui/context.js';
import { CsrfField, ErrorSummary, SelectField, TextArea, TextField, type FormErrors, type Option } from '../ui/forms.js';
import { Layout } from '../ui/layout.js';
import { ACTOR_TYPES, BENEFIT_CATEGORIES, CASE_TYPES, INITIATORS, LANGUAGES, NOVELTIES, STAGES, STATUSES, VISIBILITIES } from './cases.model.js';
import { BENEFIT_ROWS, LINK_ROWS, PARTNER_ROWS, many, one, rowCount, type FormState } from './cases.form.js';
import { caseMessages, type CaseMessages } from './cases.messages.js';
import { opts } from './cases.views.js';
import { Button, Heading, Link, Paragraph } from '../ui/ds.js';

export interface CaseFormView {
  mode: 'create' | 'edit';
  caseId?: string;
  state: FormState;
  errors: FormErrors;
  ownerOptions: Option[];
  themePicker: VNode;
  /** "Someone already did this", shown after the basics: the sections of `case.form.hint` (cases.slots.ts). */
  hint: VNode[];
}

function Section({ id, title, children }: { id: string; title: string; children: preact.ComponentChildren }) {
  return (
    <section class="form-section" aria-labelledby={`section-${id}`}>
      <Heading level={2} size="sm" id={`section-${id}`}>
        {title}
      </Heading>
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
      <Heading level={1} size="lg">
        {title}
      </Heading>
      <Paragraph variant="long" class="case-form__intro">
        {cm.requiredIntro}
        {view.mode === 'create' ? ` ${cm.draftIntro}` : ''}
      </Paragraph>
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
        {view.hint}
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
          <Checkbox name="lookingForPartners" label={cm.lookingForPartners} checked={one(state, 'lookingForPartners') === 'true'} />
          <ChoiceGroup
            type="checkbox"
            name="partnerNeeds"
            legend={cm.partnerNeeds}
            hint={cm.partnerNeedsHint}
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
          <Paragraph size="sm">
            {f.contactHint}
          </Paragraph>
          {text('contactName', f.contactName)}
          {text('contactEmail', f.contactEmail, { type: 'email' })}
          {text('contactPhone', f.contactPhone)}
        </Section>
        <Section id="publishing" title={cm.sections.publishing}>
          <ChoiceGroup type="radio" name="visibility" legend={f.visibility} error={errors.visibility} checked={[one(state, 'visibility') || 'public']} options={opts(VISIBILITIES, cm.visibilities)} />
          <SelectField name="language" label={f.language} value={one(state, 'language') || ctx.lang} error={errors.language} options={opts(LANGUAGES, cm.languages)} />
        </Section>
        <div class="form-actions">
          <Button variant="primary">
            {view.mode === 'create' ? cm.saveDraft : cm.save}
          </Button>
          <Link href={view.mode === 'create' ? '/cases/mine' : `/cases/${view.caseId}`}>
            {cm.cancel}
          </Link>
        </div>
      </form>
    </Layout>
  );
}

// ---------- case page ----------
