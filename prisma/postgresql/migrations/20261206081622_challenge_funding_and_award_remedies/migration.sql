-- AlterTable
ALTER TABLE "ReviewAssignment" ADD COLUMN     "round" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "Award" ADD COLUMN     "appealId" TEXT,
ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'AWARD',
ADD COLUMN     "replacesAwardId" TEXT,
ADD COLUMN     "vacatedAt" TIMESTAMP(3),
ADD COLUMN     "vacatedById" TEXT,
ADD COLUMN     "vacatedReason" TEXT,
ADD COLUMN     "vacatedSlotNo" INTEGER;

-- AlterTable
ALTER TABLE "Appeal" ADD COLUMN     "outcome" TEXT,
ADD COLUMN     "outcomeAt" TIMESTAMP(3),
ADD COLUMN     "reopenedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Challenge" ADD COLUMN     "duplicateOfId" TEXT,
ADD COLUMN     "fundingSecuredAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "FundingConfirmation" (
    "id" TEXT NOT NULL,
    "challengeId" TEXT NOT NULL,
    "payer" TEXT NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "method" TEXT NOT NULL,
    "attachmentId" TEXT,
    "bankReference" TEXT,
    "stripePaymentIntentId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'HELD',
    "confirmedById" TEXT NOT NULL,
    "confirmedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "releasedAt" TIMESTAMP(3),
    "releasedById" TEXT,
    "releaseReason" TEXT,

    CONSTRAINT "FundingConfirmation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "FundingConfirmation_stripePaymentIntentId_key" ON "FundingConfirmation"("stripePaymentIntentId");

-- CreateIndex
CREATE INDEX "FundingConfirmation_status_idx" ON "FundingConfirmation"("status");

-- CreateIndex
CREATE UNIQUE INDEX "FundingConfirmation_challengeId_payer_key" ON "FundingConfirmation"("challengeId", "payer");

-- AddForeignKey
ALTER TABLE "FundingConfirmation" ADD CONSTRAINT "FundingConfirmation_challengeId_fkey" FOREIGN KEY ("challengeId") REFERENCES "Challenge"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

