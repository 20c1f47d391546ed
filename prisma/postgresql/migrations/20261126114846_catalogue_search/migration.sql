-- DropIndex
DROP INDEX "Challenge_applicationDeadline_idx";

-- AlterTable
ALTER TABLE "Challenge" ADD COLUMN     "searchText" TEXT NOT NULL DEFAULT '';

-- CreateIndex
CREATE INDEX "Challenge_applicationDeadline_id_idx" ON "Challenge"("applicationDeadline", "id");

-- CreateIndex
CREATE INDEX "Challenge_bountyFen_id_idx" ON "Challenge"("bountyFen", "id");


-- Substring search of Chinese and English text: a trigram index serves LIKE '%…%' on PostgreSQL
-- (pg_trgm is a trusted extension: the database owner may create it).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "Challenge_searchText_trgm_idx" ON "Challenge" USING gin ("searchText" gin_trgm_ops);
