-- Counting an organisation's published public cases (organisation pages, "on the team") from the
-- index alone: case rows are wide (the search vector is stored inline), and fetching 12k of them
-- for Oslo at 100k cases took ~30 ms.
create index cases_owner_public_idx on cases (owner_org_id) where published_at is not null and visibility = 'public';
