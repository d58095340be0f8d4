-- Organisation lists are ordered by name in Norwegian alphabetical order (Æ Ø Å after Z). With an
-- index in that order the planner walks names in order and stops at the page's last row, checking
-- each name against the search words as it goes (search_text is in the index), instead of fetching
-- every match and sorting it: a common word among 100k organisations went from 17 ms to 1 ms
-- (measured on PostgreSQL 15, bench/README.md). A rare word still takes the trigram index.
create index organisations_name_nb_idx on organisations (name collate "nb-NO-x-icu", id) include (search_text);
