import type { ComponentChildren, VNode } from 'preact';
import { formatNumber, type Lang } from '../i18n/index.js';
import { themeLabel } from '../cases/index.js';
import type { ViewContext } from '../ui/context.js';
import { Pagination, SelectField, type FormErrors, type Option } from '../ui/forms.js';
import { Layout } from '../ui/layout.js';
import { challengeMessages, type ChallengeMessages } from './challenges.messages.js';
import { STATES, type ChallengeState } from './challenges.model.js';
import type { ChallengeListItem } from './challenges.queries.js';
import { Button, Heading, Link, Paragraph, Tag } from '../ui/ds.js';


export const opts = <K extends string>(keys: readonly K[], labels: Record<K, string>): Option[] => keys.map((k) => ({ value: k, label: labels[k] }));

const dateFormats: Record<Lang, Intl.DateTimeFormat> = {
  nb: new Intl.DateTimeFormat('nb-NO', { dateStyle: 'long', timeZone: 'UTC' }),
  nn: new Intl.DateTimeFormat('nn-NO', { dateStyle: 'long', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }),
};

/** A calendar date ('2026-11-27') in the reader's language; it is a day, not a moment, so no time zone shifts it. */
export function DateText({ lang, date }: { lang: Lang; date: string }) {
  return <time dateTime={date}>{dateFormats[lang].format(new Date(`${date}T00:00:00Z`))}</time>;
}

/** A moment (a response's time) as the Norwegian day it happened on. */
export const osloDay = (d: Date | string) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(d));

export function StateTag({ state, cm }: { state: string; cm: ChallengeMessages }) {
  const color = state === 'open' ? 'info' : state === 'closed' ? 'neutral' : 'success';
  return (
    <Tag color={color}>
      {cm.states[state as ChallengeState] ?? state}
    </Tag>
  );
}

export function OrgLink({ orgnr, name }: { orgnr: string | null; name: string }) {
  return orgnr ? (
    <Link href={`/organisations/${orgnr}`}>
      {name}
    </Link>
  ) : (
    <>{name}</>
  );
}

export function Prose({ text, lang, textLang }: { text: string; lang: string; textLang: string }) {
  return (
    <div class="prose" lang={textLang !== lang ? textLang : undefined}>
      {text.split(/\n{2,}/).map((p) => (
        <Paragraph variant="long">
          {p}
        </Paragraph>
      ))}
    </div>
  );
}

export function Section({ id, title, children }: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section class="case-section" aria-labelledby={id}>
      <Heading level={2} size="sm" id={id}>
        {title}
      </Heading>
      {children}
    </section>
  );
}

/** Errors in the order their fields come on the page (the summary reads top to bottom, as the reader fixes them). */
export function inOrder(errors: FormErrors, order: string[]): FormErrors {
  const pos = (k: string) => (order.indexOf(k) < 0 ? order.length : order.indexOf(k));
  return Object.fromEntries(Object.entries(errors).sort(([a], [b]) => pos(a) - pos(b)));
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
      <Heading level={1} size="lg">
        {cm.title}
      </Heading>
      <Paragraph variant="long">
        {cm.lead}
      </Paragraph>
      {view.canCreate ? (
        <Paragraph class="actions-row">
          <a class="ds-button" data-variant="primary" href="/challenges/new">
            {cm.newChallenge}
          </a>
        </Paragraph>
      ) : null}
      <form method="get" class="filter-form" role="search">
        <SelectField name="state" label={cm.filterState} value={view.state} options={[{ value: '', label: cm.all }, ...opts(STATES, cm.states)]} />
        <SelectField name="theme" label={cm.filterTheme} value={view.theme} options={[{ value: '', label: cm.all }, ...view.themeOptions]} />
        <div class="filter-form__submit">
          <Button variant="secondary">
            {cm.show}
          </Button>
        </div>
      </form>
      <Paragraph role="status">
        {cm.count(formatNumber(lang, view.total))}
      </Paragraph>
      {view.items.length === 0 ? (
        <Paragraph>{cm.none}</Paragraph>
      ) : (
        <ul class="case-list" data-testid="challenges">
          {view.items.map((c) => (
            <li class="ds-card case-card" data-color="neutral">
              <Heading level={2} size="xs" lang={c.language !== lang ? c.language : undefined}>
                <Link color="accent" href={`/challenges/${c.id}`}>
                  {c.title}
                </Link>
              </Heading>
              <p class="case-card__meta">
                {[c.ownerName, ...c.coOwners.map((o) => o.name)].join(', ')} · <StateTag state={c.state} cm={cm} />
                {c.deadline ? (
                  <>
                    {' '}
                    · {cm.deadline}: <DateText lang={lang} date={c.deadline} />
                  </>
                ) : null}
              </p>
              <Paragraph size="sm" lang={c.language !== lang ? c.language : undefined}>
                {excerpt(c.description)}
              </Paragraph>
              {c.themes.length ? (
                <Paragraph size="sm">
                  {c.themes.map((t) => themeLabel(t, lang)).join(', ')}
                </Paragraph>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <Pagination m={ctx.m} url={ctx.url} page={view.page} totalPages={totalPages} />
    </Layout>
  );
}
