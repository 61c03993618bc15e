-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_IntegrationRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "agencyId" TEXT NOT NULL,
    "serviceCode" TEXT NOT NULL,
    "level" INTEGER,
    "sourcePath" TEXT,
    "packageName" TEXT,
    "version" TEXT,
    "packageDigest" TEXT,
    "tarballSha256" TEXT,
    "reason" TEXT,
    "invalidSince" DATETIME,
    "filedLate" BOOLEAN NOT NULL DEFAULT false,
    "openKey" TEXT,
    "filedById" TEXT NOT NULL,
    "filedAt" DATETIME NOT NULL,
    "dueAt" DATETIME,
    "overdueAt" DATETIME,
    "checkerId" TEXT,
    "checkStartedAt" DATETIME,
    "checkedAt" DATETIME,
    "report" TEXT,
    "versionId" TEXT,
    "previousVersionId" TEXT,
    "signedOffById" TEXT,
    "installedAt" DATETIME,
    "acceptedAt" DATETIME,
    "acceptanceNote" TEXT,
    "announcedAt" DATETIME,
    "announcementNote" TEXT,
    "closedAt" DATETIME,
    "eventCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "IntegrationRequest_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "IntegrationRequest_filedById_fkey" FOREIGN KEY ("filedById") REFERENCES "Account" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "IntegrationRequest_checkerId_fkey" FOREIGN KEY ("checkerId") REFERENCES "Account" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "IntegrationRequest_signedOffById_fkey" FOREIGN KEY ("signedOffById") REFERENCES "Account" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_IntegrationRequest" ("acceptanceNote", "acceptedAt", "agencyId", "announcedAt", "announcementNote", "checkStartedAt", "checkedAt", "checkerId", "closedAt", "createdAt", "dueAt", "eventCount", "filedAt", "filedById", "id", "installedAt", "kind", "level", "overdueAt", "packageDigest", "packageName", "previousVersionId", "reason", "report", "serviceCode", "signedOffById", "sourcePath", "status", "tarballSha256", "updatedAt", "version", "versionId") SELECT "acceptanceNote", "acceptedAt", "agencyId", "announcedAt", "announcementNote", "checkStartedAt", "checkedAt", "checkerId", "closedAt", "createdAt", "dueAt", "eventCount", "filedAt", "filedById", "id", "installedAt", "kind", "level", "overdueAt", "packageDigest", "packageName", "previousVersionId", "reason", "report", "serviceCode", "signedOffById", "sourcePath", "status", "tarballSha256", "updatedAt", "version", "versionId" FROM "IntegrationRequest";
DROP TABLE "IntegrationRequest";
ALTER TABLE "new_IntegrationRequest" RENAME TO "IntegrationRequest";
CREATE UNIQUE INDEX "IntegrationRequest_openKey_key" ON "IntegrationRequest"("openKey");
CREATE INDEX "IntegrationRequest_agencyId_filedAt_idx" ON "IntegrationRequest"("agencyId", "filedAt");
CREATE INDEX "IntegrationRequest_status_dueAt_idx" ON "IntegrationRequest"("status", "dueAt");
CREATE INDEX "IntegrationRequest_serviceCode_status_idx" ON "IntegrationRequest"("serviceCode", "status");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
