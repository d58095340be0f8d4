import type { ColumnType, Generated, GeneratedAlways } from 'kysely';

/** Kysely's view of comments and their flags (migrations/20261127T0810_comments.sql). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface CommentsTable {
  id: GeneratedAlways<string>;
  case_id: string | null;
  challenge_id: string | null;
  parent_id: string | null;
  kind: Generated<'comment' | 'question'>;
  body: string;
  author_id: string | null;
  created_at: Timestamp;
  edited_at: Date | null;
  deleted_at: Date | null;
  hidden_at: Date | null;
  hidden_by: string | null;
  hidden_reason: string | null;
  answer_id: string | null;
  answered_by: string | null;
  answered_at: Date | null;
}

export interface CommentFlagsTable {
  comment_id: string;
  user_id: string;
  reason: 'spam' | 'offensive' | 'personal_data' | 'other';
  note: Generated<string>;
  created_at: Timestamp;
  resolved_at: Date | null;
  resolved_by: string | null;
}

export interface CommentTables {
  comments: CommentsTable;
  comment_flags: CommentFlagsTable;
}
