-- CreateEnum
CREATE TYPE "IntegrationKind" AS ENUM ('NEW', 'UPDATE', 'CANCEL');

-- CreateEnum
CREATE TYPE "IntegrationStatus" AS ENUM ('FILED', 'CHECKING', 'CHECK_FAILED', 'CHECK_PASSED', 'INSTALLED', 'ACCEPTED', 'ANNOUNCED', 'RETIRED', 'ROLLED_BACK');

-- AlterTable
ALTER TABLE "ServicePlugin" ADD COLUMN     "suspendedAt" TIMESTAMP(3),
ADD COLUMN     "suspendedReason" TEXT;

-- CreateTable
CREATE TABLE "IntegrationRequest" (
    "id" TEXT NOT NULL,
    "kind" "IntegrationKind" NOT NULL,
    "status" "IntegrationStatus" NOT NULL,
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
    "filedAt" TIMESTAMP(3) NOT NULL,
    "dueAt" TIMESTAMP(3),
    "overdueAt" TIMESTAMP(3),
    "checkerId" TEXT,
    "checkStartedAt" TIMESTAMP(3),
    "checkedAt" TIMESTAMP(3),
    "report" TEXT,
    "versionId" TEXT,
    "previousVersionId" TEXT,
    "signedOffById" TEXT,
    "installedAt" TIMESTAMP(3),
    "acceptedAt" TIMESTAMP(3),
    "acceptanceNote" TEXT,
    "announcedAt" TIMESTAMP(3),
    "announcementNote" TEXT,
    "closedAt" TIMESTAMP(3),
    "eventCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IntegrationRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IntegrationEvent" (
    "id" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "status" "IntegrationStatus" NOT NULL,
    "actorId" TEXT,
    "at" TIMESTAMP(3) NOT NULL,
    "note" TEXT,
    "data" TEXT,

    CONSTRAINT "IntegrationEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProcedureStatistic" (
    "id" TEXT NOT NULL,
    "agencyId" TEXT NOT NULL,
    "procedureCode" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "inPerson" INTEGER NOT NULL,
    "onlineLevel3" INTEGER NOT NULL,
    "total" INTEGER NOT NULL,
    "recordedById" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProcedureStatistic_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CityApproval" (
    "id" TEXT NOT NULL,
    "procedureCode" TEXT NOT NULL,
    "level" INTEGER NOT NULL,
    "decisionNumber" TEXT NOT NULL,
    "decidedOn" TIMESTAMP(3) NOT NULL,
    "note" TEXT,
    "recordedById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CityApproval_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeploymentPlan" (
    "id" TEXT NOT NULL,
    "agencyId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "items" TEXT NOT NULL,
    "filedById" TEXT NOT NULL,
    "filedAt" TIMESTAMP(3) NOT NULL,
    "late" BOOLEAN NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DeploymentPlan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Incident" (
    "id" TEXT NOT NULL,
    "pluginId" TEXT NOT NULL,
    "agencyId" TEXT NOT NULL,
    "reportedById" TEXT NOT NULL,
    "observedAt" TIMESTAMP(3) NOT NULL,
    "reportedAt" TIMESTAMP(3) NOT NULL,
    "late" BOOLEAN NOT NULL,
    "description" TEXT NOT NULL,
    "impact" TEXT,
    "actionsTaken" TEXT,
    "resolvedAt" TIMESTAMP(3),
    "resolution" TEXT,

    CONSTRAINT "Incident_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "IntegrationRequest" ADD CONSTRAINT "IntegrationRequest_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IntegrationRequest" ADD CONSTRAINT "IntegrationRequest_filedById_fkey" FOREIGN KEY ("filedById") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IntegrationRequest" ADD CONSTRAINT "IntegrationRequest_checkerId_fkey" FOREIGN KEY ("checkerId") REFERENCES "Account"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IntegrationRequest" ADD CONSTRAINT "IntegrationRequest_signedOffById_fkey" FOREIGN KEY ("signedOffById") REFERENCES "Account"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IntegrationEvent" ADD CONSTRAINT "IntegrationEvent_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "IntegrationRequest"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IntegrationEvent" ADD CONSTRAINT "IntegrationEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Account"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProcedureStatistic" ADD CONSTRAINT "ProcedureStatistic_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeploymentPlan" ADD CONSTRAINT "DeploymentPlan_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Incident" ADD CONSTRAINT "Incident_pluginId_fkey" FOREIGN KEY ("pluginId") REFERENCES "ServicePlugin"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Incident" ADD CONSTRAINT "Incident_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Incident" ADD CONSTRAINT "Incident_reportedById_fkey" FOREIGN KEY ("reportedById") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
