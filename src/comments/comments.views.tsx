import type { ComponentChildren } from 'preact';
import { formatDateTime, formatNumber, type Lang } from '../i18n/index.js';
import { ChoiceGroup } from '../ui/choices.js';
import type { ViewContext } from '../ui/context.js';
import { CsrfField, ErrorSummary, SelectField, TextArea, TextField, type FormErrors, type Option } from '../ui/forms.js';
import { Layout } from '../ui/layout.js';
import { commentMessages, type CommentMessages } from './comments.messages.js';
import { COMMENT_KINDS, FLAG_REASONS, type ThingKind } from './comments.model.js';
import type { CommentView } from './comments.present.js';
import type { FlaggedRow } from './comments.queries.js';
import type { ThreadPermissions } from './comments.service.js';

/** A form as posted: every field as the user typed it (kept verbatim when it comes back with errors). */
export type FormState = Record<string, string | string[] | undefined>;

export function one(state: FormState, name: string): string {
  const v = state[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
}

export interface ThingRef {
  kind: ThingKind;
  id: string;
  title: string;
}

/** What the comments section on a case or challenge page shows. */
export interface CommentSectionData {
  thing: ThingRef;
  items: CommentView[];
  can: ThreadPermissions;
  /** The post form as sent, with its errors (the standalone comments page after a failed post). */
  posted?: { state: FormState; errors: FormErrors } | undefined;
}

const thingPath = (t: { kind: ThingKind; id: string }) => (t.kind === 'case' ? `/cases/${t.id}` : `/challenges/${t.id}`);
const opts = <K extends string>(keys: readonly K[], labels: Record<K, string>): Option[] => keys.map((k) => ({ value: k, label: labels[k] }));

function When({ lang, iso }: { lang: Lang; iso: string }) {
  return <time dateTime={iso}>{formatDateTime(lang, new Date(iso))}</time>;
}

function Body({ text }: { text: string }) {
  return (
    <div class="prose">
      {text.split(/\n{2,}/).map((p) => (
        <p class="ds-paragraph" data-variant="long">
          {p}
        </p>
      ))}
    </div>
  );
}

/** A small form of one button (mark as answer, unhide, delete): CSRF token, hidden fields, the button. */
function ButtonForm({ ctx, action, label, fields = {}, variant = 'tertiary' }: { ctx: ViewContext; action: string; label: string; fields?: Record<string, string>; variant?: string }) {
  return (
    <form method="post" action={action} class="inline-form">
      <CsrfField token={ctx.csrfToken} />
      {Object.entries(fields).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <button type="submit" class="ds-button" data-variant={variant} data-size="sm">
        {label}
      </button>
    </form>
  );
}

/**
 * A form folded into a `<details>` (reply, report, hide): it opens without JavaScript, and keeps
 * the thread readable when there are many posts. Field ids carry the comment's id, so many such
 * forms can share a page.
 */
function Folded({ summary, children }: { summary: string; children: ComponentChildren }) {
  return (
    <details class="comment-fold">
      <summary class="ds-link">{summary}</summary>
      {children}
    </details>
  );
}

function Field({ id, label, hint, children }: { id: string; label: string; hint?: string; children: ComponentChildren }) {
  return (
    <div class="ds-field">
      <label class="ds-label" for={id} data-weight="medium">
        {label}
      </label>
      {hint ? (
        <div data-field="description" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {children}
    </div>
  );
}

function CommentItem({ ctx, data, c, replies }: { ctx: ViewContext; data: CommentSectionData; c: CommentView; replies: CommentView[] }) {
  const { lang } = ctx;
  const cm = commentMessages(lang);
  const { can, thing } = data;
  const question = c.kind === 'question';
  const gone = c.deleted || c.hiddenReason !== null;
  return (
    <li id={`comment-${c.id}`} class="ds-card comment" data-color={c.isAnswer ? 'success' : 'neutral'} data-kind={c.kind} data-testid="comment">
      <p class="ds-paragraph comment__meta" data-size="sm">
        {c.parentId === null ? (
          <>
            <span class="ds-tag" data-color={question ? 'info' : 'neutral'}>
              {cm.kinds[c.kind]}
            </span>{' '}
          </>
        ) : null}
        {question ? (
          <>
            <span class="ds-tag" data-color={c.answerId ? 'success' : 'warning'} data-testid="answered">
              {c.answerId ? cm.answered : cm.unanswered}
            </span>{' '}
          </>
        ) : null}
        {c.isAnswer ? (
          <>
            <strong class="ds-tag" data-color="success" data-testid="the-answer">
              {cm.theAnswer}
            </strong>{' '}
          </>
        ) : null}
        {c.deleted ? null : <>{cm.by(c.authorName ?? cm.unknownAuthor)} · </>}
        <When lang={lang} iso={c.createdAt} />
        {c.editedAt && !c.deleted ? ` (${cm.edited})` : ''}
        {c.openFlags ? (
          <>
            {' · '}
            <span class="ds-tag" data-color="danger">
              {cm.flags(formatNumber(lang, c.openFlags))}
            </span>
          </>
        ) : null}
      </p>
      {c.deleted ? (
        <p class="ds-paragraph">
          <em>{cm.deleted}</em>
        </p>
      ) : c.hiddenReason !== null ? (
        <>
          <p class="ds-paragraph" data-testid="hidden">
            <em>{cm.hiddenByModerator(c.hiddenReason)}</em>
          </p>
          {c.body !== null ? (
            <div class="comment__hidden-text">
              <p class="ds-paragraph" data-size="sm">
                {cm.hiddenTextForYou}
              </p>
              <Body text={c.body} />
            </div>
          ) : null}
        </>
      ) : c.body !== null ? (
        <Body text={c.body} />
      ) : null}
      <div class="comment__actions">
        {c.mine && !gone ? (
          <>
            <a class="ds-link inline-form" href={`/comments/${c.id}/edit`}>
              {cm.edit}
            </a>
            <ButtonForm ctx={ctx} action={`/comments/${c.id}/delete`} label={cm.delete} />
          </>
        ) : null}
        {can.canMarkAnswer && c.repliesToQuestion && !gone ? (
          <ButtonForm ctx={ctx} action={`/comments/${c.id}/answer`} label={c.isAnswer ? cm.unmarkAnswer : cm.markAnswer} fields={{ answer: c.isAnswer ? 'false' : 'true' }} variant="secondary" />
        ) : null}
        {can.canModerate && c.hiddenReason !== null && !c.deleted ? <ButtonForm ctx={ctx} action={`/comments/${c.id}/unhide`} label={cm.unhide} /> : null}
        {can.canComment && !c.mine && !c.deleted ? (
          c.flaggedByViewer ? (
            <span class="ds-paragraph" data-size="sm">
              {cm.youFlagged}
            </span>
          ) : (
            <Folded summary={cm.flag}>
              <form method="post" action={`/comments/${c.id}/flag`} novalidate class="stack narrow">
                <CsrfField token={ctx.csrfToken} />
                <Field id={`flag-${c.id}-reason`} label={cm.f.reason}>
                  <select class="ds-input" id={`flag-${c.id}-reason`} name="reason" aria-required="true">
                    {opts(FLAG_REASONS, cm.reasons).map((o) => (
                      <option value={o.value}>{o.label}</option>
                    ))}
                  </select>
                </Field>
                <Field id={`flag-${c.id}-note`} label={cm.f.note}>
                  <textarea class="ds-input" id={`flag-${c.id}-note`} name="note" rows={2} />
                </Field>
                <div>
                  <button type="submit" class="ds-button" data-variant="secondary" data-size="sm">
                    {cm.flagSubmit}
                  </button>
                </div>
              </form>
            </Folded>
          )
        ) : null}
        {can.canModerate && c.hiddenReason === null && !c.deleted ? (
          <Folded summary={cm.hide}>
            <form method="post" action={`/comments/${c.id}/hide`} novalidate class="stack narrow">
              <CsrfField token={ctx.csrfToken} />
              <Field id={`hide-${c.id}-reason`} label={cm.f.hideReason} hint={cm.f.hideReasonHint}>
                <input class="ds-input" id={`hide-${c.id}-reason`} name="reason" aria-required="true" aria-describedby={`hide-${c.id}-reason-hint`} />
              </Field>
              <div>
                <button type="submit" class="ds-button" data-variant="secondary" data-size="sm">
                  {cm.hideSubmit}
                </button>
              </div>
            </form>
          </Folded>
        ) : null}
      </div>
      {replies.length ? (
        <ul class="plain-list comment__replies" aria-label={cm.replies}>
          {replies.map((r) => (
            <CommentItem ctx={ctx} data={data} c={r} replies={[]} />
          ))}
        </ul>
      ) : null}
      {c.parentId === null && can.canComment && !gone ? (
        <Folded summary={cm.reply}>
          <form method="post" action={`${thingPath(thing)}/comments`} novalidate class="stack narrow">
            <CsrfField token={ctx.csrfToken} />
            <input type="hidden" name="parentId" value={c.id} />
            <Field id={`reply-${c.id}-body`} label={cm.f.replyBody}>
              <textarea class="ds-input" id={`reply-${c.id}-body`} name="commentBody" rows={3} aria-required="true" />
            </Field>
            <div>
              <button type="submit" class="ds-button" data-variant="primary" data-size="sm">
                {cm.postReply}
              </button>
            </div>
          </form>
        </Folded>
      ) : null}
    </li>
  );
}

/** The post form (a new comment or question; or, after a failed reply, that reply). */
function PostForm({ ctx, data }: { ctx: ViewContext; data: CommentSectionData }) {
  const cm = commentMessages(ctx.lang);
  const state = data.posted?.state ?? {};
  const errors = data.posted?.errors ?? {};
  const parentId = one(state, 'parentId');
  const parent = parentId ? data.items.find((c) => c.id === parentId) : undefined;
  const heading = parent ? cm.replyTo(parent.authorName ?? cm.unknownAuthor) : cm.newPost;
  return (
    <form method="post" action={`${thingPath(data.thing)}/comments`} novalidate class="stack narrow form-section" aria-labelledby="comment-form-heading">
      <h3 class="ds-heading" data-size="xs" id="comment-form-heading">
        {heading}
      </h3>
      <CsrfField token={ctx.csrfToken} />
      {parentId ? (
        <input type="hidden" name="parentId" value={parentId} />
      ) : (
        <ChoiceGroup type="radio" inline name="commentKind" legend={cm.f.kind} error={errors.commentKind} options={opts(COMMENT_KINDS, cm.kinds)} checked={[one(state, 'commentKind') || 'comment']} />
      )}
      <TextArea name="commentBody" label={parent ? cm.f.replyBody : cm.f.body} hint={cm.f.bodyHint} value={one(state, 'commentBody')} error={errors.commentBody ?? errors.parentId} rows={5} required />
      <div>
        <button type="submit" class="ds-button" data-variant="primary">
          {parent ? cm.postReply : cm.post}
        </button>
      </div>
    </form>
  );
}

/**
 * The comments section of a case or challenge page: the thread (questions show whether they are
 * answered, the answer stands out), and the post form for those who may write. Anonymous visitors
 * get a sign-in link and no form, so their page stays shareable in the page cache.
 */
export function CommentsSection({ ctx, data }: { ctx: ViewContext; data: CommentSectionData }) {
  const { lang } = ctx;
  const cm = commentMessages(lang);
  const top = data.items.filter((c) => c.parentId === null);
  const repliesOf = (id: string) => data.items.filter((c) => c.parentId === id);
  return (
    <section class="case-section comments" aria-labelledby="s-comments" id="comments">
      <h2 class="ds-heading" data-size="sm" id="s-comments">
        {`${cm.heading} (${formatNumber(lang, data.items.length)})`}
      </h2>
      {top.length === 0 ? (
        <p class="ds-paragraph">{cm.none}</p>
      ) : (
        <ul class="plain-list" data-testid="comments">
          {top.map((c) => (
            <CommentItem ctx={ctx} data={data} c={c} replies={repliesOf(c.id)} />
          ))}
        </ul>
      )}
      {data.can.canComment ? (
        <PostForm ctx={ctx} data={data} />
      ) : !data.can.signedIn ? (
        <p class="ds-paragraph">
          <a class="ds-link" href={`/signin?next=${encodeURIComponent(`${thingPath(data.thing)}#comments`)}`}>
            {cm.signInToComment}
          </a>
        </p>
      ) : null}
    </section>
  );
}

const FORM_LABELS = (cm: CommentMessages): Record<string, string> => ({
  commentKind: cm.f.kind,
  commentBody: cm.f.body,
  parentId: cm.f.replyBody,
  body: cm.f.body,
  kind: cm.f.kind,
  reason: cm.f.reason,
  note: cm.f.note,
  answer: cm.theAnswer,
});

function BackLink({ thing, cm }: { thing: ThingRef; cm: CommentMessages }) {
  return (
    <p class="ds-paragraph">
      <a class="ds-link" href={thingPath(thing)}>
        {cm.backTo(thing.title)}
      </a>
    </p>
  );
}

/** A thing's comments on a page of their own: where a failed post comes back with its errors and input. */
export function CommentsPage({ ctx, data }: { ctx: ViewContext; data: CommentSectionData }) {
  const cm = commentMessages(ctx.lang);
  const errors = data.posted?.errors ?? {};
  const title = cm.commentsOn(data.thing.title);
  return (
    <Layout ctx={ctx} title={Object.keys(errors).length ? `${ctx.m.errors.title}: ${title}` : title} section={data.thing.kind === 'case' ? 'cases' : 'challenges'}>
      <ErrorSummary errors={errors} m={ctx.m} labels={FORM_LABELS(cm)} />
      <BackLink thing={data.thing} cm={cm} />
      <h1 class="ds-heading" data-size="lg">
        {title}
      </h1>
      <CommentsSection ctx={ctx} data={data} />
    </Layout>
  );
}

/** The comment an action page is about, quoted. */
function Quoted({ ctx, body }: { ctx: ViewContext; body: string | null }) {
  const cm = commentMessages(ctx.lang);
  if (body === null) return null;
  return (
    <figure class="ds-card comment" data-color="neutral">
      <figcaption class="ds-paragraph" data-size="sm">
        {cm.quoted}
      </figcaption>
      <blockquote>
        <Body text={body} />
      </blockquote>
    </figure>
  );
}

export type ActionForm = 'edit' | 'flag' | 'hide';

export interface ActionPageView {
  form: ActionForm;
  commentId: string;
  thing: ThingRef;
  /** The comment's text as this viewer may see it. */
  body: string | null;
  /** Only a top-level post can turn from comment to question. */
  topLevel: boolean;
  state: FormState;
  errors: FormErrors;
}

/** Edit, report or hide one comment, on a page of its own (also where these forms come back with errors). */
export function CommentActionPage({ ctx, view }: { ctx: ViewContext; view: ActionPageView }) {
  const cm = commentMessages(ctx.lang);
  const { state, errors } = view;
  const heading = view.form === 'edit' ? cm.editHeading : view.form === 'flag' ? cm.flagHeading : cm.hideHeading;
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <Layout ctx={ctx} title={hasErrors ? `${ctx.m.errors.title}: ${heading}` : heading} section={view.thing.kind === 'case' ? 'cases' : 'challenges'}>
      <ErrorSummary errors={errors} m={ctx.m} labels={{ ...FORM_LABELS(cm), reason: view.form === 'hide' ? cm.f.hideReason : cm.f.reason }} />
      <BackLink thing={view.thing} cm={cm} />
      <h1 class="ds-heading" data-size="lg">
        {heading}
      </h1>
      {view.form !== 'edit' ? <Quoted ctx={ctx} body={view.body} /> : null}
      <form method="post" action={`/comments/${view.commentId}/${view.form}`} novalidate class="stack narrow">
        <CsrfField token={ctx.csrfToken} />
        {view.form === 'edit' ? (
          <>
            {view.topLevel ? <ChoiceGroup type="radio" inline name="kind" legend={cm.f.kind} error={errors.kind} options={opts(COMMENT_KINDS, cm.kinds)} checked={[one(state, 'kind') || 'comment']} /> : null}
            <TextArea name="body" label={cm.f.body} hint={cm.f.bodyHint} value={one(state, 'body')} error={errors.body} rows={8} required />
          </>
        ) : view.form === 'flag' ? (
          <>
            <SelectField name="reason" label={cm.f.reason} value={one(state, 'reason')} error={errors.reason} options={[{ value: '', label: '–' }, ...opts(FLAG_REASONS, cm.reasons)]} required />
            <TextArea name="note" label={cm.f.note} value={one(state, 'note')} error={errors.note} rows={3} />
          </>
        ) : (
          <TextField name="reason" label={cm.f.hideReason} hint={cm.f.hideReasonHint} value={one(state, 'reason')} error={errors.reason} required />
        )}
        <div class="form-actions">
          <button type="submit" class="ds-button" data-variant="primary">
            {view.form === 'edit' ? cm.save : view.form === 'flag' ? cm.flagSubmit : cm.hideSubmit}
          </button>
          <a class="ds-link" href={`${thingPath(view.thing)}#comment-${view.commentId}`}>
            {cm.cancel}
          </a>
        </div>
      </form>
    </Layout>
  );
}

/** Reported comments for org admins (on what their organisations own) and platform admins (all). */
export function ModerationPage({ ctx, items }: { ctx: ViewContext; items: FlaggedRow[] }) {
  const { lang } = ctx;
  const cm = commentMessages(lang);
  const mm = cm.moderation;
  return (
    <Layout ctx={ctx} title={mm.title}>
      <h1 class="ds-heading" data-size="lg">
        {mm.title}
      </h1>
      <p class="ds-paragraph" data-variant="long">
        {mm.lead}
      </p>
      {items.length === 0 ? (
        <p class="ds-paragraph">{mm.none}</p>
      ) : (
        <ul class="plain-list" data-testid="flagged">
          {items.map((c) => {
            const thing = c.caseId ? { kind: 'case' as const, id: c.caseId } : { kind: 'challenge' as const, id: c.challengeId! };
            const status = c.deletedAt ? mm.deletedNow : c.hiddenAt ? mm.hiddenNow : mm.visible;
            return (
              <li class="ds-card comment" data-color="neutral" id={`flagged-${c.id}`}>
                <p class="ds-paragraph" data-size="sm">
                  {mm.on}{' '}
                  <a class="ds-link" href={`${thingPath(thing)}#comment-${c.id}`}>
                    {c.thingTitle}
                  </a>{' '}
                  · {cm.by(c.authorName ?? cm.unknownAuthor)} · <When lang={lang} iso={new Date(c.createdAt).toISOString()} />
                </p>
                <dl class="facts">
                  <dt>{mm.reasons}</dt>
                  <dd>
                    {cm.flags(formatNumber(lang, c.openFlags))}:{' '}
                    {c.flags.map((f, i) => (
                      <>
                        {i > 0 ? '; ' : ''}
                        {cm.reasons[f.reason] ?? f.reason}
                        {f.note ? ` («${f.note}»)` : ''}
                      </>
                    ))}
                  </dd>
                  <dt>{mm.status}</dt>
                  <dd>{status}</dd>
                </dl>
                <blockquote>
                  <Body text={c.body} />
                </blockquote>
                <div class="comment__actions">
                  {!c.hiddenAt && !c.deletedAt ? (
                    <a class="ds-button inline-form" data-variant="secondary" data-size="sm" href={`/comments/${c.id}/hide`}>
                      {cm.hide}
                    </a>
                  ) : null}
                  <ButtonForm ctx={ctx} action={`/comments/${c.id}/dismiss`} label={cm.dismissFlags} />
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </Layout>
  );
}
