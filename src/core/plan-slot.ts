// "The same item" for a plan: a resubmission for the same slot becomes the next version
// instead of a new plan. Annual plans have one slot per owner/group/school and subject;
// each lesson has its own slot (subject, grade, title).
import { normaliseSubject } from './org.js';
import type { PlanKind } from './vocabulary.js';

export interface SlotFields {
  kind: PlanKind;
  schoolYearId: number;
  schoolId: number;
  groupId?: number | null;
  subgroupId?: number | null;
  ownerId: number;
  subject?: string | null;
  grade?: number | null;
  title?: string | null;
}

export function slotKey(p: SlotFields): string {
  const subject = p.subject ? normaliseSubject(p.subject) : '*';
  switch (p.kind) {
    case 'SCHOOL_PLAN':
      return `SCHOOL:${p.schoolYearId}:${p.schoolId}`;
    case 'GROUP_TEACHING_PLAN':
      return `GROUP_TEACHING:${p.schoolYearId}:${p.groupId}:${subject}`;
    case 'GROUP_ACTIVITIES_PLAN':
      return `GROUP_ACTIVITIES:${p.schoolYearId}:${p.groupId}:${p.subgroupId ?? '*'}`;
    case 'TEACHER_PLAN':
      return `TEACHER:${p.schoolYearId}:${p.ownerId}:${subject}`;
    case 'LESSON_PLAN':
      return `LESSON:${p.schoolYearId}:${p.ownerId}:${subject}:${p.grade ?? '*'}:${normaliseTitle(p.title ?? '')}`;
  }
}

/** Titles match regardless of case, spacing and trailing punctuation. */
export function normaliseTitle(title: string): string {
  return title
    .normalize('NFC')
    .toLocaleLowerCase('vi')
    .replace(/[\s\u00a0]+/g, ' ')
    .replace(/[.:;,\-–\s]+$/u, '')
    .trim();
}
