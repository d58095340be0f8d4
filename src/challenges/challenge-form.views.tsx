import type { VNode } from 'preact';
import { ChoiceGroup } from '../ui/choices.js';
import type { ViewContext } from '../ui/context.js';
import { CsrfField, ErrorSummary, SelectField, TextArea, TextField, type FormErrors, type Option } from '../ui/forms.js';
import { Layout } from '../ui/layout.js';
import { one, many, type FormState } from './challenges.form.js';
import { challengeMessages, type ChallengeMessages } from './challenges.messages.js';
import { LANGUAGES, LOOKING_FOR } from './challenges.model.js';

import { inOrder, opts } from './challenges.views.js';
import { Button, Heading, Link, Paragraph } from '../ui/ds.js';

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

export function formLabels(cm: ChallengeMessages): Record<string, string> {
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
      <Heading level={1} size="lg">
        {heading}
      </Heading>
      <form method="post" action={action} novalidate class="case-form">
        <CsrfField token={ctx.csrfToken} />
        {/* Enter submits with the first submit button: make it «save», not the theme picker's
            «search themes». Hidden from sight and from the tab order; the visible one is at the end. */}
        <button type="submit" class="ds-sr-only" tabIndex={-1} aria-hidden="true">
          {submitLabel}
        </button>
        <section class="form-section" aria-labelledby="section-about">
          <Heading level={2} size="sm" id="section-about">
            {cm.sections.about}
          </Heading>
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
          <Heading level={2} size="sm" id="section-themes">
            {cm.sections.themes}
          </Heading>
          <div class="stack">{view.themePicker}</div>
        </section>
        <section class="form-section" aria-labelledby="section-contact">
          <Heading level={2} size="sm" id="section-contact">
            {cm.sections.contact}
          </Heading>
          <div class="stack">
            <TextField name="deadline" label={f.deadline} hint={f.deadlineHint} value={one(state, 'deadline')} error={errors.deadline} />
            <Paragraph size="sm">
              {f.contactHint}
            </Paragraph>
            <TextField name="contactName" label={f.contactName} value={one(state, 'contactName')} error={errors.contactName} autocomplete="name" />
            <TextField name="contactEmail" label={f.contactEmail} value={one(state, 'contactEmail')} error={errors.contactEmail} type="email" autocomplete="email" />
            <SelectField name="language" label={f.language} value={one(state, 'language') || ctx.lang} error={errors.language} options={opts(LANGUAGES, cm.language)} />
          </div>
        </section>
        <div class="form-actions">
          <Button variant="primary">
            {submitLabel}
          </Button>
          <Link href={view.mode === 'create' ? '/challenges' : `/challenges/${view.id}`}>
            {cm.cancel}
          </Link>
        </div>
      </form>
    </Layout>
  );
}
