-- The catalogue's search on SQLite, for terms of two characters (材料, 电池): the trigram index
-- ChallengeSearch (20261206022555_catalogue_fts) has nothing to look up for them, so they were
-- read by LIKE from every listed row. ChallengePairs indexes the character pairs of
-- Challenge.searchText (docs/decisions/008-catalogue-search.md, "The pair index").
-- Each pair is one ASCII token, the hex of its UTF-8 bytes, ASCII letters folded as LIKE folds
-- them (SQLite's lower() folds ASCII only, as its LIKE does): UTF-8 is prefix-free, so equal
-- tokens are equal pairs, and no tokenizer rule about spaces or punctuation applies to them.
-- detail=none: which rows hold a pair is all the search asks, not where or how often.
-- External content: the view ChallengePairText computes the pairs, which are stored nowhere
-- but in the index; 'rebuild' and 'integrity-check' read the view, and the triggers below
-- keep the index in step with every insert, change and delete. The triggers read the view too
-- (a trigger may not hold a WITH clause; a view it reads may), the old pairs before the row
-- goes or changes, the new ones after: one definition of a row's pairs, for every length.
-- A later migration that rebuilds "Challenge" (Prisma's RedefineTables) drops these triggers
-- and may renumber the rowids: it must create them again and end with this table's 'rebuild'
-- as well as ChallengeSearch's (tests/catalogue-index.db.test.ts fails otherwise).
CREATE VIEW "ChallengePairText" ("rid", "pairs") AS
SELECT "c"."rowid", (
    WITH RECURSIVE "at"("i") AS (
        SELECT 1
        UNION ALL
        SELECT "i" + 1 FROM "at" WHERE "i" < length("c"."searchText") - 1
    )
    SELECT group_concat(hex(lower(substr("c"."searchText", "i", 2))), ' ')
    FROM "at"
    WHERE "i" < length("c"."searchText")
)
FROM "Challenge" AS "c";

CREATE VIRTUAL TABLE "ChallengePairs" USING fts5(
    "pairs",
    content = 'ChallengePairText',
    content_rowid = 'rid',
    detail = none
);

INSERT INTO "ChallengePairs"("ChallengePairs") VALUES ('rebuild');

CREATE TRIGGER "Challenge_pairs_insert" AFTER INSERT ON "Challenge"
BEGIN
    INSERT INTO "ChallengePairs"(rowid, "pairs")
    SELECT "rid", "pairs" FROM "ChallengePairText" WHERE "rid" = new.rowid;
END;

CREATE TRIGGER "Challenge_pairs_delete" BEFORE DELETE ON "Challenge"
BEGIN
    INSERT INTO "ChallengePairs"("ChallengePairs", rowid, "pairs")
    SELECT 'delete', "rid", "pairs" FROM "ChallengePairText" WHERE "rid" = old.rowid;
END;

CREATE TRIGGER "Challenge_pairs_update_old" BEFORE UPDATE OF "searchText" ON "Challenge"
WHEN old."searchText" IS NOT new."searchText"
BEGIN
    INSERT INTO "ChallengePairs"("ChallengePairs", rowid, "pairs")
    SELECT 'delete', "rid", "pairs" FROM "ChallengePairText" WHERE "rid" = old.rowid;
END;

CREATE TRIGGER "Challenge_pairs_update_new" AFTER UPDATE OF "searchText" ON "Challenge"
WHEN old."searchText" IS NOT new."searchText"
BEGIN
    INSERT INTO "ChallengePairs"(rowid, "pairs")
    SELECT "rid", "pairs" FROM "ChallengePairText" WHERE "rid" = new.rowid;
END;
