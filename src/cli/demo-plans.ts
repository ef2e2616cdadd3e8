// The demo's plans: handed in by the demo roster's teachers and decided by their group heads
// exactly as through the bot (stored, read, checked, filed, decided), so a first run has plans
// in every state to open — waiting, approved, returned, and returned then handed in again.
// Annual plans too (school, group and teacher plans, R4), handed in over the last ten days by
// whoever owns each kind and decided by whoever the product routes it to, so the dashboard's
// progress chart has a shape and its schools differ: Trần Phú well ahead, Ngô Quyền behind,
// the other two schools with little or nothing.
// Their files are data/demo/plans/*.docx (written by scripts/make-demo-plans.ts).
import fs from 'node:fs';
import path from 'node:path';
import { addDays, vnDateOf, vnDateTime } from '../core/calendar.js';
import { PLAN_KIND_LABELS, type PlanKind } from '../core/vocabulary.js';
import { ensureCurrentSchoolYear } from '../db/org-setup.js';
import type { Db } from '../db/prisma.js';
import { loadSubmitterContext } from '../read-models/submitter-context.js';
import type { SubmitterContext } from '../core/submission-flow.js';
import type { TextExtractor } from '../documents/text-extractor.js';
import type { FileStore } from '../storage/file-store.js';
import { decidePlan } from '../use-cases/decide-plan.js';
import { analyse } from '../use-cases/intake/check-intake.js';
import { recordCheckedFile } from '../use-cases/record-checked-file.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export interface DemoPlan {
  teacherCode: string;
  teacher: string;
  school: string;
  group: string;
  subject: string;
  grade: number;
  title: string;
  /** Days from today to the lesson. */
  teachingInDays: number;
  /** Each version handed in, and what the reviewer then decided (none: still waiting). */
  versions: Array<{ file: string; missing?: Array<'equipment' | 'objectives' | 'practice'>; decision?: { by: string; action: 'APPROVE' | 'RETURN'; reason?: string } }>;
}

export const DEMO_PLANS: DemoPlan[] = [
  {
    teacherCode: 'THCS-TP-004', teacher: 'Phạm Minh Tuấn', school: 'Trường THCS Trần Phú', group: 'Tổ Toán – Tin', subject: 'Toán', grade: 8,
    title: 'Bài 7: Hình thang cân', teachingInDays: 3,
    versions: [{ file: 'khbd-toan8-bai7.docx', decision: { by: 'THCS-TP-003', action: 'APPROVE' } }],
  },
  {
    teacherCode: 'THCS-TP-005', teacher: 'Hoàng Thị Lan', school: 'Trường THCS Trần Phú', group: 'Tổ Toán – Tin', subject: 'Toán', grade: 6,
    title: 'Bài 3: Phép cộng và phép trừ số tự nhiên', teachingInDays: 5,
    versions: [{ file: 'khbd-toan6-bai3.docx' }],
  },
  {
    teacherCode: 'THCS-TP-009', teacher: 'Đặng Thị Thanh Hương', school: 'Trường THCS Trần Phú', group: 'Tổ Ngữ văn – Ngoại ngữ', subject: 'Ngữ văn', grade: 7,
    title: 'Bài 2: Bầy chim chìa vôi', teachingInDays: 6,
    versions: [{
      file: 'khbd-van7-bai2.docx', missing: ['equipment'],
      decision: { by: 'THCS-TP-008', action: 'RETURN', reason: 'Thiếu mục Thiết bị dạy học và học liệu; cô bổ sung rồi gửi lại giúp tổ.' },
    }],
  },
  {
    teacherCode: 'THCS-NQ-004', teacher: 'Lương Thị Thảo', school: 'Trường THCS Ngô Quyền', group: 'Tổ Toán – Tin', subject: 'Toán', grade: 9,
    title: 'Bài 4: Giải hệ hai phương trình bậc nhất hai ẩn', teachingInDays: 4,
    versions: [
      { file: 'khbd-toan9-bai4-v1.docx', missing: ['practice'], decision: { by: 'THCS-NQ-003', action: 'RETURN', reason: 'Chưa có hoạt động Luyện tập; cô thêm bài tập luyện tập rồi nộp lại.' } },
      { file: 'khbd-toan9-bai4-v2.docx' },
    ],
  },
  {
    teacherCode: 'THCS-NQ-005', teacher: 'Tạ Quang Vinh', school: 'Trường THCS Ngô Quyền', group: 'Tổ Toán – Tin', subject: 'Toán', grade: 7,
    title: 'Bài 1: Tập hợp các số hữu tỉ', teachingInDays: 2,
    versions: [{ file: 'khbd-toan7-bai1.docx', decision: { by: 'THCS-NQ-003', action: 'APPROVE' } }],
  },
];

export type AnnualKind = Exclude<PlanKind, 'LESSON_PLAN'>;

export interface DemoAnnualPlan {
  kind: AnnualKind;
  /** The submitter: the teacher (teacher plan), the group head (group plans), the principal (school plan). */
  by: string;
  name: string;
  school: string;
  group?: string;
  /** The teacher plan's subject, or the group teaching plan's (one per subject of the group). */
  subject?: string;
  file: string;
  /** Handed in this many days before today. */
  daysAgo: number;
  /** Decided `afterHours` after it came in by `by` (someone the product routes it to); none: waiting. */
  decision?: { by: string; action: 'APPROVE' | 'RETURN'; reason?: string; afterHours: number };
}

const TP = { school: 'Trường THCS Trần Phú' };
const NQ = { school: 'Trường THCS Ngô Quyền' };
const TOAN_TIN = 'Tổ Toán – Tin';
const VAN_NN = 'Tổ Ngữ văn – Ngoại ngữ';

export const DEMO_ANNUAL_PLANS: DemoAnnualPlan[] = [
  // Trường THCS Trần Phú, well ahead: the school plan adopted by the School Council (recorded by
  // the principal), both groups' teaching plans approved by the board, most teacher plans in.
  { ...TP, kind: 'SCHOOL_PLAN', by: 'THCS-TP-001', name: 'Nguyễn Thị Thu Hà', file: 'khgd-truong-tp.docx', daysAgo: 10, decision: { by: 'THCS-TP-001', action: 'APPROVE', afterHours: 26 } },
  { ...TP, kind: 'GROUP_TEACHING_PLAN', by: 'THCS-TP-003', name: 'Lê Thị Mai Anh', group: TOAN_TIN, subject: 'Toán', file: 'khdh-to-toan-tp.docx', daysAgo: 9, decision: { by: 'THCS-TP-002', action: 'APPROVE', afterHours: 22 } },
  { ...TP, kind: 'GROUP_TEACHING_PLAN', by: 'THCS-TP-008', name: 'Bùi Văn Long', group: VAN_NN, subject: 'Ngữ văn', file: 'khdh-to-van-tp.docx', daysAgo: 8, decision: { by: 'THCS-TP-001', action: 'APPROVE', afterHours: 30 } },
  { ...TP, kind: 'GROUP_ACTIVITIES_PLAN', by: 'THCS-TP-003', name: 'Lê Thị Mai Anh', group: TOAN_TIN, file: 'khhd-to-toan-tin-tp.docx', daysAgo: 6 },
  { ...TP, kind: 'TEACHER_PLAN', by: 'THCS-TP-004', name: 'Phạm Minh Tuấn', group: TOAN_TIN, subject: 'Toán', file: 'khgv-toan-tp-004.docx', daysAgo: 7, decision: { by: 'THCS-TP-003', action: 'APPROVE', afterHours: 20 } },
  { ...TP, kind: 'TEACHER_PLAN', by: 'THCS-TP-005', name: 'Hoàng Thị Lan', group: TOAN_TIN, subject: 'Toán', file: 'khgv-toan-tp-005.docx', daysAgo: 6, decision: { by: 'THCS-TP-003', action: 'APPROVE', afterHours: 24 } },
  { ...TP, kind: 'TEACHER_PLAN', by: 'THCS-TP-007', name: 'Đỗ Thị Hồng Nhung', group: TOAN_TIN, subject: 'Tin học', file: 'khgv-tin-tp-007.docx', daysAgo: 5, decision: { by: 'THCS-TP-006', action: 'APPROVE', afterHours: 20 } },
  {
    ...TP, kind: 'TEACHER_PLAN', by: 'THCS-TP-010', name: 'Ngô Quang Huy', group: VAN_NN, subject: 'Ngữ văn', file: 'khgv-van-tp-010.docx', daysAgo: 4,
    decision: { by: 'THCS-TP-008', action: 'RETURN', reason: 'Phân phối chương trình chưa đủ các bài của học kì II; thầy bổ sung rồi nộp lại giúp tổ.', afterHours: 22 },
  },
  { ...TP, kind: 'TEACHER_PLAN', by: 'THCS-TP-012', name: 'Lý Văn Phúc', group: VAN_NN, subject: 'Tiếng Anh', file: 'khgv-anh-tp-012.docx', daysAgo: 3 },
  { ...TP, kind: 'TEACHER_PLAN', by: 'THCS-TP-014', name: 'Trịnh Công Sơn', group: 'Tổ Khoa học tự nhiên', subject: 'Khoa học tự nhiên', file: 'khgv-khtn-tp-014.docx', daysAgo: 2, decision: { by: 'THCS-TP-013', action: 'APPROVE', afterHours: 20 } },
  { ...TP, kind: 'TEACHER_PLAN', by: 'THCS-TP-015', name: 'Mai Thị Hải Yến', group: 'Tổ Khoa học tự nhiên', subject: 'Khoa học tự nhiên', file: 'khgv-khtn-tp-015.docx', daysAgo: 1 },
  // Trường THCS Ngô Quyền, behind: a group plan waiting for the board, a few teacher plans.
  { ...NQ, kind: 'GROUP_TEACHING_PLAN', by: 'THCS-NQ-003', name: 'Cao Minh Đức', group: TOAN_TIN, subject: 'Toán', file: 'khdh-to-toan-nq.docx', daysAgo: 3 },
  { ...NQ, kind: 'TEACHER_PLAN', by: 'THCS-NQ-004', name: 'Lương Thị Thảo', group: TOAN_TIN, subject: 'Toán', file: 'khgv-toan-nq-004.docx', daysAgo: 5, decision: { by: 'THCS-NQ-003', action: 'APPROVE', afterHours: 44 } },
  { ...NQ, kind: 'TEACHER_PLAN', by: 'THCS-NQ-009', name: 'Phạm Thị Quỳnh', group: VAN_NN, subject: 'Ngữ văn', file: 'khgv-van-nq-009.docx', daysAgo: 2 },
  { ...NQ, kind: 'TEACHER_PLAN', by: 'THCS-NQ-012', name: 'Đỗ Mạnh Cường', group: VAN_NN, subject: 'Tiếng Anh', file: 'khgv-anh-nq-012.docx', daysAgo: 1 },
  // Trường THPT Thái Phiên: one teacher plan so far; Trường THCS và THPT Nguyễn Bỉnh Khiêm: nothing.
  { school: 'Trường THPT Thái Phiên', kind: 'TEACHER_PLAN', by: 'THPT-TPH-004', name: 'Dương Văn Hải', group: TOAN_TIN, subject: 'Toán', file: 'khgv-toan-tph-004.docx', daysAgo: 1 },
];

/** Two weeks from today, inside the school year: the demo's obligations are due, not overdue. */
export function demoDeadline(year: { startsOn: string; endsOn: string }, today: string): string {
  const wanted = addDays(today, 14);
  return wanted < year.startsOn ? year.startsOn : wanted > year.endsOn ? year.endsOn : wanted;
}

/** The current school year, its deadline moved to demoDeadline. */
export async function setDemoDeadline(db: Db, now: Date = new Date()) {
  const year = await ensureCurrentSchoolYear(db, now);
  return db.schoolYear.update({ where: { id: year.id }, data: { annualDeadline: demoDeadline(year, vnDateOf(now)) } });
}

export interface DemoPlanDeps {
  db: Db;
  fileStore: FileStore;
  extractor: TextExtractor;
  /** Folder of the demo files; default data/demo/plans. */
  dir?: string;
  now?: Date;
}

/** Hands in and decides the demo plans; returns one Vietnamese line per plan. */
export async function seedDemoPlans(deps: DemoPlanDeps): Promise<string[]> {
  const now = deps.now ?? new Date();
  const dir = deps.dir ?? path.resolve('data/demo/plans');
  const lines: string[] = [];
  for (const demo of DEMO_PLANS) {
    const teacher = await deps.db.staff.findUnique({ where: { code: demo.teacherCode } });
    const context = teacher && (await loadSubmitterContext(deps.db, teacher.id));
    const teaching = context?.teaching.find((t) => t.subject === demo.subject);
    if (!teacher || !teaching) continue; // the demo roster was changed: skip what no longer fits
    let last = '';
    for (const [i, version] of demo.versions.entries()) {
      // Versions an hour apart, the decisions in between, so the history reads in order.
      const at = new Date(now.getTime() - (demo.versions.length - i) * 3_600_000);
      const bytes = fs.readFileSync(path.join(dir, version.file));
      const stored = await deps.fileStore.put(bytes);
      const analysis = await analyse({ fileStore: deps.fileStore, analyseFile: (f) => deps.extractor.analyse(f) }, stored.sha256);
      const filed = await recordCheckedFile(deps.db, {
        staffId: teacher.id, channel: 'WEB',
        file: { sha256: stored.sha256, size: bytes.length, originalName: `KHBD ${demo.subject} ${demo.grade} - ${demo.title}.docx`, mimeType: DOCX },
        details: {
          kind: 'LESSON_PLAN', groupId: teaching.groupId, subgroupId: teaching.subgroupId ?? null, subject: demo.subject, grade: demo.grade,
          title: demo.title, teachingDate: addDays(vnDateOf(now), demo.teachingInDays),
        },
        analysis,
        now: at,
      });
      last = `${filed.refCode} (${demo.teacher}, ${demo.title})`;
      if (!version.decision) continue;
      const reviewer = await deps.db.staff.findUniqueOrThrow({ where: { code: version.decision.by } });
      await decidePlan(deps.db, { deciderId: reviewer.id, submissionId: filed.submissionId, action: version.decision.action, reason: version.decision.reason, now: new Date(at.getTime() + 1_800_000) });
    }
    lines.push(`Hồ sơ mẫu: ${last}`);
  }
  for (const demo of DEMO_ANNUAL_PLANS) {
    const line = await seedAnnualPlan(deps, demo, dir, now);
    if (line) lines.push(line);
  }
  return lines;
}

/**
 * One annual plan, where the bot would file it: the scope is read from the submitter's own
 * context (the subjects they teach, the groups they head), and decidePlan refuses a decider the
 * product does not route the plan to. Null when the demo roster no longer fits.
 */
async function seedAnnualPlan(deps: DemoPlanDeps, demo: DemoAnnualPlan, dir: string, now: Date): Promise<string | null> {
  const owner = await deps.db.staff.findUnique({ where: { code: demo.by } });
  const context = owner && (await loadSubmitterContext(deps.db, owner.id));
  if (!owner || !context?.kinds.includes(demo.kind)) return null;
  const scope = annualScope(demo, context);
  if (!scope) return null;
  // `daysAgo` days before now, but not before the school year (its plans belong to it).
  const year = await ensureCurrentSchoolYear(deps.db, now);
  const at = new Date(Math.max(now.getTime() - demo.daysAgo * 86_400_000, vnDateTime(year.startsOn, '08:00').getTime()));
  const bytes = fs.readFileSync(path.join(dir, demo.file));
  const stored = await deps.fileStore.put(bytes);
  const analysis = await analyse({ fileStore: deps.fileStore, analyseFile: (f) => deps.extractor.analyse(f) }, stored.sha256);
  const label = PLAN_KIND_LABELS[demo.kind];
  const filed = await recordCheckedFile(deps.db, {
    staffId: owner.id, channel: 'WEB',
    file: { sha256: stored.sha256, size: bytes.length, originalName: `${label}${demo.subject ? ` - ${demo.subject}` : ''} - ${demo.name}.docx`, mimeType: DOCX },
    details: { kind: demo.kind, ...scope },
    analysis,
    now: at,
  });
  if (demo.decision) {
    const decider = await deps.db.staff.findUniqueOrThrow({ where: { code: demo.decision.by } });
    const decidedAt = new Date(Math.min(at.getTime() + demo.decision.afterHours * 3_600_000, now.getTime()));
    await decidePlan(deps.db, { deciderId: decider.id, submissionId: filed.submissionId, action: demo.decision.action, reason: demo.decision.reason, now: decidedAt });
  }
  return `Hồ sơ mẫu: ${filed.refCode} (${demo.name}, ${label}${demo.subject ? ` ${demo.subject}` : ''})`;
}

/** The group, sub-group and subject the bot would file this kind under for its submitter. */
function annualScope(demo: DemoAnnualPlan, who: SubmitterContext): { groupId: number | null; subgroupId: number | null; subject: string | null } | null {
  switch (demo.kind) {
    case 'SCHOOL_PLAN':
      return { groupId: null, subgroupId: null, subject: null };
    case 'TEACHER_PLAN': {
      const t = who.teaching.find((x) => x.subject === demo.subject);
      return t ? { groupId: t.groupId, subgroupId: t.subgroupId ?? null, subject: t.subject } : null;
    }
    case 'GROUP_TEACHING_PLAN': {
      const hit = who.headedGroups.flatMap((g) => g.subgroups.map((sg) => ({ g, sg }))).find((x) => x.sg.subject === demo.subject);
      return hit ? { groupId: hit.g.groupId, subgroupId: hit.sg.id, subject: hit.sg.subject } : null;
    }
    case 'GROUP_ACTIVITIES_PLAN': {
      const group = who.headedGroups[0];
      return group ? { groupId: group.groupId, subgroupId: null, subject: null } : null;
    }
  }
}
