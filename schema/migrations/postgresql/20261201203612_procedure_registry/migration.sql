-- CreateTable
CREATE TABLE "Procedure" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "agencyId" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "fieldKey" TEXT NOT NULL,
    "searchText" TEXT NOT NULL,
    "decisionNumber" TEXT,
    "decidedOn" TIMESTAMP(3),
    "withdrawnAt" TIMESTAMP(3),
    "withdrawalReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Procedure_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Procedure_code_key" ON "Procedure"("code");

-- CreateIndex
CREATE INDEX "Procedure_agencyId_code_idx" ON "Procedure"("agencyId", "code");

-- CreateIndex
CREATE INDEX "Procedure_withdrawnAt_code_idx" ON "Procedure"("withdrawnAt", "code");

-- AddForeignKey
ALTER TABLE "Procedure" ADD CONSTRAINT "Procedure_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
