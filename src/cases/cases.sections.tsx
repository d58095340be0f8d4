import type { VNode } from 'preact';
import type { SectionContext } from '../core/feature.js';
import { formatNumber, type Lang } from '../i18n/index.js';
import type { OrgPageSubject } from '../orgs/index.js';
import { caseMessages } from './cases.messages.js';
import type { CaseListItem } from './cases.queries.js';
import { listCases, organisationReuse } from './cases.service.js';
import { CaseCards } from './cases.views.js';
import { Heading, Link, Paragraph } from '../ui/ds.js';

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
        <Heading level={2} size="sm" id="org-cases">
          {cm.orgCases} ({formatNumber(lang, view.total)})
        </Heading>
        {view.cases.length === 0 ? <Paragraph>{cm.none}</Paragraph> : <CaseCards items={view.cases} lang={lang} />}
        {view.total > view.cases.length && view.orgnr ? (
          <Paragraph>
            <Link href={`/api/v1/cases?owner=${view.orgnr}`}>
              {cm.count(formatNumber(lang, view.total))}
            </Link>
          </Paragraph>
        ) : null}
      </section>
      <section aria-labelledby="org-spread">
        <Heading level={2} size="sm" id="org-spread">
          {cm.orgSpread} ({formatNumber(lang, view.spread.length)})
        </Heading>
        {view.spread.length === 0 ? (
          <Paragraph>–</Paragraph>
        ) : (
          <ul class="plain-list">
            {view.spread.map((s) => (
              <li>
                <Link href={`/cases/${s.caseId}`}>
                  {s.title}
                </Link>{' '}
                → {s.adopterOrgnr ? <Link href={`/organisations/${s.adopterOrgnr}`}>{s.adopterName}</Link> : s.adopterName} ({s.adoptedOn})
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="org-reused">
        <Heading level={2} size="sm" id="org-reused">
          {cm.orgReused} ({formatNumber(lang, view.reused.length)})
        </Heading>
        {view.reused.length === 0 ? (
          <Paragraph>–</Paragraph>
        ) : (
          <ul class="plain-list">
            {view.reused.map((s) => (
              <li>
                <Link href={`/cases/${s.caseId}`}>
                  {s.title}
                </Link>{' '}
                ← {s.sourceOrgnr ? <Link href={`/organisations/${s.sourceOrgnr}`}>{s.sourceName}</Link> : s.sourceName} ({s.adoptedOn})
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
