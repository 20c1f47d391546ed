-- The catalogue's search on SQLite: a trigram index of Challenge.searchText (FTS5), so that a
-- term of 3 characters or more is looked up instead of read by LIKE from every row. PostgreSQL
-- has had its pg_trgm index since 20261126114846_catalogue_search.
-- External content: the index stores no copy of the text, only its trigrams, keyed by the
-- Challenge row's rowid; the three triggers below keep it in step with every insert, change
-- and delete. case_sensitive 0 (the default) folds case, so the index finds a superset of what
-- LIKE finds; the query checks every term with LIKE as well (catalogue-search.server.ts).
-- A later migration that rebuilds "Challenge" (Prisma's RedefineTables: a new table, the rows
-- copied, the old table dropped) drops these triggers and may renumber the rowids: it must
-- create the triggers again and end with the 'rebuild' below (tests/catalogue-index.db.test.ts
-- fails otherwise).
CREATE VIRTUAL TABLE "ChallengeSearch" USING fts5(
    "searchText",
    content = 'Challenge',
    content_rowid = 'rowid',
    tokenize = 'trigram'
);

INSERT INTO "ChallengeSearch"("ChallengeSearch") VALUES ('rebuild');

CREATE TRIGGER "Challenge_search_insert" AFTER INSERT ON "Challenge"
BEGIN
    INSERT INTO "ChallengeSearch"(rowid, "searchText") VALUES (new.rowid, new."searchText");
END;

CREATE TRIGGER "Challenge_search_delete" AFTER DELETE ON "Challenge"
BEGIN
    INSERT INTO "ChallengeSearch"("ChallengeSearch", rowid, "searchText")
    VALUES ('delete', old.rowid, old."searchText");
END;

CREATE TRIGGER "Challenge_search_update" AFTER UPDATE OF "searchText" ON "Challenge"
WHEN old."searchText" IS NOT new."searchText"
BEGIN
    INSERT INTO "ChallengeSearch"("ChallengeSearch", rowid, "searchText")
    VALUES ('delete', old.rowid, old."searchText");
    INSERT INTO "ChallengeSearch"(rowid, "searchText") VALUES (new.rowid, new."searchText");
END;
