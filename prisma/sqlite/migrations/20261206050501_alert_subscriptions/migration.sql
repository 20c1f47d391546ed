-- CreateTable
CREATE TABLE "AlertSubscription" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organizationId" TEXT NOT NULL,
    "fields" TEXT NOT NULL DEFAULT '[]',
    "keywords" TEXT NOT NULL DEFAULT '[]',
    "minBountyFen" BIGINT,
    "maxBountyFen" BIGINT,
    "includeOpen" BOOLEAN NOT NULL DEFAULT true,
    "inApp" BOOLEAN NOT NULL DEFAULT true,
    "mail" TEXT NOT NULL DEFAULT 'IMMEDIATE',
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" DATETIME,
    CONSTRAINT "AlertSubscription_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AlertDelivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "challengeId" TEXT NOT NULL,
    "subscriptionId" TEXT NOT NULL,
    "mail" TEXT NOT NULL,
    "digestedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AlertDelivery_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AlertDelivery_challengeId_fkey" FOREIGN KEY ("challengeId") REFERENCES "Challenge" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AlertDelivery_subscriptionId_fkey" FOREIGN KEY ("subscriptionId") REFERENCES "AlertSubscription" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "AlertSubscription_organizationId_endedAt_idx" ON "AlertSubscription"("organizationId", "endedAt");

-- CreateIndex
CREATE INDEX "AlertSubscription_endedAt_idx" ON "AlertSubscription"("endedAt");

-- CreateIndex
CREATE INDEX "AlertDelivery_challengeId_idx" ON "AlertDelivery"("challengeId");

-- CreateIndex
CREATE INDEX "AlertDelivery_subscriptionId_idx" ON "AlertDelivery"("subscriptionId");

-- CreateIndex
CREATE INDEX "AlertDelivery_mail_digestedAt_idx" ON "AlertDelivery"("mail", "digestedAt");

-- CreateIndex
CREATE UNIQUE INDEX "AlertDelivery_userId_challengeId_key" ON "AlertDelivery"("userId", "challengeId");
