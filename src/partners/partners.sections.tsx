import type { VNode } from 'preact';
import type { SectionContext } from '../core/feature.js';
import { formatNumber, type Lang } from '../i18n/index.js';
import type { CasePageSubject } from '../cases/index.js';
import { challengeMessages } from '../challenges/index.js';
import type { ChallengeState } from '../challenges/index.js';
import type { OrgListSubject, OrgPageSubject } from '../orgs/index.js';
import { partnerMessages } from './partners.messages.js';
import { challengesSolvedByCase, orgChallenges, partnerProfile } from './partners.service.js';
import { needsText } from './partners.views.js';
import { Heading, Link, Paragraph, Tag } from '../ui/ds.js';

/** What partner search adds to other features' pages: the case page and the organisation pages. */

/** «Solves these challenges» under a case's heading. */
export async function caseSolves({ db }: SectionContext, { ctx, row }: CasePageSubject): Promise<VNode | null> {
  return <SolvesChallenges lang={ctx.lang} items={await challengesSolvedByCase(db, row.id)} />;
}

/** Whether the organisation looks for partners, at the top of what the organisation page shows of others. */
export async function orgLooking({ db }: SectionContext, { ctx, org }: OrgPageSubject): Promise<VNode> {
  return <OrgLookingStatus lang={ctx.lang} view={{ profile: await partnerProfile(db, org.id) }} />;
}

/** The organisation's challenges, after its cases. */
export async function orgChallengeList({ db }: SectionContext, { ctx, org }: OrgPageSubject): Promise<VNode> {
  const challenges = await orgChallenges(db, org.id, 10);
  return <OrgChallengesSection lang={ctx.lang} view={{ orgnr: org.orgnr, challenges: challenges.items, totalChallenges: challenges.total }} />;
}

/** The way from the organisation list to partner search. */
export function findPartnersLink(_sc: SectionContext, { ctx }: OrgListSubject): VNode {
  return (
    <Paragraph>
      <Link href="/partners">
        {partnerMessages(ctx.lang).findPartnersLink}
      </Link>
    </Paragraph>
  );
}

interface ChallengeRef {
  id: string;
  title: string;
  state: string;
  language: string;
}

function ChallengeLink({ c, lang }: { c: ChallengeRef; lang: Lang }) {
  const cm = challengeMessages(lang);
  return (
    <>
      <Link href={`/challenges/${c.id}`} lang={c.language !== lang ? c.language : undefined}>
        {c.title}
      </Link>{' '}
      <Tag color={c.state === 'open' ? 'info' : c.state === 'closed' ? 'neutral' : 'success'} size="sm">
        {cm.states[c.state as ChallengeState] ?? c.state}
      </Tag>
    </>
  );
}

/** «Solves these challenges»: the challenges a case was offered for with «we solved this». */
export function SolvesChallenges({ lang, items }: { lang: Lang; items: ChallengeRef[] }) {
  if (items.length === 0) return null;
  return (
    <Paragraph data-testid="solves-challenges">
      {partnerMessages(lang).solvesChallenges}:{' '}
      {items.map((c, i) => (
        <>
          {i > 0 ? ', ' : ''}
          <ChallengeLink c={c} lang={lang} />
        </>
      ))}
    </Paragraph>
  );
}

export interface OrgPartnerView {
  profile: { looking: boolean; caseNeeds: string[]; challengeNeeds: string[] };
  challenges: (ChallengeRef & { outcome: string | null })[];
  totalChallenges: number;
  orgnr: string | null;
}

/** The organisation page's partner status: looking for partners or not, and for what. */
export function OrgLookingStatus({ lang, view }: { lang: Lang; view: Pick<OrgPartnerView, 'profile'> }) {
  const pm = partnerMessages(lang);
  const needs = needsText(lang, view.profile.caseNeeds, view.profile.challengeNeeds);
  return (
      <Paragraph data-testid="org-looking">
        {view.profile.looking ? (
          <>
            <Tag color="success">
              {pm.looking}
            </Tag>
            {needs ? ` ${needs}` : ''}
          </>
        ) : (
          pm.notLooking
        )}{' '}
        ·{' '}
        <Link href="/partners">
          {pm.findPartnersLink}
        </Link>
      </Paragraph>
  );
}

/** The organisation's challenges (posted or co-owned), the open ones first. */
export function OrgChallengesSection({ lang, view }: { lang: Lang; view: Omit<OrgPartnerView, 'profile'> }) {
  const pm = partnerMessages(lang);
  return (
      <section aria-labelledby="org-challenges">
        <Heading level={2} size="sm" id="org-challenges">
          {pm.orgChallenges} ({formatNumber(lang, view.totalChallenges)})
        </Heading>
        {view.challenges.length === 0 ? (
          <Paragraph>{pm.orgNoChallenges}</Paragraph>
        ) : (
          <ul class="plain-list" data-testid="org-challenge-list">
            {view.challenges.map((c) => (
              <li>
                <ChallengeLink c={c} lang={lang} />
              </li>
            ))}
          </ul>
        )}
        {view.totalChallenges > view.challenges.length && view.orgnr ? (
          <Paragraph>
            <Link href={`/api/v1/challenges?owner=${view.orgnr}`}>
              {challengeMessages(lang).count(formatNumber(lang, view.totalChallenges))}
            </Link>
          </Paragraph>
        ) : null}
      </section>
  );
}
