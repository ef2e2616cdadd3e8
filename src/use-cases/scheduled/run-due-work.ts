// Runs whatever scheduled work is due at `now`: called every minute by the scheduler job, and
// by the preview command (without writing). Every message has a once-only key and every round
// is recorded when done, so restarts, re-runs and several workers never send anything twice.
import { storedReminderOffsets } from '../../db/stored-json.js';
import { vnDateOf } from '../../core/calendar.js';
import { dueRounds, type Round } from '../../core/schedule.js';
import { ensureCurrentSchoolYear } from '../../db/org-setup.js';
import type { Db } from '../../db/prisma.js';
import type { Prisma } from '../../generated/prisma/client.js';
import type { Channel } from '../../core/vocabulary.js';
import { textFor } from '../channel-words.js';
import { planAnnualRound } from './annual-reminders.js';
import type { PlannedMessage } from './planned-message.js';
import { housekeeping } from './housekeeping.js';
import { markLateLessons, planDigest, planLessonEve, planNudges } from './review-reminders.js';

export interface DuePlan {
  rounds: Round[];
  messages: PlannedMessage[];
  nudged: number[];
  escalated: number[];
}

export async function planDueWork(db: Db, now: Date, options: { includeDone?: boolean } = {}): Promise<DuePlan> {
  const year = await ensureCurrentSchoolYear(db, now);
  const schedule = { ...year, reminderOffsetsDays: storedReminderOffsets(year.reminderOffsetsDays) };
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
  await housekeeping(db, now);
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

/**
 * Writes planned messages to the outbox in bulk (a city round is tens of thousands): each to
 * the chat its person used last; keys already written are skipped. Returns how many were
 * addressable (people without a linked chat cannot be told).
 */
async function writePlanned(db: Db, messages: PlannedMessage[], now: Date): Promise<number> {
  let queued = 0;
  for (let i = 0; i < messages.length; i += 500) {
    const batch = messages.slice(i, i + 500);
    const chats = await lastUsedChats(db, batch.map((m) => m.staffId));
    const existing = new Set((await db.outboxMessage.findMany({ where: { idempotencyKey: { in: batch.map((m) => m.key) } }, select: { idempotencyKey: true } })).map((r) => r.idempotencyKey));
    const rows = batch.flatMap((m) => {
      const chat = chats.get(m.staffId);
      if (!chat) return [];
      queued++;
      if (existing.has(m.key)) return [];
      return [{ idempotencyKey: m.key, channel: chat.channel, chatId: chat.chatId, staffId: m.staffId, payload: JSON.stringify({ type: 'text', text: textFor(m.text, chat.channel as Channel) }), notBefore: now, bulk: true }];
    });
    if (rows.length > 0) await createOnce(db, rows);
  }
  return queued;
}

/**
 * Writes the rows; if another worker's tick (one that outlasted its minute) wrote some of the
 * same keys meanwhile, writes the others one by one and leaves those alone.
 */
async function createOnce(db: Db, rows: Prisma.OutboxMessageCreateManyInput[]): Promise<void> {
  try {
    await db.outboxMessage.createMany({ data: rows });
  } catch (error) {
    if ((error as { code?: string }).code !== 'P2002') throw error;
    for (const row of rows) {
      await db.outboxMessage.create({ data: row }).catch((e: { code?: string }) => {
        if (e.code !== 'P2002') throw e;
      });
    }
  }
}

async function lastUsedChats(db: Db, staffIds: number[]): Promise<Map<number, { channel: string; chatId: string }>> {
  const identities = await db.chatIdentity.findMany({ where: { staffId: { in: [...new Set(staffIds)] } }, orderBy: { lastUsedAt: 'asc' } });
  return new Map(identities.map((i) => [i.staffId, { channel: i.channel, chatId: i.chatId }])); // the last one wins
}
