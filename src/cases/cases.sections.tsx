import type { VNode } from 'preact';
import type { SectionContext } from '../core/feature.js';
import { formatNumber, type Lang } from '../i18n/index.js';
import type { OrgPageSubject } from '../orgs/index.js';
import { caseMessages } from './cases.messages.js';
import type { CaseListItem } from './cases.queries.js';
import { listCases, organisationReuse } from './cases.service.js';
import { CaseCards } from './cases.views.js';

/** What the case bank adds to other features' pages: an organisation's cases and reuse on its page. */

export async function orgCases({ db, request }: SectionContext, { ctx, org }: OrgPageSubject): Promise<VNode> {
  const [list, reuse] = await Promise.all([listCases(db, request.auth, { ownerOrgIds: [org.id], limit: 10, offset: 0 }), organisationReuse(db, request.auth, org.id)]);
  return <OrgCasesSection lang={ctx.lang} view={{ orgnr: org.orgnr, cases: list.items, total: list.total, ...reuse }} />;
}

export interface OrgCasesView {
  orgnr: string | null;
  cases: CaseListItem[];
  total: number;
  spread: { caseId: string; title: string; adopterName: string; adopterOrgnr: string | null; adoptedOn: string }[];
  reused: { caseId: string; title: string; sourceName: string; sourceOrgnr: string | null; adoptedOn: string }[];
}

/** The organisation page's part about innovation: its cases, what it spread and what it reused. */
export function OrgCasesSection({ lang, view }: { lang: Lang; view: OrgCasesView }) {
  const cm = caseMessages(lang);
  return (
    <>
      <section aria-labelledby="org-cases">
        <h2 class="ds-heading" data-size="sm" id="org-cases">
          {cm.orgCases} ({formatNumber(lang, view.total)})
        </h2>
        {view.cases.length === 0 ? <p class="ds-paragraph">{cm.none}</p> : <CaseCards items={view.cases} lang={lang} />}
        {view.total > view.cases.length && view.orgnr ? (
          <p class="ds-paragraph">
            <a class="ds-link" href={`/api/v1/cases?owner=${view.orgnr}`}>
              {cm.count(formatNumber(lang, view.total))}
            </a>
          </p>
        ) : null}
      </section>
      <section aria-labelledby="org-spread">
        <h2 class="ds-heading" data-size="sm" id="org-spread">
          {cm.orgSpread} ({formatNumber(lang, view.spread.length)})
        </h2>
        {view.spread.length === 0 ? (
          <p class="ds-paragraph">–</p>
        ) : (
          <ul class="plain-list">
            {view.spread.map((s) => (
              <li>
                <a class="ds-link" href={`/cases/${s.caseId}`}>
                  {s.title}
                </a>{' '}
                → {s.adopterOrgnr ? <a class="ds-link" href={`/organisations/${s.adopterOrgnr}`}>{s.adopterName}</a> : s.adopterName} ({s.adoptedOn})
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="org-reused">
        <h2 class="ds-heading" data-size="sm" id="org-reused">
          {cm.orgReused} ({formatNumber(lang, view.reused.length)})
        </h2>
        {view.reused.length === 0 ? (
          <p class="ds-paragraph">–</p>
        ) : (
          <ul class="plain-list">
            {view.reused.map((s) => (
              <li>
                <a class="ds-link" href={`/cases/${s.caseId}`}>
                  {s.title}
                </a>{' '}
                ← {s.sourceOrgnr ? <a class="ds-link" href={`/organisations/${s.sourceOrgnr}`}>{s.sourceName}</a> : s.sourceName} ({s.adoptedOn})
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
