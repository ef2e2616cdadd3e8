// The parts each kind of plan should have (MOET letter 5512, appendices I–IV; see
// plan-structure.md). Headings are matched loosely and anywhere in the text (tables too).
// The result is a checklist shown to the teacher and the reviewer: a warning, never a refusal.
import type { PlanKind } from '../vocabulary.js';
import { activityChecks } from './activity-checks.js';
import { linesOf, type DocumentLine } from './document-text.js';

export interface ChecklistItem {
  key: string;
  label: string;
  found: boolean;
  /** Parts the appendix allows to be absent (e.g. "Vận dụng" done outside class). */
  optional: boolean;
}

interface Part {
  key: string;
  label: string;
  patterns: RegExp[];
  optional?: boolean;
}

const LESSON_PARTS: Part[] = [
  { key: 'objectives', label: 'I. Mục tiêu', patterns: [/\bmuc tieu\b/] },
  { key: 'knowledge', label: 'Mục tiêu về kiến thức', patterns: [/\bkien thuc\b/] },
  { key: 'competence', label: 'Mục tiêu về năng lực', patterns: [/\bnang luc\b/] },
  { key: 'qualities', label: 'Mục tiêu về phẩm chất', patterns: [/\bpham chat\b/] },
  { key: 'equipment', label: 'II. Thiết bị dạy học và học liệu', patterns: [/\bthiet bi\b/, /\bhoc lieu\b/, /^(?:[ivx]+\s*[.)]\s*)?chuan bi\b/] },
  { key: 'process', label: 'III. Tiến trình dạy học', patterns: [/\btien trinh\b/, /\bcac hoat dong day hoc\b/] },
  { key: 'opening', label: 'Hoạt động Mở đầu (Khởi động)', patterns: [/\bmo dau\b/, /\bkhoi dong\b/, /\bxac dinh van de\b/, /\bdat van de\b/] },
  { key: 'newKnowledge', label: 'Hoạt động Hình thành kiến thức mới', patterns: [/\bhinh thanh kien thuc\b/, /\bkham pha\b/, /\bgiai quyet van de\b/] },
  { key: 'practice', label: 'Hoạt động Luyện tập', patterns: [/\bluyen tap\b/] },
  { key: 'application', label: 'Hoạt động Vận dụng', patterns: [/\bvan dung\b/], optional: true },
];

const TEACHER_PARTS: Part[] = [
  { key: 'teachingPlan', label: 'I. Kế hoạch dạy học', patterns: [/\bke hoach day hoc\b/] },
  { key: 'distribution', label: 'Phân phối chương trình', patterns: [/\bphan phoi chuong trinh\b/, /\bbai hoc\b.*\bso tiet\b/, /\bso tiet\b/] },
  { key: 'timing', label: 'Thời điểm (tuần) của từng bài', patterns: [/\bthoi diem\b/, /\btuan\b/] },
  { key: 'topics', label: 'Chuyên đề lựa chọn (THPT)', patterns: [/\bchuyen de lua chon\b/], optional: true },
  { key: 'otherTasks', label: 'II. Nhiệm vụ khác', patterns: [/\bnhiem vu khac\b/], optional: true },
];

const GROUP_TEACHING_PARTS: Part[] = [
  { key: 'situation', label: 'I. Đặc điểm tình hình', patterns: [/\bdac diem tinh hinh\b/] },
  { key: 'teachingPlan', label: 'II. Kế hoạch dạy học', patterns: [/\bke hoach day hoc\b/] },
  { key: 'distribution', label: 'Phân phối chương trình', patterns: [/\bphan phoi chuong trinh\b/, /\bso tiet\b/] },
  { key: 'assessment', label: 'Kiểm tra, đánh giá định kỳ', patterns: [/\bkiem tra,? danh gia\b/, /\bdanh gia dinh ky\b/] },
  { key: 'topics', label: 'Chuyên đề lựa chọn (THPT)', patterns: [/\bchuyen de lua chon\b/], optional: true },
  { key: 'other', label: 'III. Các nội dung khác', patterns: [/\bcac noi dung khac\b/], optional: true },
];

const GROUP_ACTIVITIES_PARTS: Part[] = [
  { key: 'grade', label: 'Khối lớp, số học sinh', patterns: [/\bkhoi lop\b/, /\bso hoc sinh\b/] },
  { key: 'topic', label: 'Chủ đề và yêu cầu cần đạt', patterns: [/\bchu de\b/, /\byeu cau can dat\b/] },
  { key: 'when', label: 'Thời điểm, địa điểm', patterns: [/\bthoi diem\b/, /\bdia diem\b/] },
  { key: 'who', label: 'Chủ trì, phối hợp', patterns: [/\bchu tri\b/, /\bphoi hop\b/] },
  { key: 'conditions', label: 'Điều kiện thực hiện', patterns: [/\bdieu kien thuc hien\b/], optional: true },
];

// The school plan's layout is not set by 5512's appendices; check only what any plan has.
const SCHOOL_PARTS: Part[] = [
  { key: 'basis', label: 'Căn cứ xây dựng kế hoạch', patterns: [/\bcan cu\b/] },
  { key: 'situation', label: 'Đặc điểm tình hình, điều kiện thực hiện', patterns: [/\bdac diem\b/, /\bdieu kien\b/, /\bboi canh\b/] },
  { key: 'goals', label: 'Mục tiêu giáo dục', patterns: [/\bmuc tieu\b/] },
  { key: 'organisation', label: 'Tổ chức thực hiện', patterns: [/\bto chuc thuc hien\b/] },
];

const PARTS: Record<PlanKind, Part[]> = {
  LESSON_PLAN: LESSON_PARTS,
  TEACHER_PLAN: TEACHER_PARTS,
  GROUP_TEACHING_PLAN: GROUP_TEACHING_PARTS,
  GROUP_ACTIVITIES_PLAN: GROUP_ACTIVITIES_PARTS,
  SCHOOL_PLAN: SCHOOL_PARTS,
};

export function checkStructure(paragraphs: readonly string[] | readonly DocumentLine[], kind: PlanKind): ChecklistItem[] {
  const lines = linesOf(paragraphs);
  const folded = lines.map((l) => l.folded);
  const items = PARTS[kind].map((part) => ({
    key: part.key,
    label: part.label,
    optional: Boolean(part.optional),
    found: folded.some((line) => part.patterns.some((p) => p.test(line))),
  }));
  // A lesson plan's activities are also checked the 5512 way (parts a–d, the four steps, minutes).
  if (kind === 'LESSON_PLAN') for (const f of activityChecks(lines)) items.push({ ...f, optional: false });
  return items;
}

/** The required parts that are missing, as a short list for messages. */
export function missingParts(items: readonly ChecklistItem[]): ChecklistItem[] {
  return items.filter((i) => !i.found && !i.optional);
}
