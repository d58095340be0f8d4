import type { ComponentChildren } from 'preact';
import { Heading } from '../ui/ds.js';
import { type Lang } from '../i18n/index.js';
import { ChoiceGroup } from '../ui/choices.js';
import type { ViewContext } from '../ui/context.js';
import { CsrfField, ErrorSummary, type FormErrors } from '../ui/forms.js';
import { Layout } from '../ui/layout.js';
import { barometerMessages } from './barometer.messages.js';
import type { OfferedCase } from './barometer.queries.js';
import { CASE_FIELD, many, one, type AnswerState } from './barometer.validation.js';
import { isAsked, PAGE_LEADS, PAGE_TITLES, pageItems, pagesFor, type PageId } from './questionnaire.js';

/** The questionnaire as a respondent sees it: its pages, the review before sending, and the messages around them. */

export interface QuestionnaireView {
  token: string;
  page: PageId;
  orgName: string;
  unitName: string;
  roundTitle: string;
  state: AnswerState;
  errors: FormErrors;
  innovated: boolean | null;
  cases: OfferedCase[];
  version: number;
}

function itemLabels(lang: Lang, page: PageId, version: number): Record<string, string> {
  const out: Record<string, string> = Object.fromEntries(pageItems(page, version).map((i) => [i.id, i.question[lang]]));
  out[CASE_FIELD] = barometerMessages(lang).q.caseLabel;
  return out;
}

function QuestionnaireFrame({ ctx, view, title, children }: { ctx: ViewContext; view: { roundTitle: string; orgName: string; unitName: string }; title: string; children: ComponentChildren }) {
  const bm = barometerMessages(ctx.lang);
  return (
    <Layout ctx={ctx} title={title}>
      <p class="ds-paragraph" data-size="sm">
        {view.roundTitle} · {bm.q.intro(view.orgName, view.unitName)}
      </p>
      {children}
    </Layout>
  );
}

export function QuestionnairePage({ ctx, view }: { ctx: ViewContext; view: QuestionnaireView }) {
  const { lang } = ctx;
  const bm = barometerMessages(lang);
  const pages = pagesFor(view.innovated);
  const stepNo = pages.indexOf(view.page) + 1;
  const pageTitle = PAGE_TITLES[view.page][lang];
  const hasErrors = Object.keys(view.errors).length > 0;
  const items = pageItems(view.page, view.version).filter((i) => view.page === 'innovation' || isAsked(i, view.innovated));
  const prev = stepNo > 1 ? pages[stepNo - 2] : null;
  const base = `/barometer/answer/${view.token}`;
  return (
    <QuestionnaireFrame ctx={ctx} view={view} title={`${hasErrors ? `${ctx.m.errors.title}: ` : ''}${pageTitle} – ${bm.title}`}>
      <ErrorSummary errors={view.errors} m={ctx.m} labels={itemLabels(lang, view.page, view.version)} />
      <Heading level={1} size="lg">
        <span class="ds-sr-only">{bm.title}: </span>
        {pageTitle}
      </Heading>
      <p class="ds-paragraph" data-size="sm">
        {bm.q.step(stepNo, pages.length + 1)}
      </p>
      <p class="ds-paragraph" data-variant="long">
        {PAGE_LEADS[view.page][lang]}
      </p>
      {view.page === 'innovation' ? (
        <p class="ds-paragraph" data-size="sm">
          {bm.q.anonymous}
        </p>
      ) : null}
      <form method="post" action={`${base}/${view.page}`} novalidate class="case-form">
        <CsrfField token={ctx.csrfToken} />
        <div class="stack">
          {items.map((item) => (
            <ChoiceGroup
              type={item.kind === 'multi_choice' ? 'checkbox' : 'radio'}
              name={item.id}
              legend={item.question[lang]}
              hint={item.hint?.[lang]}
              error={view.errors[item.id]}
              options={item.options.map((o) => ({ value: o.value, label: o.label[lang] }))}
              checked={item.kind === 'multi_choice' ? many(view.state, item.id) : [one(view.state, item.id)]}
              inline={item.kind === 'scale_1_6' || item.kind === 'yes_no'}
            />
          ))}
          {view.page === 'latest' && view.cases.length ? (
            <ChoiceGroup
              type="radio"
              name={CASE_FIELD}
              legend={bm.q.caseQuestion}
              hint={bm.q.caseHint}
              error={view.errors[CASE_FIELD]}
              options={[...view.cases.map((c) => ({ value: c.id, label: c.title })), { value: 'none', label: bm.q.caseNone }]}
              checked={[one(view.state, CASE_FIELD)]}
            />
          ) : null}
        </div>
        <div class="form-actions">
          <button type="submit" class="ds-button" data-variant="primary">
            {bm.q.next}
          </button>
          {prev ? (
            <a class="ds-link" href={`${base}/${prev}`}>
              {bm.q.back}
            </a>
          ) : null}
        </div>
      </form>
    </QuestionnaireFrame>
  );
}

export interface ReviewView {
  token: string;
  orgName: string;
  unitName: string;
  roundTitle: string;
  state: AnswerState;
  innovated: boolean | null;
  cases: OfferedCase[];
  version: number;
}

export function ReviewPage({ ctx, view }: { ctx: ViewContext; view: ReviewView }) {
  const { lang } = ctx;
  const bm = barometerMessages(lang);
  const pages = pagesFor(view.innovated);
  const base = `/barometer/answer/${view.token}`;
  const show = (itemId: string): string => {
    const item = pageItems(pages.find((p) => pageItems(p, view.version).some((i) => i.id === itemId))!, view.version).find((i) => i.id === itemId)!;
    const values = item.kind === 'multi_choice' ? many(view.state, itemId) : [one(view.state, itemId)].filter(Boolean);
    if (values.length === 0) return item.id === 'latest.developedWith' ? '–' : bm.q.notAnswered;
    return values.map((v) => item.options.find((o) => o.value === v)?.label[lang] ?? v).join(', ');
  };
  const caseId = one(view.state, CASE_FIELD);
  const chosenCase = view.cases.find((c) => c.id === caseId);
  return (
    <QuestionnaireFrame ctx={ctx} view={view} title={`${bm.q.reviewTitle} – ${bm.title}`}>
      <Heading level={1} size="lg">{bm.q.reviewTitle}</Heading>
      <p class="ds-paragraph" data-size="sm">
        {bm.q.step(pages.length + 1, pages.length + 1)}
      </p>
      <p class="ds-paragraph">{bm.q.reviewLead}</p>
      {pages.map((p) => (
        <section class="case-section" aria-labelledby={`s-${p}`}>
          <h2 class="ds-heading" data-size="sm" id={`s-${p}`}>
            {PAGE_TITLES[p][lang]}
          </h2>
          <dl class="facts">
            {pageItems(p, view.version)
              .filter((i) => isAsked(i, view.innovated))
              .map((i) => (
                <>
                  <dt>{i.question[lang]}</dt>
                  <dd>{show(i.id)}</dd>
                </>
              ))}
            {p === 'latest' && view.cases.length ? (
              <>
                <dt>{bm.q.caseQuestion}</dt>
                <dd>{chosenCase ? chosenCase.title : bm.q.caseNone}</dd>
              </>
            ) : null}
          </dl>
          <p class="ds-paragraph">
            <a class="ds-link" href={`${base}/${p}`}>
              {bm.q.change}
              <span class="ds-sr-only">: {PAGE_TITLES[p][lang]}</span>
            </a>
          </p>
        </section>
      ))}
      <form method="post" action={`${base}/submit`} class="form-actions">
        <CsrfField token={ctx.csrfToken} />
        <button type="submit" class="ds-button" data-variant="primary">
          {bm.q.submit}
        </button>
      </form>
    </QuestionnaireFrame>
  );
}

/** Thanks, an invalid link, a round not yet open or closed. */
export function MessagePage({ ctx, title, text }: { ctx: ViewContext; title: string; text: string }) {
  return (
    <Layout ctx={ctx} title={title}>
      <Heading level={1} size="lg">{title}</Heading>
      <p class="ds-paragraph" data-variant="long">
        {text}
      </p>
    </Layout>
  );
}
