-- AlterTable
ALTER TABLE "ServicePlugin" ADD COLUMN "suspendedAt" DATETIME;
ALTER TABLE "ServicePlugin" ADD COLUMN "suspendedReason" TEXT;

-- CreateTable
CREATE TABLE "IntegrationRequest" (
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

-- CreateTable
CREATE TABLE "IntegrationEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "requestId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "actorId" TEXT,
    "at" DATETIME NOT NULL,
    "note" TEXT,
    "data" TEXT,
    CONSTRAINT "IntegrationEvent_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "IntegrationRequest" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "IntegrationEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Account" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ProcedureStatistic" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "agencyId" TEXT NOT NULL,
    "procedureCode" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "inPerson" INTEGER NOT NULL,
    "onlineLevel3" INTEGER NOT NULL,
    "total" INTEGER NOT NULL,
    "recordedById" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ProcedureStatistic_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CityApproval" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "procedureCode" TEXT NOT NULL,
    "level" INTEGER NOT NULL,
    "decisionNumber" TEXT NOT NULL,
    "decidedOn" DATETIME NOT NULL,
    "note" TEXT,
    "recordedById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "DeploymentPlan" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "agencyId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "items" TEXT NOT NULL,
    "filedById" TEXT NOT NULL,
    "filedAt" DATETIME NOT NULL,
    "late" BOOLEAN NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "DeploymentPlan_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Incident" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "pluginId" TEXT NOT NULL,
    "agencyId" TEXT NOT NULL,
    "reportedById" TEXT NOT NULL,
    "observedAt" DATETIME NOT NULL,
    "reportedAt" DATETIME NOT NULL,
    "late" BOOLEAN NOT NULL,
    "description" TEXT NOT NULL,
    "impact" TEXT,
    "actionsTaken" TEXT,
    "resolvedAt" DATETIME,
    "resolution" TEXT,
    CONSTRAINT "Incident_pluginId_fkey" FOREIGN KEY ("pluginId") REFERENCES "ServicePlugin" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Incident_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Incident_reportedById_fkey" FOREIGN KEY ("reportedById") REFERENCES "Account" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "IntegrationRequest_agencyId_filedAt_idx" ON "IntegrationRequest"("agencyId", "filedAt");

-- CreateIndex
CREATE INDEX "IntegrationRequest_status_dueAt_idx" ON "IntegrationRequest"("status", "dueAt");

-- CreateIndex
CREATE INDEX "IntegrationRequest_serviceCode_status_idx" ON "IntegrationRequest"("serviceCode", "status");

-- CreateIndex
CREATE UNIQUE INDEX "IntegrationEvent_requestId_seq_key" ON "IntegrationEvent"("requestId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "ProcedureStatistic_procedureCode_year_key" ON "ProcedureStatistic"("procedureCode", "year");

-- CreateIndex
CREATE UNIQUE INDEX "CityApproval_procedureCode_level_key" ON "CityApproval"("procedureCode", "level");

-- CreateIndex
CREATE UNIQUE INDEX "DeploymentPlan_agencyId_year_key" ON "DeploymentPlan"("agencyId", "year");

-- CreateIndex
CREATE INDEX "Incident_agencyId_reportedAt_idx" ON "Incident"("agencyId", "reportedAt");
