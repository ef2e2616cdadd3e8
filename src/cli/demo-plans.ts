// The demo's plans: handed in by the demo roster's teachers and decided by their group heads
// exactly as through the bot (stored, read, checked, filed, decided), so a first run has plans
// in every state to open — waiting, approved, returned, and returned then handed in again.
// Their files are data/demo/plans/*.docx (written by scripts/make-demo-plans.ts).
import fs from 'node:fs';
import path from 'node:path';
import { addDays, vnDateOf } from '../core/calendar.js';
import { ensureCurrentSchoolYear } from '../db/org-setup.js';
import type { Db } from '../db/prisma.js';
import { loadSubmitterContext } from '../read-models/submitter-context.js';
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
  return lines;
}
