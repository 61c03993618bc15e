-- AlterTable
ALTER TABLE "Dossier" ADD COLUMN "appointmentAt" DATETIME;
