-- Theme search (src/themes): every label and hidden synonym of a LOS concept, folded for matching:
-- lower case, accents off (é → e, ô → o), punctuation as spaces, but æ ø å kept as the letters they
-- are in Norwegian («død» is not «dod»). The loader folds them in TypeScript with the same function
-- that folds the query, so matching is the same on every server whatever its locale or version.
alter table los_concepts
  -- label_nb, label_nn, label_en, in that order.
  add column search_labels text[] not null default '{}',
  -- Aligned one to one with synonyms_nb || synonyms_nn, so a match can name the synonym it hit.
  add column search_synonyms text[] not null default '{}';
