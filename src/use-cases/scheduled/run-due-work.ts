// Runs whatever scheduled work is due at `now`: called every minute by the scheduler job, and
// by the preview command (without writing). Every message has a once-only key and every round
// is recorded when done, so restarts, re-runs and several workers never send anything twice.
import { vnDateOf } from '../../core/calendar.js';
import { dueRounds, type Round } from '../../core/schedule.js';
import { ensureCurrentSchoolYear } from '../../db/org-setup.js';
import type { Db } from '../../db/prisma.js';
import { queueForStaff } from '../outbox.js';
import { planAnnualRound } from './annual-reminders.js';
import type { PlannedMessage } from './planned-message.js';
import { markLateLessons, planDigest, planLessonEve, planNudges } from './review-reminders.js';

export interface DuePlan {
  rounds: Round[];
  messages: PlannedMessage[];
  nudged: number[];
  escalated: number[];
}

export async function planDueWork(db: Db, now: Date, options: { includeDone?: boolean } = {}): Promise<DuePlan> {
  const year = await ensureCurrentSchoolYear(db, now);
  const schedule = { ...year, reminderOffsetsDays: JSON.parse(year.reminderOffsetsDays) as number[] };
  const done = new Set((await db.scheduledRun.findMany({ select: { key: true } })).map((r) => r.key));
  const rounds = dueRounds(schedule, now).filter((r) => options.includeDone || !done.has(r.key));
  const messages: PlannedMessage[] = [];
  for (const round of rounds) messages.push(...(await planRound(db, year, round, now)));
  const nudges = await planNudges(db, year.nudgeAfterHours, now);
  return { rounds, messages: [...messages, ...nudges.messages], nudged: nudges.nudged, escalated: nudges.escalated };
}

function planRound(db: Db, year: { id: number; name: string; annualDeadline: string }, round: Round, now: Date): Promise<PlannedMessage[]> {
  switch (round.type) {
    case 'ANNUAL_REMINDER':
      return planAnnualRound(db, year, { key: round.key, overdue: false }, now);
    case 'OVERDUE':
      return planAnnualRound(db, year, { key: round.key, overdue: true }, now);
    case 'LESSON_EVE':
      return planLessonEve(db, round.date, round.key);
    case 'DIGEST':
      return planDigest(db, round.date, round.key);
  }
}

export interface DueWorkResult {
  rounds: string[];
  queued: number;
  lateMarked: number;
}

export async function runDueWork(db: Db, now: Date): Promise<DueWorkResult> {
  const lateMarked = await markLateLessons(db, vnDateOf(now));
  const plan = await planDueWork(db, now);
  const queued = await writePlanned(db, plan.messages, now);
  await db.submission.updateMany({ where: { id: { in: plan.nudged } }, data: { nudgedAt: now } });
  await db.submission.updateMany({ where: { id: { in: plan.escalated } }, data: { escalatedAt: now } });
  for (const round of plan.rounds) {
    await db.scheduledRun.create({ data: { key: round.key, ranAt: now } }).catch((e: { code?: string }) => {
      if (e.code !== 'P2002') throw e; // another worker finished the same round
    });
  }
  return { rounds: plan.rounds.map((r) => r.key), queued, lateMarked };
}

/** Writes planned messages to the outbox in batches; returns how many could be addressed. */
async function writePlanned(db: Db, messages: PlannedMessage[], now: Date): Promise<number> {
  let queued = 0;
  for (let i = 0; i < messages.length; i += 200) {
    await db.$transaction(async (tx) => {
      for (const m of messages.slice(i, i + 200)) {
        if (await queueForStaff(tx, { staffId: m.staffId, key: m.key, message: { type: 'text', text: m.text }, notBefore: now })) queued++;
      }
    }, { timeout: 120_000 });
  }
  return queued;
}
