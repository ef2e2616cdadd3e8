-- CreateIndex
CREATE INDEX "Plan_schoolId_id_idx" ON "Plan"("schoolId", "id");
