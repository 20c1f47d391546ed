-- AlterTable
ALTER TABLE "User" ADD COLUMN     "totpLastStep" INTEGER;

-- AlterTable
ALTER TABLE "PasswordResetToken" ADD COLUMN     "purpose" TEXT NOT NULL DEFAULT 'reset';

-- AlterTable
ALTER TABLE "Challenge" ADD COLUMN     "closedReason" TEXT;

-- AlterTable
ALTER TABLE "Question" ADD COLUMN     "answeredByBureau" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "Throttle" (
    "key" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "lockedUntil" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Throttle_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "Counter" (
    "name" TEXT NOT NULL,
    "value" INTEGER NOT NULL,

    CONSTRAINT "Counter_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "Throttle_updatedAt_idx" ON "Throttle"("updatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Disbursement_rail_bankReference_key" ON "Disbursement"("rail", "bankReference");

