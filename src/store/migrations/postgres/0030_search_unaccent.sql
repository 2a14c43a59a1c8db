-- Search folds accents on PostgreSQL as SQLite's unicode61 tokenizer does (remove_diacritics):
-- "équipe" finds "Equipe" and "equipe" finds "Équipe". The configuration weft_search is 'simple'
-- (lower-cased, not stemmed) with the unaccent dictionary first. unaccent is a trusted extension
-- shipped with PostgreSQL; where it cannot be created (the role may not), weft_search is plain
-- 'simple' and search works as before, without folding.
DO $$
BEGIN
  BEGIN
    CREATE EXTENSION IF NOT EXISTS unaccent;
  EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'weft: the unaccent extension is not available (%); search will not fold accents', SQLERRM;
  END;
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'weft_search') THEN
    CREATE TEXT SEARCH CONFIGURATION weft_search (COPY = simple);
    IF EXISTS (SELECT 1 FROM pg_ts_dict WHERE dictname = 'unaccent') THEN
      ALTER TEXT SEARCH CONFIGURATION weft_search
        ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, simple;
    END IF;
  END IF;
END $$;

-- The documents again, with the new configuration (the same expressions as src/search/pg_index.cc).
UPDATE posts_search s SET document = to_tsvector('weft_search', p.body) FROM posts p WHERE p.id = s.post_id;
UPDATE people_search s SET document = to_tsvector('weft_search', p.name || ' ' || p.handle || ' ' || p.title || ' ' ||
  COALESCE((SELECT string_agg(k.name, ' ') FROM person_skills ps JOIN skills k ON k.id = ps.skill_id
            WHERE ps.person_id = p.id), ''))
FROM people p WHERE p.id = s.person_id;
UPDATE work_search s SET document = setweight(to_tsvector('weft_search', t.name), 'A') ||
  setweight(to_tsvector('weft_search', t.purpose), 'B') FROM spaces t WHERE s.key = (1::bigint << 40) + t.id;
UPDATE work_search s SET document = setweight(to_tsvector('weft_search', t.title), 'A') ||
  setweight(to_tsvector('weft_search', t.body), 'B') FROM problems t WHERE s.key = (2::bigint << 40) + t.id;
UPDATE work_search s SET document = setweight(to_tsvector('weft_search', t.title), 'A') ||
  setweight(to_tsvector('weft_search', t.body), 'B') FROM ideas t WHERE s.key = (3::bigint << 40) + t.id;
UPDATE work_search s SET document = setweight(to_tsvector('weft_search', t.title), 'A') ||
  setweight(to_tsvector('weft_search', t.body), 'B') FROM proposals t WHERE s.key = (4::bigint << 40) + t.id;
UPDATE work_search s SET document = setweight(to_tsvector('weft_search', t.title), 'A') ||
  setweight(to_tsvector('weft_search', t.search_text), 'B') FROM records t WHERE s.key = (5::bigint << 40) + t.id;
UPDATE work_search s SET document = setweight(to_tsvector('weft_search', t.title), 'A') ||
  setweight(to_tsvector('weft_search', t.body), 'B') FROM pages t WHERE s.key = (6::bigint << 40) + t.id;
