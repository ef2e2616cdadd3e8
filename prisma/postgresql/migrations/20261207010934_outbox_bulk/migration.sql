-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "bulk" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "OutboxMessage_status_bulk_id_idx" ON "OutboxMessage"("status", "bulk", "id");
