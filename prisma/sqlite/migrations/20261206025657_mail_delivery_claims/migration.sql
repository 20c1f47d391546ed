-- Mail delivery claims (docs/decisions/024-mail-delivery.md): a sender claims a message with a
-- lease (claimedUntil) before sending it, failed sends are retried at nextAttemptAt, and attempts
-- counts the tries. Rows written before this migration keep nextAttemptAt NULL: nothing already
-- in the outbox is sent by the new sweeper.
-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_MailMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "to" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "sentAt" DATETIME,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME,
    "claimedUntil" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_MailMessage" ("createdAt", "error", "id", "sentAt", "subject", "text", "to") SELECT "createdAt", "error", "id", "sentAt", "subject", "text", "to" FROM "MailMessage";
DROP TABLE "MailMessage";
ALTER TABLE "new_MailMessage" RENAME TO "MailMessage";
CREATE INDEX "MailMessage_to_createdAt_idx" ON "MailMessage"("to", "createdAt");
CREATE INDEX "MailMessage_nextAttemptAt_idx" ON "MailMessage"("nextAttemptAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- what was sent or failed before counts as one attempt
UPDATE "MailMessage" SET "attempts" = 1 WHERE "sentAt" IS NOT NULL OR "error" IS NOT NULL;
