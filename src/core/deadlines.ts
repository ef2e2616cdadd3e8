// What each person, group and school owes for a school year (R4) and how far along it is;
// whether a lesson plan was approved before its teaching date (R5). A deadline date is due
// by the end of that day in Vietnam: "nộp trước ngày 15/9" is read as "by 15/9 included".
import { endOfVnDay, startOfVnDay, type IsoDate } from './calendar.js';
import type { Actor } from './org.js';
import { holds, normaliseSubject } from './org.js';
import { slotKey } from './plan-slot.js';
import type { PlanStatus } from './plan-state.js';
import type { PlanKind } from './vocabulary.js';

export interface SchoolSnapshot {
  schoolId: number;
  groups: ReadonlyArray<{ id: number; subgroups: ReadonlyArray<{ id: number; subject: string }> }>;
  /** Active staff of the school with their roles and the subjects they teach. */
  staff: ReadonlyArray<Actor & { subjects: readonly string[] }>;
}

export interface Obligation {
  kind: PlanKind;
  schoolId: number;
  groupId: number | null;
  subject: string | null;
  /** Who must hand it in: the teacher, the group heads, or the school board. */
  responsibleIds: number[];
  /** The slot key of the plan that fulfils it. */
  slotKey: string;
}

export type ObligationState = 'MISSING' | 'SUBMITTED' | 'RETURNED' | 'APPROVED';

export interface ObligationStatus extends Obligation {
  state: ObligationState;
  /** Still owed: missing, or returned and not resubmitted (R4). */
  owed: boolean;
  /** Still owed once the deadline has passed. */
  overdue: boolean;
}

export function annualObligations(school: SchoolSnapshot, schoolYearId: number): Obligation[] {
  const base = { schoolId: school.schoolId, schoolYearId };
  const boardIds = school.staff.filter((s) => holds(s, 'PRINCIPAL') || holds(s, 'VICE_PRINCIPAL')).map((s) => s.staffId);
  const result: Obligation[] = [
    make({ ...base, kind: 'SCHOOL_PLAN', ownerId: 0, groupId: null, subject: null }, boardIds),
  ];
  for (const group of school.groups) {
    const heads = school.staff.filter((s) => holds(s, 'GROUP_HEAD', { groupId: group.id })).map((s) => s.staffId);
    const subjects = group.subgroups.length > 0 ? group.subgroups.map((sg) => sg.subject) : [null];
    for (const subject of subjects) {
      result.push(make({ ...base, kind: 'GROUP_TEACHING_PLAN', ownerId: 0, groupId: group.id, subject }, heads));
    }
    result.push(make({ ...base, kind: 'GROUP_ACTIVITIES_PLAN', ownerId: 0, groupId: group.id, subject: null }, heads));
  }
  for (const member of school.staff) {
    const teaching = member.grants.filter((g) => g.role === 'TEACHER' && g.schoolId === school.schoolId);
    if (teaching.length === 0) continue;
    const groupId = teaching[0]!.groupId ?? null;
    for (const subject of subjectsTaught(member, school)) {
      result.push(make({ ...base, kind: 'TEACHER_PLAN', ownerId: member.staffId, groupId, subject }, [member.staffId]));
    }
  }
  return result;
}

function make(
  fields: { kind: PlanKind; schoolYearId: number; schoolId: number; ownerId: number; groupId: number | null; subject: string | null },
  responsibleIds: number[],
): Obligation {
  return {
    kind: fields.kind,
    schoolId: fields.schoolId,
    groupId: fields.groupId,
    subject: fields.subject,
    responsibleIds,
    slotKey: slotKey(fields),
  };
}

/** A teacher's subjects: the roster's list, else the subjects of their sub-groups; one plan per subject. */
function subjectsTaught(member: SchoolSnapshot['staff'][number], school: SchoolSnapshot): Array<string | null> {
  const fromSubgroups = member.grants
    .filter((g) => g.role === 'TEACHER' && g.subgroupId != null)
    .map((g) => school.groups.flatMap((gr) => gr.subgroups).find((sg) => sg.id === g.subgroupId)?.subject)
    .filter((s): s is string => Boolean(s));
  const all = member.subjects.length > 0 ? member.subjects : fromSubgroups;
  const seen = new Map(all.map((s) => [normaliseSubject(s), s]));
  return seen.size > 0 ? [...seen.values()] : [null];
}

export function obligationStatus(
  obligation: Obligation,
  plan: PlanStatus | undefined,
  annualDeadline: IsoDate,
  now: Date,
): ObligationStatus {
  const state: ObligationState = plan ? plan.state : 'MISSING';
  const owed = state === 'MISSING' || state === 'RETURNED';
  return { ...obligation, state, owed, overdue: owed && now >= endOfVnDay(annualDeadline) };
}

export type LessonTiming = 'APPROVED_IN_TIME' | 'APPROVED_LATE' | 'WAITING' | 'LATE';

/**
 * R5: a lesson plan must be approved before the lesson is taught, i.e. before the teaching
 * day starts. `approvedAt` is the time of the approving decision, if any.
 */
export function lessonTiming(teachingDate: IsoDate, approvedAt: Date | null, now: Date): LessonTiming {
  const lessonStarts = startOfVnDay(teachingDate);
  if (approvedAt) return approvedAt < lessonStarts ? 'APPROVED_IN_TIME' : 'APPROVED_LATE';
  return now >= lessonStarts ? 'LATE' : 'WAITING';
}
