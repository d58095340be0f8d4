import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { BODY_MAX, COMMENT_KINDS, FLAG_NOTE_MAX, FLAG_REASONS, HIDE_REASON_MAX } from './comments.model.js';

/** `T | null` as a type list, so the app's coercing Ajv does not turn null into '' or 0 (see cases.schemas.ts). */
const nullable = <T extends TSchema>(t: T) =>
  typeof t.type === 'string' ? Type.Unsafe<Static<T> | null>({ ...t, type: [t.type, 'null'] }) : Type.Union([t, Type.Null()]);

/**
 * Request bodies bound sizes and shapes only; the service checks the rules and names every bad
 * field in one answer, worded (the same validation as the forms).
 */
export const CommentCreateBody = Type.Object(
  {
    kind: Type.Optional(Type.String({ maxLength: 20, description: `${COMMENT_KINDS.join(' or ')} (default comment; a reply is always a comment)` })),
    body: Type.String({ maxLength: BODY_MAX * 2, description: `1–${BODY_MAX} characters` }),
    parentId: Type.Optional(nullable(Type.String({ maxLength: 20, description: 'Reply to this top-level comment on the same case or challenge' }))),
  },
  { additionalProperties: false },
);

export const CommentPatchBody = Type.Object(
  {
    kind: Type.Optional(Type.String({ maxLength: 20, description: `${COMMENT_KINDS.join(' or ')}; top-level posts only` })),
    body: Type.String({ maxLength: BODY_MAX * 2, description: `1–${BODY_MAX} characters` }),
  },
  { additionalProperties: false },
);

export const FlagBody = Type.Object(
  {
    reason: Type.String({ maxLength: 30, description: FLAG_REASONS.join(', ') }),
    note: Type.Optional(Type.String({ maxLength: FLAG_NOTE_MAX * 2, description: `Optional, up to ${FLAG_NOTE_MAX} characters` })),
  },
  { additionalProperties: false },
);

export const HideBody = Type.Object({ reason: Type.String({ maxLength: HIDE_REASON_MAX * 2, description: 'Shown to everyone in place of the text' }) }, { additionalProperties: false });

export const AnswerBody = Type.Object(
  { answer: Type.Optional(Type.Boolean({ default: true, description: 'true marks this reply as the answer to its question (replacing another); false unmarks it' })) },
  { additionalProperties: false },
);

export const CommentSchema = Type.Object({
  id: Type.String(),
  parentId: nullable(Type.String()),
  kind: Type.String({ description: COMMENT_KINDS.join(', ') }),
  body: nullable(Type.String({ description: 'Null when deleted, or hidden (the author and platform admins still see a hidden text)' })),
  author: nullable(Type.Object({ name: nullable(Type.String()) })),
  createdAt: Type.String({ format: 'date-time' }),
  editedAt: nullable(Type.String({ format: 'date-time' })),
  deleted: Type.Boolean(),
  hidden: nullable(Type.Object({ reason: nullable(Type.String()) }, { description: 'Hidden by a moderator, with the reason everyone sees' })),
  answered: nullable(Type.Boolean({ description: 'For a question: has a marked answer' })),
  answerId: nullable(Type.String({ description: 'For a question: the reply marked as the answer' })),
  isAnswer: Type.Boolean(),
  mine: Type.Boolean({ description: 'Written by the caller' }),
  flaggedByYou: Type.Boolean(),
  openFlags: nullable(Type.Integer({ description: 'Open reports; for moderators only, null for others' })),
});

export const CommentListSchema = Type.Object({ items: Type.Array(CommentSchema), total: Type.Integer() });

export const OkSchema = Type.Object({ ok: Type.Literal(true), path: Type.String({ description: 'The page of the case or challenge, at the comment' }) });
