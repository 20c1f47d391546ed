-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Challenge" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT,
    "ref" TEXT NOT NULL,
    "enterpriseId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "titleEn" TEXT,
    "field" TEXT NOT NULL,
    "background" TEXT NOT NULL,
    "bountyType" TEXT NOT NULL,
    "bountyFen" BIGINT,
    "applicationDeadline" DATETIME NOT NULL,
    "implementationMonths" INTEGER NOT NULL,
    "contactName" TEXT NOT NULL,
    "contactPhone" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "awardSlots" INTEGER NOT NULL DEFAULT 1,
    "stageGateDate" DATETIME,
    "submittedAt" DATETIME,
    "publishedAt" DATETIME,
    "closedAt" DATETIME,
    "searchText" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Challenge_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Organization" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Challenge" ("applicationDeadline", "awardSlots", "background", "bountyFen", "bountyType", "closedAt", "code", "contactName", "contactPhone", "createdAt", "enterpriseId", "field", "id", "implementationMonths", "publishedAt", "ref", "stageGateDate", "status", "submittedAt", "title", "titleEn", "updatedAt") SELECT "applicationDeadline", "awardSlots", "background", "bountyFen", "bountyType", "closedAt", "code", "contactName", "contactPhone", "createdAt", "enterpriseId", "field", "id", "implementationMonths", "publishedAt", "ref", "stageGateDate", "status", "submittedAt", "title", "titleEn", "updatedAt" FROM "Challenge";
DROP TABLE "Challenge";
ALTER TABLE "new_Challenge" RENAME TO "Challenge";
CREATE UNIQUE INDEX "Challenge_code_key" ON "Challenge"("code");
CREATE UNIQUE INDEX "Challenge_ref_key" ON "Challenge"("ref");
CREATE INDEX "Challenge_publishedAt_id_idx" ON "Challenge"("publishedAt", "id");
CREATE INDEX "Challenge_status_publishedAt_idx" ON "Challenge"("status", "publishedAt");
CREATE INDEX "Challenge_enterpriseId_status_idx" ON "Challenge"("enterpriseId", "status");
CREATE INDEX "Challenge_field_publishedAt_idx" ON "Challenge"("field", "publishedAt");
CREATE INDEX "Challenge_applicationDeadline_id_idx" ON "Challenge"("applicationDeadline", "id");
CREATE INDEX "Challenge_bountyFen_id_idx" ON "Challenge"("bountyFen", "id");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

