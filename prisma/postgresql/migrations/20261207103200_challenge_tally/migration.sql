-- CreateTable
CREATE TABLE "ChallengeTally" (
    "status" TEXT NOT NULL,
    "bountyType" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "submitted" BOOLEAN NOT NULL,
    "published" BOOLEAN NOT NULL,
    "n" INTEGER NOT NULL,
    "bountyFen" BIGINT NOT NULL,

    CONSTRAINT "ChallengeTally_pkey" PRIMARY KEY ("status","bountyType","field","submitted","published")
);


-- CreateIndex: the first and last submission, for the years /stats offers (periodYears)
CREATE INDEX "Challenge_submittedAt_idx" ON "Challenge"("submittedAt");

-- Kept by statement triggers on "Challenge" in the statement that writes it (docs/decisions/041):
-- each statement's rows, before and after, summed per key into one change per key, applied in
-- key order. Transactions that move counts of the same keys wait for each other on these rows
-- and, taking them in one order, cannot deadlock; a change that moves no count locks nothing.
-- TRUNCATE empties the tally with the table.
INSERT INTO "ChallengeTally" ("status", "bountyType", "field", "submitted", "published", "n", "bountyFen")
SELECT "status", "bountyType", "field", "submittedAt" IS NOT NULL, "publishedAt" IS NOT NULL,
       COUNT(*), COALESCE(SUM("bountyFen"), 0)
FROM "Challenge"
GROUP BY 1, 2, 3, 4, 5;

CREATE FUNCTION "challenge_tally_apply"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    -- a row's key, counted once and with its bounty: added after, taken away before
    added CONSTANT text := 'SELECT "status", "bountyType", "field", "submittedAt" IS NOT NULL AS "submitted",
        "publishedAt" IS NOT NULL AS "published", 1 AS "dn", COALESCE("bountyFen", 0) AS "db"
        FROM "challenge_tally_new"';
    removed CONSTANT text := 'SELECT "status", "bountyType", "field", "submittedAt" IS NOT NULL AS "submitted",
        "publishedAt" IS NOT NULL AS "published", -1 AS "dn", -COALESCE("bountyFen", 0) AS "db"
        FROM "challenge_tally_old"';
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM "ChallengeTally";
        RETURN NULL;
    END IF;
    -- most changes (a title, a deadline, the kernel's row lock "SET id = id") move no count:
    -- the same keys and bounties after as before. Static SQL, planned once per session; the
    -- dynamic statement below doubled the cost of a lock
    -- (nested: an expression naming a transition table is planned only where it runs)
    IF TG_OP = 'UPDATE' THEN
        IF NOT EXISTS (
            SELECT "status", "bountyType", "field", "submittedAt" IS NULL, "publishedAt" IS NULL,
                   "bountyFen"
            FROM "challenge_tally_new"
            EXCEPT ALL
            SELECT "status", "bountyType", "field", "submittedAt" IS NULL, "publishedAt" IS NULL,
                   "bountyFen"
            FROM "challenge_tally_old"
        ) THEN
            RETURN NULL;
        END IF;
    END IF;
    -- dynamic: a statement naming a transition table the trigger does not have is refused
    EXECUTE 'INSERT INTO "ChallengeTally"
            ("status", "bountyType", "field", "submitted", "published", "n", "bountyFen")
        SELECT "status", "bountyType", "field", "submitted", "published", SUM("dn"), SUM("db")
        FROM (' || CASE TG_OP
            WHEN 'INSERT' THEN added
            WHEN 'DELETE' THEN removed
            ELSE added || ' UNION ALL ' || removed
        END || ') AS "d"
        GROUP BY 1, 2, 3, 4, 5
        HAVING SUM("dn") <> 0 OR SUM("db") <> 0
        ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT ("status", "bountyType", "field", "submitted", "published") DO UPDATE
        SET "n" = "ChallengeTally"."n" + excluded."n",
            "bountyFen" = "ChallengeTally"."bountyFen" + excluded."bountyFen"';
    RETURN NULL;
END $$;

CREATE TRIGGER "Challenge_tally_insert" AFTER INSERT ON "Challenge"
REFERENCING NEW TABLE AS "challenge_tally_new"
FOR EACH STATEMENT EXECUTE FUNCTION "challenge_tally_apply"();

CREATE TRIGGER "Challenge_tally_update" AFTER UPDATE ON "Challenge"
REFERENCING OLD TABLE AS "challenge_tally_old" NEW TABLE AS "challenge_tally_new"
FOR EACH STATEMENT EXECUTE FUNCTION "challenge_tally_apply"();

CREATE TRIGGER "Challenge_tally_delete" AFTER DELETE ON "Challenge"
REFERENCING OLD TABLE AS "challenge_tally_old"
FOR EACH STATEMENT EXECUTE FUNCTION "challenge_tally_apply"();

CREATE TRIGGER "Challenge_tally_truncate" AFTER TRUNCATE ON "Challenge"
FOR EACH STATEMENT EXECUTE FUNCTION "challenge_tally_apply"();
