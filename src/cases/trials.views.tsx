import { formatNumber, type Lang } from '../i18n/index.js';
import type { ViewContext } from '../ui/context.js';
import { CsrfField, ErrorSummary, Pagination, SelectField, TextArea, TextField, type FormErrors, type Option } from '../ui/forms.js';
import { Layout } from '../ui/layout.js';
import { TRIAL_DECISIONS, TRIAL_RESULTS } from './cases.model.js';
import { one, type FormState } from './cases.form.js';
import { caseMessages, type CaseMessages } from './cases.messages.js';
import { opts } from './cases.views.js';
import { Button, Heading, Link, Paragraph } from '../ui/ds.js';

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
                  <Link href={`/cases/${t.caseId}`}>
                    {t.caseTitle}
                  </Link>{' '}
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
      <Heading level={1} size="lg">
        {cm.trialsTitle}
      </Heading>
      <Paragraph variant="long">
        {cm.trialsLead}
      </Paragraph>
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
          <Button variant="secondary">
            {cm.show}
          </Button>
        </div>
      </form>
      <Paragraph role="status">
        {cm.trialsCount(formatNumber(ctx.lang, view.total))}
      </Paragraph>
      {view.items.length === 0 ? <Paragraph>{cm.trial.none}</Paragraph> : <TrialsTable trials={view.items} lang={ctx.lang} showCase />}
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
      <Paragraph>
        <Link href={`/cases/${caseId}`}>
          {caseTitle}
        </Link>
      </Paragraph>
      <Heading level={1} size="lg">
        {cm.addTrial}
      </Heading>
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
          <Button variant="primary">
            {cm.addTrial}
          </Button>
        </div>
      </form>
    </Layout>
  );
}

// ---------- adoption ----------
