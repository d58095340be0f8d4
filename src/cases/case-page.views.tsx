import type { VNode } from 'preact';
import { formatDateTime, formatNumber } from '../i18n/index.js';
import type { ViewContext } from '../ui/context.js';
import { CsrfField, SelectField, type Option } from '../ui/forms.js';
import { Layout } from '../ui/layout.js';
import { caseMessages, type CaseMessages } from './cases.messages.js';
import { themeLabel } from './cases.present.js';
import type { CaseDetailRow, LineageNode } from './cases.queries.js';
import { StatusTag } from './cases.views.js';
import { TrialsTable } from './trials.views.js';
import { Alert, Button, Heading, Link, Paragraph, Tag } from '../ui/ds.js';

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
  /** What other features add to the page, by slot (cases.slots.ts). */
  sections: { head: VNode[]; heading: VNode[]; related: VNode[]; end: VNode[] };
}

function Prose({ text, lang, caseLang }: { text: string; lang: string; caseLang: string }) {
  return (
    <div class="prose" lang={caseLang !== lang ? caseLang : undefined}>
      {text.split(/\n{2,}/).map((p) => (
        <Paragraph variant="long">
          {p}
        </Paragraph>
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
        <Heading level={3} size="xs">
          {heading}
        </Heading>
        <Prose text={value} lang={lang} caseLang={c.language} />
      </>
    ) : null;
  const yn = (b: boolean | null) => (b === true ? f.yes : b === false ? f.no : f.unknown);
  return (
    <Layout ctx={ctx} title={c.title} section="cases" head={view.sections.head}>
      <Paragraph>
        <Link href="/cases">
          {cm.title}
        </Link>
      </Paragraph>
      {!published ? (
        <Alert color="warning">
          <p>{cm.draftNotice}</p>
        </Alert>
      ) : null}
      {c.source === 'demo' ? (
        <Alert color="info">
          <p>{cm.demoNotice}</p>
        </Alert>
      ) : null}
      <Heading level={1} size="lg" lang={c.language !== lang ? c.language : undefined}>
        {c.title}
      </Heading>
      <p class="case-meta">
        <StatusTag status={c.status} cm={cm} /> {published ? null : <Tag color="neutral">{cm.draft}</Tag>}{' '}
        {cm.caseNumber(c.id)} ·{' '}
        {c.ownerOrgnr ? (
          <Link href={`/organisations/${c.ownerOrgnr}`}>
            {c.ownerName}
          </Link>
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
                  <Link href={`/organisations/${o.orgnr}`}>
                    {o.name}
                  </Link>
                ) : (
                  o.name
                )}
              </>
            ))}
          </>
        ) : null}
      </p>
      {c.looking_for_partners ? (
        <Paragraph data-testid="looking-for-partners">
          <Tag color="success">
            {cm.lookingForPartnersBadge}
          </Tag>
          {c.partner_needs.length ? ` ${c.partner_needs.map((n) => cm.actorTypes[n as keyof CaseMessages['actorTypes']] ?? n).join(', ')}` : null}
        </Paragraph>
      ) : null}
      {view.sections.heading}
      <div class="actions-row">
        {view.canEdit ? (
          <a class="ds-button" data-variant="secondary" href={`/cases/${c.id}/edit`}>
            {cm.edit}
          </a>
        ) : null}
        {view.canPublish && !published ? (
          <form method="post" action={`/cases/${c.id}/publish`} class="inline-form">
            <CsrfField token={ctx.csrfToken} />
            <Button variant="primary">
              {cm.publish}
            </Button>
          </form>
        ) : null}
        {view.canAdopt ? (
          <a class="ds-button" data-variant="secondary" href={`/cases/${c.id}/adopt`}>
            {cm.adopt}
          </a>
        ) : null}
        <Link href={`/cases/${c.id}/history`}>
          {cm.historyLink}
        </Link>
      </div>
      <Paragraph class="lead" lang={c.language !== lang ? c.language : undefined}>
        {c.summary}
      </Paragraph>

      <section class="case-section" aria-labelledby="s-basics">
        <Heading level={2} size="sm" id="s-basics">
          {cm.sections.basics}
        </Heading>
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
                <Link href={`/cases/${c.noveltySource.caseId}`}>
                  {c.noveltySource.title}
                </Link>
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
                        <Link href={`/organisations/${p.orgnr}`}>
                          {p.name}
                        </Link>
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
          <Heading level={2} size="sm" id="s-benefits">
            {cm.sections.benefits}
          </Heading>
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
        <Heading level={2} size="sm" id="s-learning">
          {cm.sections.learning}
        </Heading>
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
                <Link href={c.evaluation_link} rel="noopener noreferrer">
                  {f.evaluationLink}
                </Link>
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
        <Heading level={2} size="sm" id="s-trials">
          {cm.sections.trials}
        </Heading>
        {c.trials.length === 0 ? (
          <Paragraph>{cm.trial.none}</Paragraph>
        ) : (
          <TrialsTable lang={lang} trials={c.trials.map((t) => ({ ...t, caseId: c.id, caseTitle: c.title, orgName: c.ownerName, orgnr: c.ownerOrgnr }))} showCase={false} />
        )}
        {view.canEdit ? (
          <Paragraph>
            <Link href={`/cases/${c.id}/trials/new`}>
              {cm.addTrial}
            </Link>
          </Paragraph>
        ) : null}
      </section>

      <section class="case-section" aria-labelledby="s-adoptions">
        <Heading level={2} size="sm" id="s-adoptions">
          {cm.sections.adoptions} ({formatNumber(lang, c.adoptions.length)})
        </Heading>
        {c.adoptions.length === 0 ? (
          <Paragraph>{cm.adoptersNone}</Paragraph>
        ) : (
          <ul class="plain-list adopters" data-testid="adopters">
            {c.adoptions.map((a) => (
              <li class="adopter">
                <Paragraph>
                  {a.orgnr ? (
                    <Link class="adopter__name" href={`/organisations/${a.orgnr}`}>
                      {a.name}
                    </Link>
                  ) : (
                    <span class="adopter__name">{a.name}</span>
                  )}{' '}
                  <span class="case-meta">· {cm.adoptedOnDate(a.adoptedOn)}</span>
                </Paragraph>
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
                          <Link href={`/cases/${a.adopterCaseId}`}>
                            {cm.caseNumber(a.adopterCaseId)}
                          </Link>
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

      {view.sections.related}
      <section class="case-section" aria-labelledby="s-lineage">
        <Heading level={2} size="sm" id="s-lineage">
          {cm.sections.lineage}
        </Heading>
        {view.lineage.up.length === 0 && view.lineage.down.length === 0 ? (
          <Paragraph>{cm.lineageNone}</Paragraph>
        ) : (
          <div class="lineage">
            {view.lineage.up.length ? (
              <>
                <Heading level={3} size="xs">
                  {cm.adoptedFrom}
                </Heading>
                <ol class="plain-list">
                  {view.lineage.up.map((n) => (
                    <li>
                      <Link href={`/cases/${n.caseId}`}>
                        {n.title}
                      </Link>{' '}
                      ({n.orgName})
                    </li>
                  ))}
                </ol>
              </>
            ) : null}
            {view.lineage.down.length ? (
              <>
                <Heading level={3} size="xs">
                  {cm.adoptedBy}
                </Heading>
                <ol class="plain-list">
                  {view.lineage.down.map((n) => (
                    <li class={`depth-${Math.min(n.depth, 5)}`}>
                      <Link href={`/cases/${n.caseId}`}>
                        {n.title}
                      </Link>{' '}
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
        <Heading level={2} size="sm" id="s-contact">
          {cm.sections.links}
        </Heading>
        {c.links.length ? (
          <ul class="plain-list">
            {c.links.map((l) => (
              <li>
                <Link href={l.url} rel="noopener noreferrer">
                  {l.label}
                </Link>
              </li>
            ))}
          </ul>
        ) : null}
        {c.source_url ? (
          <Paragraph>
            <Link href={c.source_url} rel="noopener noreferrer">
              {c.source_url}
            </Link>
          </Paragraph>
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
          <Paragraph>{cm.contactHidden}</Paragraph>
        )}
        {view.canHandOver && view.handOverOptions.length > 0 ? (
          <form method="post" action={`/cases/${c.id}/handover`} class="stack narrow">
            <CsrfField token={ctx.csrfToken} />
            <SelectField name="userId" label={cm.handOver} options={view.handOverOptions} value={c.contact_user_id ?? ''} />
            <div>
              <Button variant="secondary">
                {cm.handOverSubmit}
              </Button>
            </div>
          </form>
        ) : null}
      </section>
      <Paragraph size="sm">
        {cm.f.visibility}: {cm.visibilities[c.visibility as keyof CaseMessages['visibilities']]} · {cm.version(String(c.version))} · {formatDateTime(lang, new Date(c.updated_at))}
      </Paragraph>
      {view.sections.end}
    </Layout>
  );
}
