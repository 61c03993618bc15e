-- AlterTable
ALTER TABLE "Account" DROP COLUMN "failedSignIns",
DROP COLUMN "signInBlockedUntil";
