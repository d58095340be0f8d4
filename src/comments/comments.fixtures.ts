import type { FastifyInstance } from 'fastify';

/** Test factories for comments (this feature's tests and the accessibility test). */

export const bearer = (token: string | undefined) => (token ? { authorization: `Bearer ${token}` } : {});

/** Posts a comment through the API; throws unless it gets `status`. Returns the created comment. */
export async function commentViaApi(app: FastifyInstance, token: string, on: { kind: 'case' | 'challenge'; id: string }, payload: Record<string, unknown>, status = 201) {
  const res = await app.inject({ method: 'POST', url: `/api/v1/${on.kind === 'case' ? 'cases' : 'challenges'}/${on.id}/comments`, headers: bearer(token), payload });
  if (res.statusCode !== status) throw new Error(`comment failed ${res.statusCode}: ${res.body}`);
  return res.json() as { id: string } & Record<string, unknown>;
}

/** A POST to /api/v1/comments/{id}/… ; throws unless it gets `status`. */
export async function commentActionViaApi(app: FastifyInstance, token: string, id: string, action: 'flags' | 'hide' | 'unhide' | 'answer', payload: Record<string, unknown> = {}, status = action === 'flags' ? 201 : 200) {
  const res = await app.inject({ method: 'POST', url: `/api/v1/comments/${id}/${action}`, headers: bearer(token), payload });
  if (res.statusCode !== status) throw new Error(`${action} failed ${res.statusCode}: ${res.body}`);
  return res.json() as Record<string, unknown>;
}

/**
 * A thread on a case or challenge: a question answered by a reply (marked by `ownerToken`), a
 * comment hidden by `moderatorToken` and an open question. Returns the ids.
 */
export async function createThread(app: FastifyInstance, on: { kind: 'case' | 'challenge'; id: string }, tokens: { asker: string; owner: string; moderator: string }) {
  const question = await commentViaApi(app, tokens.asker, on, { kind: 'question', body: 'Hvordan fikk dere med foreldre uten smarttelefon?' });
  const answer = await commentViaApi(app, tokens.owner, on, { body: 'Vi sendte SMS og ringte dem de første ukene.', parentId: question.id });
  await commentActionViaApi(app, tokens.owner, answer.id, 'answer', { answer: true });
  const rude = await commentViaApi(app, tokens.asker, on, { body: 'Ring Ola Nordmann på 999 99 999, han vet alt.' });
  await commentActionViaApi(app, tokens.owner, rude.id, 'flags', { reason: 'personal_data', note: 'Telefonnummer' });
  await commentActionViaApi(app, tokens.moderator, rude.id, 'hide', { reason: 'Inneholdt personopplysninger' });
  const open = await commentViaApi(app, tokens.asker, on, { kind: 'question', body: 'Hva kostet løsningen i drift per år?' });
  const flagged = await commentViaApi(app, tokens.asker, on, { body: 'Kjøp billige klokker her!' });
  await commentActionViaApi(app, tokens.owner, flagged.id, 'flags', { reason: 'spam' });
  return { questionId: question.id, answerId: answer.id, hiddenId: rude.id, openQuestionId: open.id, flaggedId: flagged.id };
}
