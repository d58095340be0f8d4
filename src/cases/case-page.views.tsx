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
    <Layout ctx={ctx} title={c.title} section="cases" head={view.sections.head}>
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
            {cm.lookingForPartnersBadge}
          </span>
          {c.partner_needs.length ? ` ${c.partner_needs.map((n) => cm.actorTypes[n as keyof CaseMessages['actorTypes']] ?? n).join(', ')}` : null}
        </p>
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

      {view.sections.related}
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
      {view.sections.end}
    </Layout>
  );
}
