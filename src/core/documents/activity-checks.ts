// The 5512 checks reviewers ask for inside a lesson plan's activities (appendix IV), advisory
// only: each activity has its parts a) Mục tiêu, b) Nội dung, c) Sản phẩm, d) Tổ chức thực
// hiện; step d) has its four steps; the activities' minutes add up to 45 × the periods given
// by "Thời gian thực hiện". Items that cannot be judged (no activities found, no minutes
// written) count as found: the checklist never invents a fault.
import type { DocumentLine } from './document-text.js';

export interface ActivityFinding {
  key: 'activityParts' | 'organisationSteps' | 'minutes';
  label: string;
  found: boolean;
}

const ACTIVITY = /^(?:(?:\d{1,2}|[a-d]|[ivx]+)\s*[.):]\s*)?(?:hoat dong|hd)\s*\d+(?:\.\d+)?\s*[:.\-–]?|^(?:[a-d]|\d)\s*[.)]\s*(?:hoat dong\s+)?(?:mo dau|khoi dong|hinh thanh kien thuc|luyen tap|van dung)\b/;
const SECTION = /^\s*(?:[IVX]+|[A-Z])\s*[.)/]\s*\S/;
const PARTS: Array<[string, RegExp]> = [
  ['a) Mục tiêu', /^(?:[a1]\s*[.)]\s*)?muc tieu\b/],
  ['b) Nội dung', /^(?:[b2]\s*[.)]\s*)?noi dung\b/],
  ['c) Sản phẩm', /^(?:[c3]\s*[.)]\s*)?san pham\b/],
  ['d) Tổ chức thực hiện', /^(?:[d4]\s*[.)]\s*)?to chuc thuc hien\b/],
];
const STEPS: Array<[string, RegExp]> = [
  ['chuyển giao nhiệm vụ', /\b(?:chuyen giao|giao) nhiem vu\b/],
  ['thực hiện nhiệm vụ', /\bthuc hien nhiem vu\b/],
  ['báo cáo, thảo luận', /\bbao cao\b|\bthao luan\b/],
  ['kết luận, nhận định', /\bket luan\b|\bnhan dinh\b/],
];

export function activityChecks(lines: readonly DocumentLine[]): ActivityFinding[] {
  const activities: Array<{ name: string; folded: string[] }> = [];
  let current: { name: string; folded: string[] } | null = null;
  for (const line of lines) {
    if (line.text.length <= 160 && ACTIVITY.test(line.folded)) activities.push((current = { name: line.text.slice(0, 60), folded: [] }));
    // A section heading ("II. …", "A. MỤC TIÊU" of the next lesson) ends the activity.
    else if (SECTION.test(line.text)) current = null;
    else current?.folded.push(line.folded.replace(/^[-+*•]\s*/, ''));
  }
  // Only activities written the 5512 way (with at least one part) are held to its four parts.
  const structured = activities.filter((a) => PARTS.some(([, re]) => a.folded.some((l) => re.test(l))));
  const gaps = structured
    .map((a) => ({ name: a.name, missing: PARTS.filter(([, re]) => !a.folded.some((l) => re.test(l))).map(([label]) => label) }))
    .filter((g) => g.missing.length > 0);
  const findings: ActivityFinding[] = [
    {
      key: 'activityParts',
      found: gaps.length === 0,
      label: gaps.length === 0 ? 'Mỗi hoạt động có đủ a) Mục tiêu, b) Nội dung, c) Sản phẩm, d) Tổ chức thực hiện' : `Hoạt động thiếu phần: ${gaps.slice(0, 4).map((g) => `“${g.name}” thiếu ${g.missing.join(', ')}`).join('; ')}${gaps.length > 4 ? '; …' : ''}`,
    },
  ];
  const all = lines.map((l) => l.folded);
  const hasOrganisation = all.some((l) => PARTS[3]![1].test(l));
  const missingSteps = hasOrganisation ? STEPS.filter(([, re]) => !all.some((l) => re.test(l))).map(([label]) => label) : [];
  findings.push({
    key: 'organisationSteps',
    found: missingSteps.length === 0,
    label: missingSteps.length === 0 ? 'Tổ chức thực hiện có đủ bốn bước' : `Tổ chức thực hiện chưa thấy bước: ${missingSteps.join(', ')}`,
  });
  findings.push(minutesFinding(lines));
  return findings;
}

/** "Thời gian thực hiện: 2 tiết" against the minutes written on the activities' headings. */
function minutesFinding(lines: readonly DocumentLine[]): ActivityFinding {
  const periodsLine = lines.find((l) => /^thoi (?:gian thuc hien|luong)\b/.test(l.folded));
  const periods = Number(/(\d{1,2})\s*tiet/.exec(periodsLine?.folded ?? '')?.[1] ?? 0);
  let minutes = 0;
  for (const line of lines) {
    // Sub-activities ("Hoạt động 2.1 (10 phút)") share their parent's minutes.
    if (line.text.length > 160 || !ACTIVITY.test(line.folded) || /\d\.\d/.test(line.folded.slice(0, 30))) continue;
    const m = /(\d{1,3})\s*(?:phut|')/.exec(line.folded);
    if (m) minutes += Number(m[1]);
  }
  if (!periods || !minutes) return { key: 'minutes', found: true, label: 'Thời lượng các hoạt động (không ghi số phút: không kiểm tra)' };
  const expected = 45 * periods;
  const ok = Math.abs(minutes - expected) <= Math.max(5, expected * 0.1);
  return { key: 'minutes', found: ok, label: ok ? `Thời lượng các hoạt động khớp ${periods} tiết` : `Các hoạt động ghi tổng ${minutes} phút, khác ${periods} tiết × 45 phút = ${expected} phút` };
}
