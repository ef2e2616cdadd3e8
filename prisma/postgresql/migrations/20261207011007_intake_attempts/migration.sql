-- AlterTable
ALTER TABLE "Intake" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0;
