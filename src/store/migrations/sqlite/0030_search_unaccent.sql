-- On SQLite, search has folded accents from the start (unicode61 remove_diacritics); this number
-- is PostgreSQL's weft_search configuration (postgres/0030_search_unaccent.sql).
SELECT 1;
