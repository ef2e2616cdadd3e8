-- AlterTable (SQLite adds a column with a constant default in place: no rebuild of a city's outbox)
ALTER TABLE "OutboxMessage" ADD COLUMN "bulk" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "OutboxMessage_status_bulk_id_idx" ON "OutboxMessage"("status", "bulk", "id");
