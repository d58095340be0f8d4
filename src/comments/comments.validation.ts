import { messages, type Lang } from '../i18n/index.js';
import type { FieldError } from '../core/errors.js';
import { describeViolation, text, type Violation } from '../core/validation.js';
import { commentMessages } from './comments.messages.js';
import { BODY_MAX, COMMENT_KINDS, FLAG_NOTE_MAX, FLAG_REASONS, HIDE_REASON_MAX, type CommentKind, type FlagReason } from './comments.model.js';

/** The shared violations plus the rules only comments have. */
export type CommentViolation =
  | Violation
  | { code: 'unknown_parent' }
  | { code: 'reply_to_reply' }
  | { code: 'not_a_reply' }
  | { code: 'edit_window' }
  | { code: 'gone' };

export type CommentViolations = Record<string, CommentViolation>;

export function describeCommentViolation(lang: Lang, v: CommentViolation): string {
  const cm = commentMessages(lang);
  switch (v.code) {
    case 'unknown_parent':
      return cm.v.unknownParent;
    case 'reply_to_reply':
      return cm.v.replyToReply;
    case 'not_a_reply':
      return cm.v.notAReply;
    case 'edit_window':
      return cm.v.editWindow;
    case 'gone':
      return cm.v.gone;
    default:
      return describeViolation(messages(lang), v);
  }
}

export function toCommentFieldErrors(lang: Lang, violations: CommentViolations): FieldError[] {
  return Object.entries(violations).map(([field, v]) => ({ field, message: describeCommentViolation(lang, v) }));
}

export function toCommentFormErrors(lang: Lang, violations: CommentViolations): Record<string, string> {
  return Object.fromEntries(Object.entries(violations).map(([k, v]) => [k, describeCommentViolation(lang, v)]));
}

const ID = /^[0-9]{1,18}$/;

export interface CommentValues {
  kind: CommentKind;
  body: string;
  parentId: string | null;
}

/**
 * A comment's own fields. A reply's kind is always «comment» (a reply is not a new question);
 * whether the parent is on the same thing is the service's to check.
 */
export function validateComment(input: Record<string, unknown>, base?: { kind: CommentKind; parentId: string | null }): { value: CommentValues; violations: CommentViolations } {
  const v: CommentViolations = {};
  const sink = v as Record<string, Violation>;
  let parentId: string | null = base ? base.parentId : null;
  if (!base) {
    const raw = input.parentId;
    const s = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
    if (s && !ID.test(s)) v.parentId = { code: 'invalid_number' };
    else parentId = s || null;
  }
  let kind: CommentKind = base?.kind ?? 'comment';
  const rawKind = input.kind;
  if (rawKind !== undefined && rawKind !== null && rawKind !== '') {
    if (typeof rawKind !== 'string' || !(COMMENT_KINDS as readonly string[]).includes(rawKind)) v.kind = { code: 'invalid_choice' };
    else kind = rawKind as CommentKind;
  }
  if (parentId) kind = 'comment';
  const body = text(sink, 'body', input.body, { required: true, max: BODY_MAX });
  return { value: { kind, body, parentId }, violations: v };
}

export function validateFlag(input: Record<string, unknown>): { value: { reason: FlagReason; note: string }; violations: CommentViolations } {
  const v: CommentViolations = {};
  const sink = v as Record<string, Violation>;
  let reason: FlagReason = 'other';
  const raw = input.reason;
  if (raw === undefined || raw === null || raw === '') v.reason = { code: 'required' };
  else if (typeof raw !== 'string' || !(FLAG_REASONS as readonly string[]).includes(raw)) v.reason = { code: 'invalid_choice' };
  else reason = raw as FlagReason;
  const note = text(sink, 'note', input.note, { max: FLAG_NOTE_MAX });
  return { value: { reason, note }, violations: v };
}

export function validateHide(input: Record<string, unknown>): { reason: string; violations: CommentViolations } {
  const v: CommentViolations = {};
  const reason = text(v as Record<string, Violation>, 'reason', input.reason, { required: true, max: HIDE_REASON_MAX });
  return { reason, violations: v };
}
