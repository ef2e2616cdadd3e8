// A city's records for the web admin benchmark: the city roster (bench/city-roster.ts) plus the
// offices that read it (hotline, a Division subject specialist, a ward's unit account), the
// current school year, and about one million submissions — each teacher's ~45 lesson plans
// with their returns and resubmissions, the annual teacher, group and school plans — written
// straight into SQLite. Built once per version and school year, then reused from a cache.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { addDays, defaultSchoolYear, schoolYearNameOf, startOfVnDay, vnDateOf, vnDateTime, type IsoDate } from '../src/core/calendar.js';
import { analyseText } from '../src/core/documents/document-analysis.js';
import { slotKey } from '../src/core/plan-slot.js';
import type { PlanKind, PlanState } from '../src/core/vocabulary.js';
import { DEPARTMENT_CODE } from '../src/db/org-setup.js';
import { lessonPlan, paragraphsOf, teacherPlan } from '../test/support/plan-corpus.js';
import { buildCityRoster } from './city-roster.js';

/** Bump when the generated data changes: the cache is keyed by it. */
export const CITY_RECORDS_VERSION = 1;

/** Staff codes of the office accounts added to the roster. */
export const OFFICE_CODES = { hotline: 'SGD-HOTLINE', specialist: 'GDTRH-CV-TOAN', unitAccount: 'WARD-TK-1' } as const;

export interface CityRecordsSummary {
  version: number;
  schoolYear: string;
  builtAt: string;
  buildSeconds: number;
  dbBytes: number;
  schools: number;
  teachers: number;
  plans: number;
  submissions: number;
  decisions: number;
  byKind: Record<string, Record<string, number>>;
  late: number;
}

export interface CityRecords extends CityRecordsSummary {
  dbFile: string;
  /** True when the file came from the cache (buildSeconds is then the original build). */
  cached: boolean;
}

/** The city's records for the school year containing `now`: from the cache, or built now. */
export function cityRecords(now = new Date()): CityRecords {
  const year = schoolYearNameOf(vnDateOf(now));
  const dir = path.join(os.tmpdir(), `hscm-bench-city-records-v${CITY_RECORDS_VERSION}`, year);
  const dbFile = path.join(dir, 'city.db');
  const summaryFile = path.join(dir, 'summary.json');
  if (fs.existsSync(summaryFile) && fs.existsSync(dbFile)) {
    return { ...(JSON.parse(fs.readFileSync(summaryFile, 'utf8')) as CityRecordsSummary), dbFile, cached: true };
  }
  const summary = buildCityRecords(dir, year, now);
  fs.writeFileSync(summaryFile, JSON.stringify(summary, null, 2));
  return { ...summary, dbFile, cached: false };
}

function buildCityRecords(dir: string, yearName: string, now: Date): CityRecordsSummary {
  const t0 = performance.now();
  const roster = buildCityRoster(300, 67);
  const db = new Database(roster.dbFile);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -1048576'); // 1 GiB while loading: the indexes stay in memory
  const isoNow = iso(now);
  const yearId = addSchoolYear(db, yearName, isoNow);
  addOffices(db, isoNow);
  const city = loadCity(db);
  const writer = new RecordWriter(db, yearId, now);
  const byKind: Record<string, Record<string, number>> = {};
  const count = (kind: string, state: string) => ((byKind[kind] ??= {})[state] = (byKind[kind]![state] ?? 0) + 1);
  const writeSchool = db.transaction((school: SchoolPeople) => {
    for (const p of planSchool(school, yearName, now, writer.rng)) {
      const state = writer.write(p);
      if (state) count(p.kind, state);
    }
  });
  for (const school of city) writeSchool(school);
  const totals = verify(db);
  db.exec('ANALYZE');
  db.close();
  fs.mkdirSync(dir, { recursive: true });
  fs.renameSync(roster.dbFile, path.join(dir, 'city.db'));
  fs.rmSync(roster.dir, { recursive: true, force: true });
  return {
    version: CITY_RECORDS_VERSION, schoolYear: yearName, builtAt: isoNow, buildSeconds: (performance.now() - t0) / 1000,
    dbBytes: fs.statSync(path.join(dir, 'city.db')).size, schools: roster.schools, teachers: roster.teachers, ...totals, byKind,
  };
}

/** Prisma's SQLite adapter stores DateTime as ISO 8601 text with an explicit offset. */
const iso = (d: Date) => d.toISOString().replace('Z', '+00:00');

function addSchoolYear(db: Database.Database, name: string, isoNow: string): number {
  const d = defaultSchoolYear(name);
  return Number(db.prepare(`INSERT INTO SchoolYear (name, startsOn, endsOn, annualDeadline, updatedAt) VALUES (?, ?, ?, ?, ?)`)
    .run(name, d.startsOn, d.endsOn, d.annualDeadline, isoNow).lastInsertRowid);
}

/** The Department with its hotline, a Division mathematics specialist, and the first ward's unit account. */
function addOffices(db: Database.Database, isoNow: string): void {
  const unit = (code: string) => (db.prepare(`SELECT id FROM OrgUnit WHERE code = ?`).get(code) as { id: number }).id;
  const departmentId = Number(db.prepare(`INSERT INTO OrgUnit (code, name, kind, updatedAt) VALUES (?, 'Sở Giáo dục và Đào tạo', 'DEPARTMENT', ?)`).run(DEPARTMENT_CODE, isoNow).lastInsertRowid);
  db.prepare(`UPDATE OrgUnit SET parentId = ? WHERE code = 'GDTRH'`).run(departmentId);
  const ward = db.prepare(`SELECT supervisingUnitId AS id FROM School WHERE code = 'S1'`).get() as { id: number };
  const person = db.prepare(`INSERT INTO Staff (code, fullName, phone, subjects, unitId, updatedAt) VALUES (?, ?, ?, ?, ?, ?)`);
  const role = db.prepare(`INSERT INTO RoleAssignment (staffId, role, unitId, subjects, scopeKey) VALUES (?, ?, ?, ?, ?)`);
  const add = (code: string, name: string, phone: string, unitId: number, roleName: string, subjects: string[]) => {
    const id = Number(person.run(code, name, phone, JSON.stringify(subjects), unitId, isoNow).lastInsertRowid);
    role.run(id, roleName, unitId, JSON.stringify(subjects), `|||${unitId}`);
  };
  add(OFFICE_CODES.hotline, 'Tổ hỗ trợ Sở', '0830000001', departmentId, 'HOTLINE_ADMIN', []);
  add(OFFICE_CODES.specialist, 'Chuyên viên môn Toán', '0830000002', unit('GDTRH'), 'DIVISION_SPECIALIST', ['Toán']);
  add(OFFICE_CODES.unitAccount, 'Tài khoản UBND phường 1', '0830000003', ward.id, 'UNIT_ACCOUNT', []);
}

interface Teacher {
  staffId: number;
  groupId: number;
  subgroupId: number;
  subject: string;
}

interface SchoolPeople {
  schoolId: number;
  level: string;
  supervisingUnitId: number;
  principalId: number;
  viceId: number;
  teachers: Teacher[];
  groups: Array<{ groupId: number; headId: number; subjects: Array<{ subgroupId: number; subject: string; headId?: number }> }>;
}

function loadCity(db: Database.Database): SchoolPeople[] {
  const schools = db.prepare(`SELECT id, level, supervisingUnitId FROM School ORDER BY id`).all() as Array<{ id: number; level: string; supervisingUnitId: number }>;
  const roles = db.prepare(`SELECT r.staffId, r.role, r.schoolId, r.groupId, r.subgroupId, sg.subject FROM RoleAssignment r LEFT JOIN Subgroup sg ON sg.id = r.subgroupId WHERE r.schoolId IS NOT NULL ORDER BY r.id`)
    .all() as Array<{ staffId: number; role: string; schoolId: number; groupId: number | null; subgroupId: number | null; subject: string | null }>;
  const subgroups = db.prepare(`SELECT sg.id, sg.groupId, sg.subject, g.schoolId FROM Subgroup sg JOIN "Group" g ON g.id = sg.groupId ORDER BY sg.id`)
    .all() as Array<{ id: number; groupId: number; subject: string; schoolId: number }>;
  return schools.map((s) => {
    const mine = roles.filter((r) => r.schoolId === s.id);
    const holder = (role: string, where: (r: (typeof mine)[number]) => boolean = () => true) => mine.find((r) => r.role === role && where(r))?.staffId;
    const groupIds = [...new Set(subgroups.filter((sg) => sg.schoolId === s.id).map((sg) => sg.groupId))];
    return {
      schoolId: s.id, level: s.level, supervisingUnitId: s.supervisingUnitId,
      principalId: holder('PRINCIPAL')!, viceId: holder('VICE_PRINCIPAL')!,
      teachers: mine.filter((r) => r.role === 'TEACHER').map((r) => ({ staffId: r.staffId, groupId: r.groupId!, subgroupId: r.subgroupId!, subject: r.subject! })),
      groups: groupIds.map((groupId) => ({
        groupId,
        headId: holder('GROUP_HEAD', (r) => r.groupId === groupId)!,
        subjects: subgroups.filter((sg) => sg.groupId === groupId).map((sg) => ({ subgroupId: sg.id, subject: sg.subject, headId: holder('SUBGROUP_HEAD', (r) => r.subgroupId === sg.id) })),
      })),
    };
  });
}

/** A plan to write: where it sits, who may decide it, and when its first version came in. */
interface PlannedRecord {
  kind: PlanKind;
  schoolId: number;
  supervisingUnitId: number;
  groupId: number | null;
  subgroupId: number | null;
  ownerId: number;
  subject: string | null;
  grade: number | null;
  title: string | null;
  teachingDate: string | null;
  firstAt: Date;
  reviewers: number[];
  /** Reviewed by heads (escalated to the board when waiting), or by the board itself. */
  headRoute: boolean;
  basis: 'REVIEW' | 'SCHOOL_COUNCIL';
  fileName: string;
}

const GRADES: Record<string, number[]> = { THCS: [6, 7, 8, 9], THPT: [10, 11, 12] };
const TOPICS = ['Ôn tập đầu năm', 'Số hữu tỉ', 'Biểu thức đại số', 'Văn bản nghị luận', 'Thực hành đọc hiểu', 'Unit 3: Friends', 'Chuyển động cơ học', 'Tính chất hoá học của kim loại', 'Lịch sử địa phương', 'Kiểm tra giữa kì', 'Dự án học tập', 'Luyện tập chung'];

/** Every plan of one school: lesson plans, teacher plans, group plans, the school plan. */
function* planSchool(s: SchoolPeople, yearName: string, now: Date, rng: () => number): Generator<PlannedRecord> {
  const base = { schoolId: s.schoolId, supervisingUnitId: s.supervisingUnitId, grade: null, title: null, teachingDate: null };
  const deadline = defaultSchoolYear(yearName).annualDeadline;
  const annualAt = () => vnDateTime(addDays(deadline, Math.floor(rng() * 26) - 21), clock(rng, 7, 22)); // 25/8 … 19/9
  const headsOf = (t: Teacher) => {
    const group = s.groups.find((g) => g.groupId === t.groupId)!;
    if (group.headId === t.staffId) return { reviewers: [s.viceId], headRoute: false };
    const sub = group.subjects.find((x) => x.subgroupId === t.subgroupId)?.headId;
    return { reviewers: [group.headId, ...(sub && sub !== t.staffId ? [sub] : [])], headRoute: true };
  };
  for (const t of s.teachers) {
    const route = headsOf(t);
    const teacher = { ...base, groupId: t.groupId, subgroupId: t.subgroupId, ownerId: t.staffId, subject: t.subject, basis: 'REVIEW' as const, ...route };
    if (rng() < 0.98) yield { ...teacher, kind: 'TEACHER_PLAN', firstAt: annualAt(), fileName: `KH giáo dục GV ${t.subject} ${yearName}.docx` };
    yield* lessonPlans(teacher, s.level, yearName, now, rng);
  }
  const board = () => (rng() < 0.6 ? [s.viceId, s.principalId] : [s.principalId, s.viceId]);
  for (const g of s.groups) {
    const group = { ...base, groupId: g.groupId, ownerId: g.headId, headRoute: false, basis: 'REVIEW' as const };
    for (const sub of g.subjects) {
      if (rng() < 0.97) yield { ...group, kind: 'GROUP_TEACHING_PLAN', subgroupId: sub.subgroupId, subject: sub.subject, reviewers: board(), firstAt: annualAt(), fileName: `KH dạy học tổ - ${sub.subject}.docx` };
    }
    if (rng() < 0.97) yield { ...group, kind: 'GROUP_ACTIVITIES_PLAN', subgroupId: null, subject: null, reviewers: board(), firstAt: annualAt(), fileName: 'KH tổ chức hoạt động giáo dục.docx' };
  }
  if (rng() < 0.97) {
    yield { ...base, kind: 'SCHOOL_PLAN', groupId: null, subgroupId: null, ownerId: s.principalId, subject: null, reviewers: [s.principalId], headRoute: false, basis: 'SCHOOL_COUNCIL', firstAt: annualAt(), fileName: `Kế hoạch giáo dục nhà trường ${yearName}.docx` };
  }
}

/**
 * A teacher's lesson plans (43–53 planned), two grades, teaching days spread over the school year so
 * far (first teaching day to a week ahead: plans are handed in 1–6 days before the lesson).
 */
function* lessonPlans(t: Omit<PlannedRecord, 'kind' | 'firstAt' | 'fileName'>, level: string, yearName: string, now: Date, rng: () => number): Generator<PlannedRecord> {
  const days = teachingDays(yearName, now);
  const grades = GRADES[level] ?? GRADES.THCS!;
  const first = Math.floor(rng() * grades.length);
  const mine = [grades[first]!, grades[(first + 1) % grades.length]!];
  const n = 43 + Math.floor(rng() * 11); // about 45 handed in: the last week's are not all in yet
  for (let j = 0; j < n; j++) {
    const date = days[Math.min(days.length - 1, Math.floor(((j + rng()) * days.length) / n))]!;
    const lead = rng() < 0.03 ? 0 : 1 + Math.floor(rng() * 6); // a few hand in on the day itself
    const firstAt = lead === 0 ? vnDateTime(date, clock(rng, 5, 6)) : vnDateTime(addDays(date, -lead), clock(rng, 13, 23));
    const grade = mine[j % 2]!;
    const title = `Bài ${j + 1}: ${TOPICS[j % TOPICS.length]}`;
    yield { ...t, kind: 'LESSON_PLAN', grade, title, teachingDate: date, firstAt, fileName: `KHBD ${t.subject} ${grade} - Bài ${j + 1}.docx` };
  }
}

const daysCache = new Map<string, IsoDate[]>();
/** Monday–Friday from the first teaching day (5/9) to a week after `now`. */
function teachingDays(yearName: string, now: Date): IsoDate[] {
  const key = `${yearName}|${vnDateOf(now)}`;
  const cached = daysCache.get(key);
  if (cached) return cached;
  const first = `${yearName.slice(0, 4)}-09-05`;
  const last = [addDays(vnDateOf(now), 7), defaultSchoolYear(yearName).endsOn].sort()[0]!;
  const days: IsoDate[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) {
    const weekday = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (weekday >= 1 && weekday <= 5) days.push(d);
  }
  if (days.length === 0) days.push(first);
  daysCache.set(key, days);
  return days;
}

function clock(rng: () => number, fromHour: number, toHour: number): string {
  const minutes = fromHour * 60 + Math.floor(rng() * (toHour - fromHour) * 60);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

interface Version {
  submittedAt: Date;
  decision?: { action: 'APPROVE' | 'RETURN'; at: Date; deciderId: number };
}

const HOUR = 3_600_000;
const RETURN_REASONS = [
  'Mục tiêu bài học chưa nêu rõ năng lực đặc thù của môn.',
  'Thiếu phần Vận dụng; đề nghị bổ sung hoạt động gắn với thực tế.',
  'Tiến trình dạy học chưa ghi rõ sản phẩm dự kiến của học sinh.',
  'Sai mẫu theo Phụ lục IV Công văn 5512; đề nghị chỉnh lại.',
];

/** Writes plans, versions and decisions with prepared statements (PlanTally follows by trigger). */
class RecordWriter {
  readonly rng = mulberry32(20261128);
  private plans = 0;
  private readonly today: IsoDate;
  private readonly reports: { lesson: string; teacher: string };
  private readonly q;

  constructor(private readonly db: Database.Database, private readonly yearId: number, private readonly now: Date) {
    this.today = vnDateOf(now);
    this.reports = sampleReports();
    this.q = {
      plan: db.prepare(`INSERT INTO Plan (refCode, kind, slotKey, schoolYearId, schoolId, groupId, subgroupId, ownerId, subject, grade, title, teachingDate, state, currentVersion, lateAt, createdAt, updatedAt)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      submission: db.prepare(`INSERT INTO Submission (planId, version, fileSha256, fileSize, originalName, mimeType, channel, submittedById, submittedAt, checkReport, channelFileRef, nudgedAt, escalatedAt)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      decision: db.prepare(`INSERT INTO Decision (planId, submissionId, action, basis, reason, deciderId, decidedAt) VALUES (?, ?, ?, ?, ?, ?, ?)`),
      report: db.prepare(`INSERT INTO SchoolPlanReport (planId, submissionId, unitId, reportedAt) VALUES (?, ?, ?, ?)`),
    };
  }

  /** Writes one plan as it stands at `now`; returns its state, or null if not handed in yet. */
  write(p: PlannedRecord): PlanState | null {
    const versions = this.history(p);
    if (versions.length === 0) return null;
    const last = versions.at(-1)!;
    const state: PlanState = !last.decision ? 'SUBMITTED' : last.decision.action === 'APPROVE' ? 'APPROVED' : 'RETURNED';
    const updatedAt = last.decision?.at ?? last.submittedAt;
    const key = slotKey({ ...p, schoolYearId: this.yearId });
    const planId = Number(this.q.plan.run(refCode(this.plans++), p.kind, key, this.yearId, p.schoolId, p.groupId, p.subgroupId, p.ownerId, p.subject, p.grade, p.title, p.teachingDate,
      state, versions.length, this.lateAt(p, state, updatedAt), iso(versions[0]!.submittedAt), iso(updatedAt)).lastInsertRowid);
    versions.forEach((v, i) => this.writeVersion(p, planId, i + 1, v));
    return state;
  }

  /** v1, then a return and a resubmission for some; events after `now` have not happened. */
  private history(p: PlannedRecord): Version[] {
    const r = this.rng;
    const annual = p.kind !== 'LESSON_PLAN';
    const versions: Version[] = [];
    let at = p.firstAt;
    for (let v = 1; v <= 2 && at <= this.now; v++) {
      const version: Version = { submittedAt: at };
      versions.push(version);
      if (r() < (annual ? 0.03 : 0.02)) break; // nobody has looked at it yet
      const decidedAt = new Date(at.getTime() + (0.5 + r() * r() * (annual ? 96 : 30)) * HOUR);
      if (decidedAt > this.now) break;
      const returned = r() < (v === 1 ? (annual ? 0.15 : 0.14) : 0.08);
      version.decision = { action: returned ? 'RETURN' : 'APPROVE', at: decidedAt, deciderId: p.reviewers[Math.floor(r() * p.reviewers.length)]! };
      if (!returned || r() < 0.2) break; // approved, or returned and not handed in again
      at = new Date(decidedAt.getTime() + (2 + r() * 30) * HOUR);
    }
    return versions;
  }

  /** R5: a lesson plan whose teaching day began before it was approved. */
  private lateAt(p: PlannedRecord, state: PlanState, updatedAt: Date): string | null {
    if (p.kind !== 'LESSON_PLAN' || p.teachingDate! > this.today) return null;
    const dayStart = startOfVnDay(p.teachingDate!);
    return state !== 'APPROVED' || updatedAt > dayStart ? iso(dayStart) : null;
  }

  private writeVersion(p: PlannedRecord, planId: number, version: number, v: Version): void {
    const r = this.rng;
    const web = r() < 0.1;
    const sha = createHash('sha256').update(`${planId}:${version}`).digest('hex');
    const report = p.kind === 'LESSON_PLAN' ? this.reports.lesson.replace('$TITLE', (p.title ?? '').toLocaleUpperCase('vi')) : this.reports.teacher;
    const waitedUntil = v.decision?.at ?? this.now;
    const waited = waitedUntil.getTime() - v.submittedAt.getTime();
    const nudgedAt = waited >= 24 * HOUR ? iso(new Date(v.submittedAt.getTime() + 24 * HOUR)) : null;
    const escalatedAt = waited >= 48 * HOUR && p.headRoute ? iso(new Date(v.submittedAt.getTime() + 48 * HOUR)) : null;
    const submissionId = Number(this.q.submission.run(planId, version, sha, 40_000 + Math.floor(r() * 900_000), p.fileName,
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document', web ? 'WEB' : 'TELEGRAM', p.ownerId, iso(v.submittedAt), report,
      web ? null : `BQACAgUAAxkBAAI${sha.slice(0, 40)}`, nudgedAt, escalatedAt).lastInsertRowid);
    const d = v.decision;
    if (!d) return;
    const reason = d.action === 'RETURN' ? RETURN_REASONS[Math.floor(r() * RETURN_REASONS.length)]! : null;
    this.q.decision.run(planId, submissionId, d.action, p.basis, reason, d.deciderId, iso(d.at));
    if (p.kind === 'SCHOOL_PLAN' && d.action === 'APPROVE') this.q.report.run(planId, submissionId, p.supervisingUnitId, iso(d.at));
  }
}

/** What the document check stores with a version (record-checked-file.ts), from the plan corpus. */
function sampleReports(): { lesson: string; teacher: string } {
  const report = (paragraphs: string[], kind: PlanKind) => {
    const a = analyseText('docx', paragraphs);
    return JSON.stringify({ readability: a.readability, lessons: a.lessons, checklist: a.checklists[kind] ?? [] });
  };
  return {
    lesson: report(paragraphsOf(lessonPlan({ title: '$TITLE', filler: 1 })), 'LESSON_PLAN'),
    teacher: report(paragraphsOf(teacherPlan()), 'TEACHER_PLAN'),
  };
}

/** Six characters of the product's ref-code alphabet, distinct for every index below 31^6. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODES = 31 ** 6;
function refCode(index: number): string {
  let n = (index * 433_494_437 + 12_345) % CODES; // multiplier coprime with 31: a permutation
  let code = '';
  for (let i = 0; i < 6; i++) {
    code += ALPHABET[n % 31];
    n = Math.floor(n / 31);
  }
  return code;
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The tally the triggers kept must add up to the plans written. */
function verify(db: Database.Database): { plans: number; submissions: number; decisions: number; late: number } {
  const one = (sql: string) => Number((db.prepare(sql).get() as { n: number | null }).n ?? 0);
  const plans = one(`SELECT COUNT(*) AS n FROM Plan`);
  const tallied = one(`SELECT SUM(count) AS n FROM PlanTally`);
  if (tallied !== plans) throw new Error(`PlanTally counts ${tallied} plans, Plan holds ${plans}`);
  const lateTallied = one(`SELECT SUM(count) AS n FROM PlanTally WHERE late = 1`);
  const late = one(`SELECT COUNT(*) AS n FROM Plan WHERE lateAt IS NOT NULL`);
  if (lateTallied !== late) throw new Error(`PlanTally counts ${lateTallied} late plans, Plan holds ${late}`);
  return { plans, submissions: one(`SELECT COUNT(*) AS n FROM Submission`), decisions: one(`SELECT COUNT(*) AS n FROM Decision`), late };
}
