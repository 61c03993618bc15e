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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Account_identityVerifiedById_fkey" FOREIGN KEY ("identityVerifiedById") REFERENCES "Account" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Account" ("createdAt", "disabledAt", "email", "fullName", "id", "identityVerificationNote", "identityVerifiedAt", "identityVerifiedById", "kind", "nationalId", "passwordHash", "phone", "taxCode", "updatedAt") SELECT "createdAt", "disabledAt", "email", "fullName", "id", "identityVerificationNote", "identityVerifiedAt", "identityVerifiedById", "kind", "nationalId", "passwordHash", "phone", "taxCode", "updatedAt" FROM "Account";
DROP TABLE "Account";
ALTER TABLE "new_Account" RENAME TO "Account";
CREATE UNIQUE INDEX "Account_email_key" ON "Account"("email");
CREATE UNIQUE INDEX "Account_nationalId_key" ON "Account"("nationalId");
CREATE UNIQUE INDEX "Account_taxCode_key" ON "Account"("taxCode");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
