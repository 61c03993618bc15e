-- AlterTable
ALTER TABLE "IntegrationRequest" ADD COLUMN     "filedLate" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "invalidSince" TIMESTAMP(3),
ADD COLUMN     "openKey" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "IntegrationRequest_openKey_key" ON "IntegrationRequest"("openKey");
