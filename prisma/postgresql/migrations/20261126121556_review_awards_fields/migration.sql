-- AlterTable
ALTER TABLE "User" ADD COLUMN     "affiliation" TEXT;

-- AlterTable
ALTER TABLE "Application" ADD COLUMN     "institution" TEXT;

-- AlterTable
ALTER TABLE "Award" ADD COLUMN     "stageGateAt" TIMESTAMP(3),
ADD COLUMN     "stageGateOutcome" TEXT;

