-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_OutboxMessage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "idempotencyKey" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "staffId" INTEGER,
    "payload" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "externalMessageId" TEXT,
    "notBefore" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" DATETIME,
    "respectQuietHours" BOOLEAN NOT NULL DEFAULT true,
    "bulk" BOOLEAN NOT NULL DEFAULT false
);
INSERT INTO "new_OutboxMessage" ("attempts", "channel", "chatId", "createdAt", "externalMessageId", "id", "idempotencyKey", "lastError", "notBefore", "payload", "respectQuietHours", "sentAt", "staffId", "status") SELECT "attempts", "channel", "chatId", "createdAt", "externalMessageId", "id", "idempotencyKey", "lastError", "notBefore", "payload", "respectQuietHours", "sentAt", "staffId", "status" FROM "OutboxMessage";
DROP TABLE "OutboxMessage";
ALTER TABLE "new_OutboxMessage" RENAME TO "OutboxMessage";
CREATE UNIQUE INDEX "OutboxMessage_idempotencyKey_key" ON "OutboxMessage"("idempotencyKey");
CREATE INDEX "OutboxMessage_status_notBefore_idx" ON "OutboxMessage"("status", "notBefore");
CREATE INDEX "OutboxMessage_status_bulk_id_idx" ON "OutboxMessage"("status", "bulk", "id");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
