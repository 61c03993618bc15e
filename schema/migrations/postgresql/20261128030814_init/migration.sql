-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "AgencyKind" AS ENUM ('DEPARTMENT', 'DISTRICT', 'WARD', 'PUBLIC_SERVICE_UNIT', 'DOIC');

-- CreateEnum
CREATE TYPE "AccountKind" AS ENUM ('CITIZEN', 'ORGANIZATION', 'AGENT', 'STAFF');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('CITIZEN', 'ORGANIZATION', 'AGENT', 'RECEPTION_OFFICER', 'SPECIALIST', 'AGENCY_ADMIN', 'DOIC_ADMIN', 'INFO_CENTER');

-- CreateEnum
CREATE TYPE "PluginVersionStatus" AS ENUM ('REGISTERED', 'LIVE', 'SUPERSEDED', 'RETIRED');

-- CreateEnum
CREATE TYPE "OnlineMode" AS ENUM ('FULL', 'PARTIAL');

-- CreateTable
CREATE TABLE "Agency" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "AgencyKind" NOT NULL,
    "address" TEXT,
    "phone" TEXT,
    "email" TEXT,
    "website" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Agency_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Account" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "kind" "AccountKind" NOT NULL,
    "fullName" TEXT NOT NULL,
    "nationalId" TEXT,
    "taxCode" TEXT,
    "phone" TEXT,
    "identityVerifiedAt" TIMESTAMP(3),
    "disabledAt" TIMESTAMP(3),
    "failedSignIns" INTEGER NOT NULL DEFAULT 0,
    "signInBlockedUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoleGrant" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "agencyId" TEXT,
    "scope" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RoleGrant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServicePlugin" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "packageName" TEXT NOT NULL,
    "agencyId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ServicePlugin_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PluginVersion" (
    "id" TEXT NOT NULL,
    "pluginId" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "status" "PluginVersionStatus" NOT NULL DEFAULT 'REGISTERED',
    "liveKey" TEXT,
    "sourcePath" TEXT NOT NULL,
    "manifestDigest" TEXT NOT NULL,
    "packageDigest" TEXT NOT NULL,
    "sdkRange" TEXT NOT NULL,
    "manifest" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "agencyId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "level" INTEGER NOT NULL,
    "onlineMode" "OnlineMode",
    "field" TEXT NOT NULL,
    "fieldKey" TEXT NOT NULL,
    "processingDays" INTEGER NOT NULL,
    "searchText" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "liveSince" TIMESTAMP(3),

    CONSTRAINT "PluginVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Fee" (
    "id" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "inPerson" INTEGER NOT NULL,
    "online" INTEGER,
    "note" TEXT,

    CONSTRAINT "Fee_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Agency_code_key" ON "Agency"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Account_email_key" ON "Account"("email");

-- CreateIndex
CREATE UNIQUE INDEX "Account_nationalId_key" ON "Account"("nationalId");

-- CreateIndex
CREATE UNIQUE INDEX "Account_taxCode_key" ON "Account"("taxCode");

-- CreateIndex
CREATE INDEX "RoleGrant_agencyId_role_idx" ON "RoleGrant"("agencyId", "role");

-- CreateIndex
CREATE UNIQUE INDEX "RoleGrant_accountId_role_scope_key" ON "RoleGrant"("accountId", "role", "scope");

-- CreateIndex
CREATE UNIQUE INDEX "ServicePlugin_code_key" ON "ServicePlugin"("code");

-- CreateIndex
CREATE UNIQUE INDEX "PluginVersion_liveKey_key" ON "PluginVersion"("liveKey");

-- CreateIndex
CREATE INDEX "PluginVersion_status_code_idx" ON "PluginVersion"("status", "code");

-- CreateIndex
CREATE INDEX "PluginVersion_status_agencyId_idx" ON "PluginVersion"("status", "agencyId");

-- CreateIndex
CREATE UNIQUE INDEX "PluginVersion_pluginId_version_key" ON "PluginVersion"("pluginId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "Fee_versionId_position_key" ON "Fee"("versionId", "position");

-- AddForeignKey
ALTER TABLE "RoleGrant" ADD CONSTRAINT "RoleGrant_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleGrant" ADD CONSTRAINT "RoleGrant_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServicePlugin" ADD CONSTRAINT "ServicePlugin_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PluginVersion" ADD CONSTRAINT "PluginVersion_pluginId_fkey" FOREIGN KEY ("pluginId") REFERENCES "ServicePlugin"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PluginVersion" ADD CONSTRAINT "PluginVersion_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Fee" ADD CONSTRAINT "Fee_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "PluginVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;
