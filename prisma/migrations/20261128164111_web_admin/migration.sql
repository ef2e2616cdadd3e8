-- CreateTable
CREATE TABLE "WebAccount" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "staffId" INTEGER NOT NULL,
    "username" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "mustChangePassword" BOOLEAN NOT NULL DEFAULT true,
    "lastSignInAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "WebAccount_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WebSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" INTEGER NOT NULL,
    "csrfToken" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    CONSTRAINT "WebSession_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "WebAccount" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SignInThrottle" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "windowStart" DATETIME NOT NULL,
    "lockedUntil" DATETIME
);

-- CreateTable
CREATE TABLE "PlanTally" (
    "schoolYearId" INTEGER NOT NULL,
    "schoolId" INTEGER NOT NULL,
    "groupId" INTEGER NOT NULL,
    "subject" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "late" INTEGER NOT NULL,
    "count" INTEGER NOT NULL,

    PRIMARY KEY ("schoolYearId", "schoolId", "groupId", "subject", "kind", "state", "late")
);

-- CreateIndex
CREATE UNIQUE INDEX "WebAccount_staffId_key" ON "WebAccount"("staffId");

-- CreateIndex
CREATE UNIQUE INDEX "WebAccount_username_key" ON "WebAccount"("username");

-- CreateIndex
CREATE INDEX "WebSession_accountId_idx" ON "WebSession"("accountId");

-- PlanTally follows every change of a Plan row, whoever writes it (bot, web, jobs, scripts).
CREATE TRIGGER "PlanTally_insert" AFTER INSERT ON "Plan" BEGIN
  INSERT INTO "PlanTally" ("schoolYearId", "schoolId", "groupId", "subject", "kind", "state", "late", "count")
  VALUES (NEW."schoolYearId", NEW."schoolId", COALESCE(NEW."groupId", 0), COALESCE(NEW."subject", ''), NEW."kind", NEW."state", NEW."lateAt" IS NOT NULL, 1)
  ON CONFLICT ("schoolYearId", "schoolId", "groupId", "subject", "kind", "state", "late") DO UPDATE SET "count" = "count" + 1;
END;

CREATE TRIGGER "PlanTally_delete" AFTER DELETE ON "Plan" BEGIN
  UPDATE "PlanTally" SET "count" = "count" - 1
  WHERE "schoolYearId" = OLD."schoolYearId" AND "schoolId" = OLD."schoolId" AND "groupId" = COALESCE(OLD."groupId", 0)
    AND "subject" = COALESCE(OLD."subject", '') AND "kind" = OLD."kind" AND "state" = OLD."state" AND "late" = (OLD."lateAt" IS NOT NULL);
END;

CREATE TRIGGER "PlanTally_update" AFTER UPDATE OF "schoolYearId", "schoolId", "groupId", "subject", "kind", "state", "lateAt" ON "Plan" BEGIN
  UPDATE "PlanTally" SET "count" = "count" - 1
  WHERE "schoolYearId" = OLD."schoolYearId" AND "schoolId" = OLD."schoolId" AND "groupId" = COALESCE(OLD."groupId", 0)
    AND "subject" = COALESCE(OLD."subject", '') AND "kind" = OLD."kind" AND "state" = OLD."state" AND "late" = (OLD."lateAt" IS NOT NULL);
  INSERT INTO "PlanTally" ("schoolYearId", "schoolId", "groupId", "subject", "kind", "state", "late", "count")
  VALUES (NEW."schoolYearId", NEW."schoolId", COALESCE(NEW."groupId", 0), COALESCE(NEW."subject", ''), NEW."kind", NEW."state", NEW."lateAt" IS NOT NULL, 1)
  ON CONFLICT ("schoolYearId", "schoolId", "groupId", "subject", "kind", "state", "late") DO UPDATE SET "count" = "count" + 1;
END;

-- Plans recorded before this migration.
INSERT INTO "PlanTally" ("schoolYearId", "schoolId", "groupId", "subject", "kind", "state", "late", "count")
SELECT "schoolYearId", "schoolId", COALESCE("groupId", 0), COALESCE("subject", ''), "kind", "state", "lateAt" IS NOT NULL, COUNT(*)
FROM "Plan" GROUP BY 1, 2, 3, 4, 5, 6, 7;
