// The dashboard as a workbook: the same lines and figures as the page, Vietnamese headers in
// a bold frozen first row, widths that fit the names.
import ExcelJS from 'exceljs';
import { formatVnDate, vnDateOf, vnTimeOf } from '../../core/calendar.js';
import { PLAN_KIND_LABELS, SCHOOL_LEVEL_LABELS, type SchoolLevel } from '../../core/vocabulary.js';
import type { CityReport, SchoolReport, YearInfo } from './compliance-report.js';
import {
  ANNUAL_COLUMNS, figures, LESSON_COLUMNS, LESSON_LIST_COLUMNS, lessonStateLabel, OWED_EXPORT_COLUMNS, owedStateLabel, peopleLabel, subjectGrade,
} from './compliance-views.js';

const FIGURE_HEADERS = [...ANNUAL_COLUMNS.map((c) => `KH năm học – ${c}`), ...LESSON_COLUMNS.map((c) => `KH bài dạy – ${c}`)];

type Cell = string | number | null;

interface SheetSpec {
  name: string;
  columns: Array<{ header: string; width: number }>;
  rows: Cell[][];
  /** The last row is a total, in bold. */
  totalRow?: boolean;
}

export async function cityWorkbook(report: CityReport, now: Date): Promise<Buffer> {
  const rows = report.lines.map(({ school, counts }) => [school.code, school.name, school.unitName, levelLabel(school.level), ...figures(counts)]);
  rows.push(['', `Tổng cộng (${report.lines.length} trường)`, '', '', ...figures(report.total)]);
  return workbook(
    [
      {
        name: 'Theo trường',
        columns: [{ header: 'Mã trường', width: 14 }, { header: 'Tên trường', width: 40 }, { header: 'Đơn vị quản lý', width: 36 }, { header: 'Cấp học', width: 14 }, ...figureColumns()],
        rows,
        totalRow: true,
      },
    ],
    info(report.year, now, report.subjects, [['Phạm vi', `${report.lines.length} trường`]]),
  );
}

export async function schoolWorkbook(report: SchoolReport, now: Date): Promise<Buffer> {
  const groups = report.groups.map((g) => [g.name, ...figures(g.counts)]);
  groups.push(['Toàn trường', ...figures(report.total)]);
  const owed = report.owed.map((l) => [
    peopleLabel(l), l.contacts.map((c) => c.code).join(', ') || null, l.contacts.map((c) => c.phone ?? '—').join(', ') || null,
    PLAN_KIND_LABELS[l.kind], l.subject, l.groupName, owedStateLabel(l),
  ]);
  const lessons = [...report.waiting.lines, ...report.late.lines].map((l) => [
    l.ownerName, l.title, subjectGrade(l), l.groupName, l.teachingDate ? formatVnDate(l.teachingDate) : null, lessonStateLabel(l), l.refCode,
  ]);
  const widths = { owed: [32, 16, 14, 40, 18, 28, 30], lessons: [28, 40, 18, 28, 12, 24, 12] };
  return workbook(
    [
      { name: 'Theo tổ', columns: [{ header: 'Tổ chuyên môn', width: 36 }, ...figureColumns()], rows: groups, totalRow: true },
      { name: 'KH năm học còn nợ', columns: OWED_EXPORT_COLUMNS.map((header, i) => ({ header, width: widths.owed[i]! })), rows: owed },
      { name: 'KH bài dạy chờ duyệt, trễ', columns: LESSON_LIST_COLUMNS.map((header, i) => ({ header, width: widths.lessons[i]! })), rows: lessons },
    ],
    info(report.year, now, report.subjects, [
      ['Trường', `${report.school.name} (${report.school.code})`],
      ...(report.groupFilter ? [['Danh sách tên chỉ gồm', report.groupFilter.name] as [string, string]] : []),
      ...(report.kindFilter ? [['Kế hoạch năm học còn nợ: chỉ loại', PLAN_KIND_LABELS[report.kindFilter]] as [string, string]] : []),
      ...(report.waiting.more + report.late.more > 0
        ? [['Kế hoạch bài dạy chưa liệt kê', `${report.waiting.more} bài chờ duyệt, ${report.late.more} bài trễ hạn (xem ở trang Hồ sơ)`] as [string, string]]
        : []),
    ]),
  );
}

function figureColumns() {
  return FIGURE_HEADERS.map((header) => ({ header, width: 14 }));
}

function levelLabel(level: string): string {
  return SCHOOL_LEVEL_LABELS[level as SchoolLevel] ?? level;
}

function info(year: YearInfo, now: Date, subjects: readonly string[] | undefined, extra: Array<[string, string]>): SheetSpec {
  return {
    name: 'Thông tin',
    columns: [{ header: 'Mục', width: 30 }, { header: 'Nội dung', width: 60 }],
    rows: [
      ['Năm học', year.name],
      ['Hạn nộp kế hoạch năm học', formatVnDate(year.annualDeadline)],
      ['Số liệu lúc', `${vnTimeOf(now)} ${formatVnDate(vnDateOf(now))}`],
      ...extra,
      ...(subjects ? [['Chỉ gồm môn', subjects.join(', ')] as Cell[]] : []),
    ],
  };
}

async function workbook(sheets: SheetSpec[], about: SheetSpec): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Trợ lý hồ sơ chuyên môn';
  for (const spec of [...sheets, about]) {
    const sheet = book.addWorksheet(spec.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = spec.columns.map((c) => ({ header: c.header, width: c.width }));
    const head = sheet.getRow(1);
    head.font = { bold: true };
    head.alignment = { vertical: 'middle', wrapText: true };
    for (const row of spec.rows) sheet.addRow(row);
    if (spec.totalRow && spec.rows.length > 0) sheet.getRow(spec.rows.length + 1).font = { bold: true };
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
