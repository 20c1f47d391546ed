-- CreateTable
CREATE TABLE "AssignmentReminder" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "assignmentId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "sentAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AssignmentReminder_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "ReviewAssignment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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
    "dueAt" DATETIME NOT NULL,
    CONSTRAINT "ReviewAssignment_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ReviewAssignment_reviewerId_fkey" FOREIGN KEY ("reviewerId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
-- Backfill (hand-written): an assignment made before due dates is due 14 days after it was
-- made, on that Shanghai day, stored as the instant the day starts (00:00+08:00) in the
-- adapter's ISO 8601 text; a time stored as epoch milliseconds is read as such.
INSERT INTO "new_ReviewAssignment" ("applicationId", "createdAt", "dueAt", "id", "recuseReason", "recusedAt", "reviewerId", "submittedAt") SELECT "applicationId", "createdAt", strftime('%Y-%m-%dT%H:%M:%S.000+00:00', date(CASE WHEN typeof("createdAt") = 'integer' THEN datetime("createdAt" / 1000, 'unixepoch') ELSE "createdAt" END, '+8 hours', '+14 days'), '-8 hours'), "id", "recuseReason", "recusedAt", "reviewerId", "submittedAt" FROM "ReviewAssignment";
DROP TABLE "ReviewAssignment";
ALTER TABLE "new_ReviewAssignment" RENAME TO "ReviewAssignment";
CREATE INDEX "ReviewAssignment_reviewerId_idx" ON "ReviewAssignment"("reviewerId");
CREATE INDEX "ReviewAssignment_dueAt_idx" ON "ReviewAssignment"("dueAt");
CREATE UNIQUE INDEX "ReviewAssignment_applicationId_reviewerId_key" ON "ReviewAssignment"("applicationId", "reviewerId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "AssignmentReminder_assignmentId_kind_key" ON "AssignmentReminder"("assignmentId", "kind");

