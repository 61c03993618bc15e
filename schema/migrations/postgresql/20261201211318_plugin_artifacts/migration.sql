-- AlterTable
ALTER TABLE "PluginVersion" ADD COLUMN     "artifactDigest" TEXT;

-- AlterTable
ALTER TABLE "IntegrationRequest" ADD COLUMN     "artifactDigest" TEXT;
