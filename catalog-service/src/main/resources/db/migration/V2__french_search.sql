-- French full-text search over the catalog: stemming ("frein" finds "freinage") and accent folding
-- ("electrique" finds "électrique"), ranked; trigram similarity for typo-tolerant suggestions.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TEXT SEARCH CONFIGURATION meca_fr (COPY = french);
ALTER TEXT SEARCH CONFIGURATION meca_fr
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;

-- unaccent() is only STABLE (its dictionary could change); pinning the dictionary makes it indexable.
CREATE FUNCTION meca_fold(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$;

ALTER TABLE course ADD COLUMN search_document tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('meca_fr'::regconfig, title), 'A') ||
    setweight(to_tsvector('meca_fr'::regconfig, description), 'B')) STORED;

CREATE INDEX course_search ON course USING gin (search_document) WHERE status = 'PUBLISHED';
-- GiST, not GIN: suggestions take the nearest titles (KNN on word distance), not those over a fixed threshold.
CREATE INDEX course_title_trigrams ON course USING gist (meca_fold(title) gist_trgm_ops) WHERE status = 'PUBLISHED';
