-- Counting an organisation's published public cases (organisation pages, "on the team") from the
-- index alone: case rows are wide (the search vector is stored inline), and fetching 12k of them
-- for Oslo at 100k cases took ~30 ms.
create index cases_owner_public_idx on cases (owner_org_id) where published_at is not null and visibility = 'public';

-- Similar cases match a case's title words in other titles. Matching them in the full vector with a
-- weight label made the index return every case with the word anywhere (9k of 10k rechecked for a
-- typical title); a vector of the title alone, indexed, returns only title matches.
alter table cases add column title_vector tsvector generated always as (
  to_tsvector(case when language = 'en' then 'english'::regconfig else 'norwegian'::regconfig end, nytenk_fold(title))
) stored;
create index cases_title_vector_idx on cases using gin (title_vector);

-- What a visitor sees, newest first: the case list reads its page and its count from this index.
create index cases_public_published_idx on cases (published_at desc, id desc) where published_at is not null and visibility = 'public';
