// Reminders before the annual deadline (R4) and the overdue round after it: each person who
// still owes gets exactly what they owe; group heads and the board get their people's list;
// after the deadline the supervising unit gets a summary per school.
import { formatVnDate } from '../../core/calendar.js';
import type { ObligationStatus, SchoolSnapshot } from '../../core/deadlines.js';
import { holds } from '../../core/org.js';
import { daysUntil } from '../../core/schedule.js';
import { PLAN_KIND_LABELS } from '../../core/vocabulary.js';
import { loadObligationStatuses } from '../../read-models/compliance-obligations.js';
import type { Db } from '../../db/prisma.js';
import { unitRecipientIds } from '../../read-models/recipients.js';
import { howTo, perChannel } from '../channel-words.js';
import { listLines, type PlannedMessage } from './planned-message.js';

export interface AnnualRound {
  key: string;
  overdue: boolean;
}

interface Year {
  id: number;
  name: string;
  annualDeadline: string;
}

export async function planAnnualRound(db: Db, year: Year, round: AnnualRound, now: Date): Promise<PlannedMessage[]> {
  const schools = await db.school.findMany({ where: { active: true }, include: { supervisingUnit: true } });
  const messages: PlannedMessage[] = [];
  const unitSummaries = new Map<number, string[]>();
  for (const school of schools) {
    const { snapshot, owed } = await owedInSchool(db, school.id, year, now);
    if (owed.length === 0) continue;
    messages.push(...(await messagesForSchool(db, snapshot, owed, year, round, now)));
    if (round.overdue) {
      const lines = unitSummaries.get(school.supervisingUnitId) ?? [];
      lines.push(`• ${school.name}: còn ${owed.length} hồ sơ chưa nộp hoặc bị trả lại`);
      unitSummaries.set(school.supervisingUnitId, lines);
    }
  }
  if (round.overdue) messages.push(...(await unitMessages(db, unitSummaries, year, round)));
  return messages;
}

async function owedInSchool(db: Db, schoolId: number, year: Year, now: Date): Promise<{ snapshot: SchoolSnapshot; owed: ObligationStatus[] }> {
  const { snapshot, statuses } = await loadObligationStatuses(db, year, schoolId, now);
  return { snapshot, owed: statuses.filter((s) => s.owed) };
}

async function messagesForSchool(db: Db, snapshot: SchoolSnapshot, owed: ObligationStatus[], year: Year, round: AnnualRound, now: Date): Promise<PlannedMessage[]> {
  const names = new Map((await db.staff.findMany({ where: { schoolId: snapshot.schoolId }, select: { id: true, fullName: true } })).map((s) => [s.id, s.fullName]));
  const head = headline(year, round, now);
  const messages: PlannedMessage[] = [];
  const byPerson = new Map<number, ObligationStatus[]>();
  for (const o of owed) for (const id of o.responsibleIds) byPerson.set(id, [...(byPerson.get(id) ?? []), o]);
  for (const [staffId, items] of byPerson) {
    const text = perChannel((channel) => `${head}\nThầy/cô còn thiếu:\n${items.map((o) => `• ${label(o)}`).join('\n')}\n\n${howTo.submit(channel)}`);
    messages.push({ staffId, key: `${round.key}:own:${staffId}`, text });
  }
  const personLine = (id: number) => `• ${names.get(id) ?? `#${id}`}: ${byPerson.get(id)!.map(label).join('; ')}`;
  for (const member of snapshot.staff) {
    const headed = member.grants.filter((g) => g.role === 'GROUP_HEAD').map((g) => g.groupId);
    if (headed.length > 0) {
      const people = [...byPerson.keys()].filter((id) => id !== member.staffId && snapshot.staff.some((s) => s.staffId === id && s.grants.some((g) => g.role === 'TEACHER' && headed.includes(g.groupId ?? -1))));
      if (people.length > 0) messages.push({ staffId: member.staffId, key: `${round.key}:group:${member.staffId}`, text: `${head}\nTrong tổ còn ${people.length} người chưa nộp đủ:\n${listLines(people.map(personLine)).join('\n')}` });
    }
    if (holds(member, 'PRINCIPAL') || holds(member, 'VICE_PRINCIPAL')) {
      const people = [...byPerson.keys()].filter((id) => id !== member.staffId);
      messages.push({ staffId: member.staffId, key: `${round.key}:board:${member.staffId}`, text: `${head}\nToàn trường còn ${owed.length} hồ sơ chưa nộp hoặc bị trả lại, của ${people.length} người:\n${listLines(people.map(personLine)).join('\n')}` });
    }
  }
  return messages;
}

async function unitMessages(db: Db, summaries: Map<number, string[]>, year: Year, round: AnnualRound): Promise<PlannedMessage[]> {
  const messages: PlannedMessage[] = [];
  for (const [unitId, lines] of summaries) {
    for (const accountId of await unitRecipientIds(db, unitId)) {
      messages.push({ staffId: accountId, key: `${round.key}:unit:${accountId}`, text: `📊 Quá hạn nộp hồ sơ năm học ${year.name} (hạn ${formatVnDate(year.annualDeadline)}). Các trường còn thiếu:\n${listLines(lines).join('\n')}` });
    }
  }
  return messages;
}

function headline(year: Year, round: AnnualRound, now: Date): string {
  const deadline = formatVnDate(year.annualDeadline);
  if (round.overdue) return `⚠️ Đã quá hạn nộp hồ sơ năm học ${year.name} (hạn ${deadline}).`;
  const days = daysUntil(year.annualDeadline, now);
  return `⏰ Nhắc hạn nộp hồ sơ năm học ${year.name}: hạn ${deadline}${days === 0 ? ' — hôm nay là ngày cuối' : `, còn ${days} ngày`}.`;
}

function label(o: ObligationStatus): string {
  return `${PLAN_KIND_LABELS[o.kind]}${o.subject ? ` (${o.subject})` : ''}${o.state === 'RETURNED' ? ' — bị trả lại, cần nộp lại' : ''}`;
}
