-- Issue 14, finding 7: joining a challenge as co-owner and «we solved this» are requests the
-- owners accept or decline, and a private proposal is read by the organisations that owned the
-- challenge when it was sent (and those an owner shares it with), not by every later co-owner.
-- Finding 8: notifications name only what their reader may read when they are shown or mailed.

-- null: not a request (a proposal, a «same need» without joining). A «we solved this» is always a
-- request; a «same need» is one when it asked to join as co-owner. Pending until an owner decides.
alter table challenge_responses
  add column request_status text check (request_status in ('pending','accepted','declined')),
  add column decided_by bigint references users(id) on delete set null,
  add column decided_at timestamptz,
  -- The organisations that may read what is private in it (a private proposal's text, any
  -- sender's name and e-mail): the owners when it was sent, and co-owners an owner shared it with.
  add column reader_org_ids bigint[] not null default '{}';

-- What was there before: every link and every join took effect at once, so they stand accepted;
-- the readers are the owners who had joined when the response was sent.
update challenge_responses r set request_status = 'accepted' where r.kind = 'solved';
update challenge_responses r set request_status = 'accepted'
  where r.kind = 'same_need' and exists (select 1 from challenge_coowners cc where cc.challenge_id = r.challenge_id and cc.org_id = r.org_id);
update challenge_responses r set reader_org_ids = array(
  select ch.owner_org_id from challenges ch where ch.id = r.challenge_id
  union select cc.org_id from challenge_coowners cc where cc.challenge_id = r.challenge_id and cc.joined_at <= r.created_at and cc.org_id <> r.org_id);

alter table challenge_responses
  -- A proposal asks for nothing. (A «we solved this» without a status is treated as not accepted.)
  add constraint challenge_responses_request_kind check (kind <> 'proposal' or request_status is null),
  add constraint challenge_responses_decided check ((request_status in ('accepted','declined')) or decided_at is null);
-- An owner's list of requests waiting for an answer.
create index challenge_responses_pending_idx on challenge_responses (challenge_id) where request_status = 'pending';

-- What an event names, so that it is checked again against the reader's rights when it is shown or
-- mailed (not only when recorded): the case it is about, the response it reports. No foreign key:
-- an event whose case or response is gone names nothing.
alter table activity_events
  add column case_id bigint,
  add column response_id bigint,
  -- Members of these organisations are told whether or not they follow anything (a request to the
  -- owners, the owners' answer to the requester).
  add column notify_org_ids bigint[] not null default '{}';
update activity_events set case_id = substr(subjects[1], 6)::bigint where subjects[1] ~ '^case:[0-9]{1,18}$';

-- A notification left out of the digest because its reader may no longer read what it names.
alter table notifications add column digest_withheld_at timestamptz;
