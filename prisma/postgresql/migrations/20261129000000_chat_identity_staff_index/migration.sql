-- CreateIndex
CREATE INDEX "ChatIdentity_staffId_lastUsedAt_idx" ON "ChatIdentity"("staffId", "lastUsedAt");
