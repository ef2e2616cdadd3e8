-- AlterTable
ALTER TABLE "ProcessedUpdate" ADD COLUMN "doneAt" DATETIME;

-- Updates recorded before this column existed were handled to the end.
UPDATE "ProcessedUpdate" SET "doneAt" = "processedAt";
