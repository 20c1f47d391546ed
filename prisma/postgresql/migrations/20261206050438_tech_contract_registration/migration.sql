-- CreateTable
CREATE TABLE "TechRegistration" (
    "id" TEXT NOT NULL,
    "contractId" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "dealFen" BIGINT NOT NULL,
    "transactionFen" BIGINT NOT NULL,
    "status" TEXT NOT NULL,
    "registrationNo" TEXT,
    "registeredOn" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TechRegistration_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "TechRegistration_contractId_key" ON "TechRegistration"("contractId");

-- CreateIndex
CREATE UNIQUE INDEX "TechRegistration_registrationNo_key" ON "TechRegistration"("registrationNo");

-- CreateIndex
CREATE INDEX "TechRegistration_status_registeredOn_id_idx" ON "TechRegistration"("status", "registeredOn", "id");

-- AddForeignKey
ALTER TABLE "TechRegistration" ADD CONSTRAINT "TechRegistration_contractId_fkey" FOREIGN KEY ("contractId") REFERENCES "Contract"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
