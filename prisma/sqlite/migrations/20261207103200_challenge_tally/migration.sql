-- CreateTable
CREATE TABLE "ChallengeTally" (
    "status" TEXT NOT NULL,
    "bountyType" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "submitted" BOOLEAN NOT NULL,
    "published" BOOLEAN NOT NULL,
    "n" INTEGER NOT NULL,
    "bountyFen" BIGINT NOT NULL,

    PRIMARY KEY ("status", "bountyType", "field", "submitted", "published")
);


-- CreateIndex: the first and last submission, for the years /stats offers (periodYears)
CREATE INDEX "Challenge_submittedAt_idx" ON "Challenge"("submittedAt");

-- Kept by the triggers below in the statement that writes "Challenge" (docs/decisions/041):
-- an insert adds its row's key, a delete takes it away, a change of a counted column moves it.
-- SQLite runs one writer at a time, so row triggers are enough. A later migration that
-- rebuilds "Challenge" (Prisma's RedefineTables) drops these triggers: it must create them
-- again (tests/challenge-tally.db.test.ts fails otherwise).
INSERT INTO "ChallengeTally" ("status", "bountyType", "field", "submitted", "published", "n", "bountyFen")
SELECT "status", "bountyType", "field", "submittedAt" IS NOT NULL, "publishedAt" IS NOT NULL,
       COUNT(*), COALESCE(SUM("bountyFen"), 0)
FROM "Challenge"
GROUP BY 1, 2, 3, 4, 5;

CREATE TRIGGER "Challenge_tally_insert" AFTER INSERT ON "Challenge"
BEGIN
    INSERT INTO "ChallengeTally" ("status", "bountyType", "field", "submitted", "published", "n", "bountyFen")
    VALUES (new."status", new."bountyType", new."field", new."submittedAt" IS NOT NULL,
            new."publishedAt" IS NOT NULL, 1, COALESCE(new."bountyFen", 0))
    ON CONFLICT ("status", "bountyType", "field", "submitted", "published") DO UPDATE
    SET "n" = "n" + 1, "bountyFen" = "bountyFen" + excluded."bountyFen";
END;

CREATE TRIGGER "Challenge_tally_delete" AFTER DELETE ON "Challenge"
BEGIN
    UPDATE "ChallengeTally"
    SET "n" = "n" - 1, "bountyFen" = "bountyFen" - COALESCE(old."bountyFen", 0)
    WHERE "status" = old."status" AND "bountyType" = old."bountyType" AND "field" = old."field"
      AND "submitted" = (old."submittedAt" IS NOT NULL)
      AND "published" = (old."publishedAt" IS NOT NULL);
END;

CREATE TRIGGER "Challenge_tally_update"
AFTER UPDATE OF "status", "bountyType", "field", "submittedAt", "publishedAt", "bountyFen" ON "Challenge"
WHEN old."status" IS NOT new."status" OR old."bountyType" IS NOT new."bountyType"
  OR old."field" IS NOT new."field"
  OR (old."submittedAt" IS NULL) IS NOT (new."submittedAt" IS NULL)
  OR (old."publishedAt" IS NULL) IS NOT (new."publishedAt" IS NULL)
  OR old."bountyFen" IS NOT new."bountyFen"
BEGIN
    UPDATE "ChallengeTally"
    SET "n" = "n" - 1, "bountyFen" = "bountyFen" - COALESCE(old."bountyFen", 0)
    WHERE "status" = old."status" AND "bountyType" = old."bountyType" AND "field" = old."field"
      AND "submitted" = (old."submittedAt" IS NOT NULL)
      AND "published" = (old."publishedAt" IS NOT NULL);
    INSERT INTO "ChallengeTally" ("status", "bountyType", "field", "submitted", "published", "n", "bountyFen")
    VALUES (new."status", new."bountyType", new."field", new."submittedAt" IS NOT NULL,
            new."publishedAt" IS NOT NULL, 1, COALESCE(new."bountyFen", 0))
    ON CONFLICT ("status", "bountyType", "field", "submitted", "published") DO UPDATE
    SET "n" = "n" + 1, "bountyFen" = "bountyFen" + excluded."bountyFen";
END;
