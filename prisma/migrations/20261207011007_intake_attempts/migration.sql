-- AlterTable (SQLite adds a column with a constant default in place; no table rebuild)
ALTER TABLE "Intake" ADD COLUMN "attempts" INTEGER NOT NULL DEFAULT 0;
