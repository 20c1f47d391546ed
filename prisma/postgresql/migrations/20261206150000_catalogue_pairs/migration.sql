-- The catalogue's search on PostgreSQL, for terms of two characters (材料, 电池): the pg_trgm
-- index (20261126114846_catalogue_search) has no trigram to look up for them, so LIKE read
-- every listed row. This indexes the distinct character pairs of Challenge.searchText
-- (docs/decisions/008-catalogue-search.md, "The pair index"); the search asks
-- challenge_search_pairs("searchText") @> ARRAY[…], the expression exactly as indexed, and LIKE
-- still decides what matches. No case folding: PostgreSQL's LIKE does not fold either.
-- IMMUTABLE: a text's pairs depend on nothing else (substr counts characters of the text as
-- stored, whatever the collation), as an expression index requires.
CREATE FUNCTION "challenge_search_pairs"("text" text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT coalesce(array_agg(DISTINCT substr("text", "i", 2)), '{}')
    FROM generate_series(1, char_length("text") - 1) AS "i"
$$;

CREATE INDEX "Challenge_searchText_pairs_idx" ON "Challenge"
USING gin (challenge_search_pairs("searchText"));
