-- CreateTable
CREATE TABLE "Agency" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "address" TEXT,
    "phone" TEXT,
    "email" TEXT,
    "website" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Account" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "fullName" TEXT NOT NULL,
    "nationalId" TEXT,
    "taxCode" TEXT,
    "phone" TEXT,
    "identityVerifiedAt" DATETIME,
    "disabledAt" DATETIME,
    "failedSignIns" INTEGER NOT NULL DEFAULT 0,
    "signInBlockedUntil" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "RoleGrant" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "agencyId" TEXT,
    "scope" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RoleGrant_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RoleGrant_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ServicePlugin" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "packageName" TEXT NOT NULL,
    "agencyId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ServicePlugin_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PluginVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "pluginId" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'REGISTERED',
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
    "onlineMode" TEXT,
    "field" TEXT NOT NULL,
    "fieldKey" TEXT NOT NULL,
    "processingDays" INTEGER NOT NULL,
    "searchText" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "liveSince" DATETIME,
    CONSTRAINT "PluginVersion_pluginId_fkey" FOREIGN KEY ("pluginId") REFERENCES "ServicePlugin" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "PluginVersion_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Fee" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "versionId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "inPerson" INTEGER NOT NULL,
    "online" INTEGER,
    "note" TEXT,
    CONSTRAINT "Fee_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "PluginVersion" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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
