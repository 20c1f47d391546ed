-- AlterTable, with a hand-written backfill: an assignment made before due dates is due 14 days
-- after it was made, on that Shanghai day, stored as the instant the day starts (00:00+08:00,
-- in UTC like every timestamp here).
ALTER TABLE "ReviewAssignment" ADD COLUMN     "dueAt" TIMESTAMP(3);
UPDATE "ReviewAssignment" SET "dueAt" = date_trunc('day', "createdAt" + interval '8 hours' + interval '14 days') - interval '8 hours';
ALTER TABLE "ReviewAssignment" ALTER COLUMN "dueAt" SET NOT NULL;

-- CreateTable
CREATE TABLE "AssignmentReminder" (
    "id" TEXT NOT NULL,
    "assignmentId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "sentAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AssignmentReminder_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AssignmentReminder_assignmentId_kind_key" ON "AssignmentReminder"("assignmentId", "kind");

-- CreateIndex
CREATE INDEX "ReviewAssignment_dueAt_idx" ON "ReviewAssignment"("dueAt");

-- AddForeignKey
ALTER TABLE "AssignmentReminder" ADD CONSTRAINT "AssignmentReminder_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "ReviewAssignment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

