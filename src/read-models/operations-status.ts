// What the operations page shows from the database: the outbox (messages waiting, sent, failed)
// and the intakes (files being checked), with the rows that need a person's attention.
import { WORK_IN_HAND } from '../core/intake-state.js';
import type { Actor } from '../core/org.js';
import type { Db } from '../db/prisma.js';
import { visiblePlansFilter } from './scope-filters.js';

export interface OutboxStatus {
  counts: Record<string, number>;
  /** Pending messages whose time has come, and those held until later (quiet hours, retry waits). */
  dueNow: number;
  heldUntilLater: number;
  oldestPending?: { id: number; createdAt: Date; notBefore: Date };
  /** The pending message that has waited longest since its time came: a sign of a stuck delivery. */
  longestDue?: { id: number; notBefore: Date };
  failures: Array<{
    id: number; channel: string; chatId: string; status: string; attempts: number; lastError: string | null; createdAt: Date;
    recipient?: { fullName: string; code: string };
  }>;
}

export async function outboxStatus(db: Db, now: Date, failureCount = 20): Promise<OutboxStatus> {
  const [groups, dueNow, oldestPending, longestDue, failed] = await Promise.all([
    db.outboxMessage.groupBy({ by: ['status'], _count: { _all: true } }),
    db.outboxMessage.count({ where: { status: 'PENDING', notBefore: { lte: now } } }),
    db.outboxMessage.findFirst({ where: { status: 'PENDING' }, orderBy: { id: 'asc' }, select: { id: true, createdAt: true, notBefore: true } }),
    db.outboxMessage.findFirst({ where: { status: 'PENDING', notBefore: { lte: now } }, orderBy: { notBefore: 'asc' }, select: { id: true, notBefore: true } }),
    db.outboxMessage.findMany({
      where: { status: { in: ['FAILED', 'UNREACHABLE'] } },
      orderBy: { id: 'desc' },
      take: failureCount,
      select: { id: true, channel: true, chatId: true, staffId: true, status: true, attempts: true, lastError: true, createdAt: true },
    }),
  ]);
  const counts = Object.fromEntries(groups.map((g) => [g.status, g._count._all]));
  const people = await staffNames(db, failed.map((f) => f.staffId));
  return {
    counts,
    dueNow,
    heldUntilLater: (counts.PENDING ?? 0) - dueNow,
    oldestPending: oldestPending ?? undefined,
    longestDue: longestDue ?? undefined,
    failures: failed.map(({ staffId, ...f }) => ({ ...f, recipient: staffId != null ? people.get(staffId) : undefined })),
  };
}

export interface IntakeStatus {
  counts: Record<string, number>;
  /** Work in hand (not yet read, or read and not moved on) for longer than the grace period. */
  stuck: IntakeRow[];
  failed: IntakeRow[];
  /** Lesson plans filed in the last 30 days after the teacher contested the checker's "several lessons" (R6): where the checker may be wrong. */
  contestedLessons: number;
}

/** How far back the operations page counts contested R6 verdicts. */
export const CONTESTED_WINDOW_DAYS = 30;

interface IntakeRow {
  id: number; channel: string; originalName: string; status: string; outcome: string | null; createdAt: Date; finishedAt: Date | null;
  sender?: { fullName: string; code: string };
}

/** An intake is checked within seconds; one still unchecked after this long needs a look. */
export const INTAKE_STUCK_AFTER_MS = 10 * 60_000;

export async function intakeStatus(db: Db, now: Date, listCount = 20): Promise<IntakeStatus> {
  const select = { id: true, staffId: true, channel: true, originalName: true, status: true, outcome: true, createdAt: true, finishedAt: true } as const;
  const [groups, stuck, failed, contestedLessons] = await Promise.all([
    db.intake.groupBy({ by: ['status'], _count: { _all: true } }),
    db.intake.findMany({ where: { status: { in: [...WORK_IN_HAND] }, createdAt: { lt: new Date(now.getTime() - INTAKE_STUCK_AFTER_MS) } }, orderBy: { id: 'asc' }, take: listCount, select }),
    db.intake.findMany({ where: { status: 'FAILED' }, orderBy: { id: 'desc' }, take: listCount, select }),
    db.submission.count({ where: { submittedAt: { gte: new Date(now.getTime() - CONTESTED_WINDOW_DAYS * 86_400_000) }, checkReport: { contains: '"lessonsContested":true' } } }),
  ]);
  const people = await staffNames(db, [...stuck, ...failed].map((i) => i.staffId));
  const withSender = (rows: typeof stuck): IntakeRow[] => rows.map(({ staffId, ...i }) => ({ ...i, sender: people.get(staffId) }));
  return { counts: Object.fromEntries(groups.map((g) => [g.status, g._count._all])), stuck: withSender(stuck), failed: withSender(failed), contestedLessons };
}

async function staffNames(db: Db, ids: Array<number | null>): Promise<Map<number, { fullName: string; code: string }>> {
  const wanted = [...new Set(ids.filter((id): id is number => id != null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.staff.findMany({ where: { id: { in: wanted } }, select: { id: true, fullName: true, code: true } });
  return new Map(rows.map((r) => [r.id, { fullName: r.fullName, code: r.code }]));
}

export interface ContestedPlan {
  planId: number;
  refCode: string;
  version: number;
  submittedAt: Date;
  fileName: string;
  school: string;
  teacher: { fullName: string; code: string };
  title: string | null;
  /** The checker's own words: how many lessons it counted, and their titles (from the stored check report). */
  checkReport: string | null;
}

/**
 * The latest versions filed after the teacher contested "several lessons", newest first, for the
 * hotline to open and judge the checker (same window and test as the count). Limited to the
 * plans the viewer may see, like every list of plans.
 */
export async function contestedLessonPlans(db: Db, actor: Actor, now: Date, take = 20): Promise<ContestedPlan[]> {
  const rows = await db.submission.findMany({
    where: {
      submittedAt: { gte: new Date(now.getTime() - CONTESTED_WINDOW_DAYS * 86_400_000) },
      checkReport: { contains: '"lessonsContested":true' },
      plan: await visiblePlansFilter(db, actor),
    },
    orderBy: [{ submittedAt: 'desc' }, { id: 'desc' }],
    take,
    select: {
      version: true, submittedAt: true, originalName: true, checkReport: true,
      plan: { select: { id: true, refCode: true, title: true, school: { select: { name: true } }, owner: { select: { fullName: true, code: true } } } },
    },
  });
  return rows.map((r) => ({
    planId: r.plan.id, refCode: r.plan.refCode, version: r.version, submittedAt: r.submittedAt, fileName: r.originalName,
    school: r.plan.school.name, teacher: r.plan.owner, title: r.plan.title, checkReport: r.checkReport,
  }));
}
