-- CreateIndex
CREATE INDEX "Plan_state_lateAt_teachingDate_idx" ON "Plan"("state", "lateAt", "teachingDate");
