-- Mail delivery claims (docs/decisions/024-mail-delivery.md): a sender claims a message with a
-- lease (claimedUntil) before sending it, failed sends are retried at nextAttemptAt, and attempts
-- counts the tries. Rows written before this migration keep nextAttemptAt NULL: nothing already
-- in the outbox is sent by the new sweeper.
-- AlterTable
ALTER TABLE "MailMessage" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "claimedUntil" TIMESTAMP(3),
ADD COLUMN     "nextAttemptAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "MailMessage_nextAttemptAt_idx" ON "MailMessage"("nextAttemptAt");


-- what was sent or failed before counts as one attempt
UPDATE "MailMessage" SET "attempts" = 1 WHERE "sentAt" IS NOT NULL OR "error" IS NOT NULL;
