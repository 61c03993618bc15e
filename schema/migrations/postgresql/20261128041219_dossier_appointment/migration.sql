-- AlterTable
ALTER TABLE "Dossier" ADD COLUMN     "appointmentAt" TIMESTAMP(3);
