import type { VNode } from 'preact';
import type { SectionContext } from '../core/feature.js';
import type { CaseListSubject, CasePageSubject } from '../cases/index.js';
import type { ChallengeListSubject } from '../challenges/index.js';
import { CaseJsonLd } from './jsonld.js';
import { FeedLinks } from './opendata.views.js';

/** What open data adds to other features' pages: schema.org data on a public case, the feeds on the lists. */

/** schema.org data only on published public cases (CaseJsonLd renders nothing otherwise). */
export function caseJsonLd({ config }: SectionContext, { row }: CasePageSubject): VNode | null {
  // Links are relative without PUBLIC_URL: the page cache must not keep a Host header's value.
  return CaseJsonLd({ c: row, baseUrl: config.publicUrl ?? '' });
}

export const caseFeed = (_ctx: SectionContext, { ctx }: CaseListSubject): VNode => <FeedLinks lang={ctx.lang} which="cases" />;
export const challengeFeed = (_ctx: SectionContext, { ctx }: ChallengeListSubject): VNode => <FeedLinks lang={ctx.lang} which="challenges" />;
