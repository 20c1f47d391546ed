-- CreateTable
CREATE TABLE "TechRegistration" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "contractId" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "dealFen" BIGINT NOT NULL,
    "transactionFen" BIGINT NOT NULL,
    "status" TEXT NOT NULL,
    "registrationNo" TEXT,
    "registeredOn" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "TechRegistration_contractId_fkey" FOREIGN KEY ("contractId") REFERENCES "Contract" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "TechRegistration_contractId_key" ON "TechRegistration"("contractId");

-- CreateIndex
CREATE UNIQUE INDEX "TechRegistration_registrationNo_key" ON "TechRegistration"("registrationNo");

-- CreateIndex
CREATE INDEX "TechRegistration_status_registeredOn_id_idx" ON "TechRegistration"("status", "registeredOn", "id");
