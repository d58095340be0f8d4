-- Issue 14, finding 4: barometer answers that cannot be paired with their invitations, even by
-- someone who reads every table and system column (README, «Unlinkable barometer answers»).
--
-- 1. An answered invitation keeps no copy of what the answer also holds. Sector and size band (and
--    the e-mails' language, which the answer's language mirrors) are only needed to pre-fill the
--    questionnaire and to write reminders; after the submission they would name the unit of most
--    answers by a join on organisation + sector + size band. The submission clears them.
alter table barometer_invitations
  alter column sector drop not null,
  alter column size_band drop not null,
  alter column language drop not null;
update barometer_invitations set sector = null, size_band = null, language = null where answered;
delete from barometer_drafts d using barometer_invitations i where i.id = d.invitation_id and i.answered;

-- 2. No answer is dated finer than its round: `submitted_on` is the round's last day for every answer
--    (the dashboard reads only its year). And the answers already there are written again in a random
--    order under fresh random ids, so that neither their place in the table (ctid), their transaction
--    id (xmin) nor their id keeps the order they came in. From now on each submission rewrites its
--    organisation's answers in the round the same way (barometer.queries.ts, rewriteOrgAnswers).
comment on column barometer_answers.submitted_on is 'The round''s last day (closes_on), never the day of the submission: an answer carries no time finer than its round.';

create temporary table barometer_answers_rewrite on commit drop as
  select a.round_id, a.questionnaire_version, a.org_id, a.org_kind, a.county_number, a.sector, a.size_band, a.language,
         a.innovated, a.innovation_count, a.under_development, a.latest, a.drivers, a.barriers, a.case_id, r.closes_on as submitted_on
    from barometer_answers a join barometer_rounds r on r.id = a.round_id;
delete from barometer_answers;
insert into barometer_answers (round_id, questionnaire_version, org_id, org_kind, county_number, sector, size_band, language,
                               innovated, innovation_count, under_development, latest, drivers, barriers, case_id, submitted_on)
select round_id, questionnaire_version, org_id, org_kind, county_number, sector, size_band, language,
       innovated, innovation_count, under_development, latest, drivers, barriers, case_id, submitted_on
  from barometer_answers_rewrite
 order by gen_random_uuid();
