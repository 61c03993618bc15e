-- CreateTable
CREATE TABLE "Department" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "agencyId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    CONSTRAINT "Department_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Dossier" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "pluginVersionId" TEXT NOT NULL,
    "agencyId" TEXT NOT NULL,
    "applicantId" TEXT NOT NULL,
    "submittedById" TEXT NOT NULL,
    "idempotencyKey" TEXT,
    "formData" TEXT NOT NULL,
    "submittedAt" DATETIME NOT NULL,
    "receptionDueAt" DATETIME NOT NULL,
    "receivedAt" DATETIME,
    "departmentId" TEXT,
    "assigneeId" TEXT,
    "processingDueAt" DATETIME,
    "resultReadyAt" DATETIME,
    "resultNote" TEXT,
    "deliveredAt" DATETIME,
    "overdueAt" DATETIME,
    "eventCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Dossier_pluginVersionId_fkey" FOREIGN KEY ("pluginVersionId") REFERENCES "PluginVersion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Dossier_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Dossier_applicantId_fkey" FOREIGN KEY ("applicantId") REFERENCES "Account" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Dossier_submittedById_fkey" FOREIGN KEY ("submittedById") REFERENCES "Account" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Dossier_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Dossier_assigneeId_fkey" FOREIGN KEY ("assigneeId") REFERENCES "Account" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DossierEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "dossierId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "actorId" TEXT,
    "at" DATETIME NOT NULL,
    "note" TEXT,
    CONSTRAINT "DossierEvent_dossierId_fkey" FOREIGN KEY ("dossierId") REFERENCES "Dossier" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "DossierEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Account" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DossierCounter" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "Attachment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "dossierId" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "mediaType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "uploadedById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Attachment_dossierId_fkey" FOREIGN KEY ("dossierId") REFERENCES "Dossier" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "dossierId" TEXT,
    "message" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "readAt" DATETIME,
    CONSTRAINT "Notification_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Notification_dossierId_fkey" FOREIGN KEY ("dossierId") REFERENCES "Dossier" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Account" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "fullName" TEXT NOT NULL,
    "nationalId" TEXT,
    "taxCode" TEXT,
    "phone" TEXT,
    "identityVerifiedAt" DATETIME,
    "identityVerifiedById" TEXT,
    "identityVerificationNote" TEXT,
    "disabledAt" DATETIME,
    "failedSignIns" INTEGER NOT NULL DEFAULT 0,
    "signInBlockedUntil" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Account_identityVerifiedById_fkey" FOREIGN KEY ("identityVerifiedById") REFERENCES "Account" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Account" ("createdAt", "disabledAt", "email", "failedSignIns", "fullName", "id", "identityVerifiedAt", "kind", "nationalId", "passwordHash", "phone", "signInBlockedUntil", "taxCode", "updatedAt") SELECT "createdAt", "disabledAt", "email", "failedSignIns", "fullName", "id", "identityVerifiedAt", "kind", "nationalId", "passwordHash", "phone", "signInBlockedUntil", "taxCode", "updatedAt" FROM "Account";
DROP TABLE "Account";
ALTER TABLE "new_Account" RENAME TO "Account";
CREATE UNIQUE INDEX "Account_email_key" ON "Account"("email");
CREATE UNIQUE INDEX "Account_nationalId_key" ON "Account"("nationalId");
CREATE UNIQUE INDEX "Account_taxCode_key" ON "Account"("taxCode");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Department_agencyId_code_key" ON "Department"("agencyId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "Dossier_code_key" ON "Dossier"("code");

-- CreateIndex
CREATE INDEX "Dossier_agencyId_status_receptionDueAt_idx" ON "Dossier"("agencyId", "status", "receptionDueAt");

-- CreateIndex
CREATE INDEX "Dossier_applicantId_submittedAt_idx" ON "Dossier"("applicantId", "submittedAt");

-- CreateIndex
CREATE INDEX "Dossier_status_receptionDueAt_idx" ON "Dossier"("status", "receptionDueAt");

-- CreateIndex
CREATE INDEX "Dossier_status_processingDueAt_idx" ON "Dossier"("status", "processingDueAt");

-- CreateIndex
CREATE UNIQUE INDEX "Dossier_submittedById_idempotencyKey_key" ON "Dossier"("submittedById", "idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "DossierEvent_dossierId_seq_key" ON "DossierEvent"("dossierId", "seq");

-- CreateIndex
CREATE INDEX "Attachment_dossierId_idx" ON "Attachment"("dossierId");

-- CreateIndex
CREATE INDEX "Notification_accountId_createdAt_idx" ON "Notification"("accountId", "createdAt");
