-- CreateTable
CREATE TABLE "Procedure" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "agencyId" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "fieldKey" TEXT NOT NULL,
    "searchText" TEXT NOT NULL,
    "decisionNumber" TEXT,
    "decidedOn" DATETIME,
    "withdrawnAt" DATETIME,
    "withdrawalReason" TEXT,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Procedure_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Procedure_code_key" ON "Procedure"("code");

-- CreateIndex
CREATE INDEX "Procedure_agencyId_code_idx" ON "Procedure"("agencyId", "code");

-- CreateIndex
CREATE INDEX "Procedure_withdrawnAt_code_idx" ON "Procedure"("withdrawnAt", "code");
