-- AlterTable
ALTER TABLE "Appeal" ADD COLUMN "outcome" TEXT;
ALTER TABLE "Appeal" ADD COLUMN "outcomeAt" DATETIME;
ALTER TABLE "Appeal" ADD COLUMN "reopenedAt" DATETIME;

-- AlterTable
ALTER TABLE "Challenge" ADD COLUMN "duplicateOfId" TEXT;
ALTER TABLE "Challenge" ADD COLUMN "fundingSecuredAt" DATETIME;

-- CreateTable
CREATE TABLE "FundingConfirmation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "challengeId" TEXT NOT NULL,
    "payer" TEXT NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "method" TEXT NOT NULL,
    "attachmentId" TEXT,
    "bankReference" TEXT,
    "stripePaymentIntentId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'HELD',
    "confirmedById" TEXT NOT NULL,
    "confirmedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "releasedAt" DATETIME,
    "releasedById" TEXT,
    "releaseReason" TEXT,
    CONSTRAINT "FundingConfirmation_challengeId_fkey" FOREIGN KEY ("challengeId") REFERENCES "Challenge" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ReviewAssignment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "applicationId" TEXT NOT NULL,
    "reviewerId" TEXT NOT NULL,
    "recusedAt" DATETIME,
    "recuseReason" TEXT,
    "submittedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "round" INTEGER NOT NULL DEFAULT 1,
    "dueAt" DATETIME NOT NULL,
    CONSTRAINT "ReviewAssignment_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ReviewAssignment_reviewerId_fkey" FOREIGN KEY ("reviewerId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_ReviewAssignment" ("applicationId", "createdAt", "dueAt", "id", "recuseReason", "recusedAt", "reviewerId", "submittedAt") SELECT "applicationId", "createdAt", "dueAt", "id", "recuseReason", "recusedAt", "reviewerId", "submittedAt" FROM "ReviewAssignment";
DROP TABLE "ReviewAssignment";
ALTER TABLE "new_ReviewAssignment" RENAME TO "ReviewAssignment";
CREATE INDEX "ReviewAssignment_reviewerId_idx" ON "ReviewAssignment"("reviewerId");
CREATE INDEX "ReviewAssignment_dueAt_idx" ON "ReviewAssignment"("dueAt");
CREATE UNIQUE INDEX "ReviewAssignment_applicationId_reviewerId_key" ON "ReviewAssignment"("applicationId", "reviewerId");
CREATE TABLE "new_Award" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "challengeId" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "slotNo" INTEGER,
    "proposedById" TEXT NOT NULL,
    "proposedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedById" TEXT,
    "decidedAt" DATETIME,
    "reason" TEXT,
    "stageGateOutcome" TEXT,
    "stageGateAt" DATETIME,
    "kind" TEXT NOT NULL DEFAULT 'AWARD',
    "replacesAwardId" TEXT,
    "appealId" TEXT,
    "vacatedAt" DATETIME,
    "vacatedReason" TEXT,
    "vacatedSlotNo" INTEGER,
    "vacatedById" TEXT,
    CONSTRAINT "Award_challengeId_fkey" FOREIGN KEY ("challengeId") REFERENCES "Challenge" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Award_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Award" ("applicationId", "challengeId", "decidedAt", "decidedById", "id", "proposedAt", "proposedById", "reason", "slotNo", "stageGateAt", "stageGateOutcome", "status") SELECT "applicationId", "challengeId", "decidedAt", "decidedById", "id", "proposedAt", "proposedById", "reason", "slotNo", "stageGateAt", "stageGateOutcome", "status" FROM "Award";
DROP TABLE "Award";
ALTER TABLE "new_Award" RENAME TO "Award";
CREATE INDEX "Award_applicationId_idx" ON "Award"("applicationId");
CREATE INDEX "Award_status_idx" ON "Award"("status");
CREATE UNIQUE INDEX "Award_challengeId_slotNo_key" ON "Award"("challengeId", "slotNo");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "FundingConfirmation_stripePaymentIntentId_key" ON "FundingConfirmation"("stripePaymentIntentId");

-- CreateIndex
CREATE INDEX "FundingConfirmation_status_idx" ON "FundingConfirmation"("status");

-- CreateIndex
CREATE UNIQUE INDEX "FundingConfirmation_challengeId_payer_key" ON "FundingConfirmation"("challengeId", "payer");

