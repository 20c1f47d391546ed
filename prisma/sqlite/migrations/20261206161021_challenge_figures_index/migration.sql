-- CreateIndex
CREATE INDEX "Challenge_figures_idx" ON "Challenge"("status", "bountyType", "field", "submittedAt", "publishedAt", "bountyFen");

