-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Intake" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "staffId" INTEGER NOT NULL,
    "channel" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "fileRef" TEXT NOT NULL,
    "originalName" TEXT NOT NULL,
    "declaredSize" INTEGER,
    "mimeType" TEXT,
    "details" TEXT NOT NULL,
    "fileSha256" TEXT,
    "fileSize" INTEGER,
    "analysis" TEXT,
    "status" TEXT NOT NULL DEFAULT 'RECEIVED',
    "outcome" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
);
INSERT INTO "new_Intake" ("channel", "chatId", "createdAt", "declaredSize", "details", "fileRef", "finishedAt", "id", "mimeType", "originalName", "outcome", "staffId", "status") SELECT "channel", "chatId", "createdAt", "declaredSize", "details", "fileRef", "finishedAt", "id", "mimeType", "originalName", "outcome", "staffId", "status" FROM "Intake";
DROP TABLE "Intake";
ALTER TABLE "new_Intake" RENAME TO "Intake";
CREATE INDEX "Intake_status_idx" ON "Intake"("status");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
