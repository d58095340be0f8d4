import type { VNode } from 'preact';
import type { SectionContext } from '../core/feature.js';
import type { CaseFormSubject, CasePageSubject } from '../cases/index.js';
import type { ChallengeFormSubject } from '../challenges/index.js';
import { searchMessages } from './search.messages.js';
import { similarToLoadedCase, similarToText } from './search.service.js';
import { SimilarCases, SimilarHint } from './search.views.js';

/** What search adds to other features' pages: similar cases on a case page, "someone already did this" on the forms. */

const item = (i: { id: string; title: string; ownerName: string }) => ({ id: i.id, title: i.title, ownerName: i.ownerName });

/** The five cases most like this one. */
export async function similarCases({ db, request }: SectionContext, { ctx, row }: CasePageSubject): Promise<VNode> {
  const found = await similarToLoadedCase(db, request.auth, row);
  return <SimilarCases lang={ctx.lang} items={found.map(item)} heading={searchMessages(ctx.lang).similarTitle} id="s-similar" />;
}

/** Cases like the text typed so far; empty (for similar-hint.js to fill) until there is text enough to compare. */
async function hintItems({ db, request }: SectionContext, text: string) {
  return text.trim().length >= 12 ? (await similarToText(db, request.auth, text)).map(item) : [];
}

export async function caseFormHint(sc: SectionContext, { ctx, caseId, text }: CaseFormSubject): Promise<VNode> {
  const items = await hintItems(sc, text);
  return <SimilarHint lang={ctx.lang} caseId={caseId} items={items.filter((i) => i.id !== caseId)} />;
}

export async function challengeFormHint(sc: SectionContext, { ctx, text }: ChallengeFormSubject): Promise<VNode> {
  return <SimilarHint lang={ctx.lang} items={await hintItems(sc, text)} />;
}
