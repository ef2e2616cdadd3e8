// Where a roster's header is and what each of its columns means. Real files put a title
// and motto block above the header (rows 4–10), a machine-key row under it (the CSDL
// template's HO_TEN, CHUC_VU) and extra columns beside it (STT, Ngày sinh…). The header is
// the first row within the first HEADER_SEARCH_ROWS that names enough known columns; a
// column two headers could claim is never guessed: the person chooses (web mapping step).
import { IMPORT_FIELDS, REQUIRED_COLUMNS, columnOfHeader, type ImportField } from './roster-columns.js';
import type { SheetRow } from './read-roster-file.js';
import type { RosterRow, RowError } from './roster-plan.js';

export const HEADER_SEARCH_ROWS = 20;

export interface LayoutColumn {
  /** 0 for column A. */
  index: number;
  /** "A", "B", … as Excel names the column. */
  letter: string;
  header: string;
  /** What the column is read as; null: ignored. */
  field: ImportField | null;
  /** Whether the person chose this (the mapping step) rather than the header saying it. */
  chosen: boolean;
}

export interface RosterLayout {
  headerRow: number;
  /** Rows under the header skipped as machine keys (the CSDL template's HO_TEN, CHUC_VU). */
  keyRows: number[];
  columns: LayoutColumn[];
}

/** Column index → field (or null to ignore it): the person's choices in the mapping step. */
export type ColumnChoices = Readonly<Record<number, ImportField | null>>;

export type LayoutResult =
  | { ok: true; layout: RosterLayout; rows: RosterRow[] }
  /** On a layout error, the rows as read so far (the mapping step shows them). */
  | { ok: false; errors: RowError[]; layout?: RosterLayout; rows?: RosterRow[] };

export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    letters = String.fromCharCode(65 + r) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** Finds the header, maps the columns (with the person's choices), and reads the data rows. */
export function layRoster(sheet: readonly SheetRow[], choices: ColumnChoices = {}): LayoutResult {
  if (sheet.length === 0) return { ok: false, errors: [{ rowNumber: 0, message: 'Tệp trống: không có dòng nào.' }] };
  const headerAt = findHeader(sheet);
  if (headerAt < 0) return { ok: false, errors: [noHeader(sheet)] };
  const header = sheet[headerAt]!;
  const columns: LayoutColumn[] = header.cells.map((text, index) => {
    const chosen = Object.hasOwn(choices, index);
    return { index, letter: columnLetter(index), header: text, field: chosen ? choices[index]! : (columnOfHeader(text) ?? null), chosen };
  });
  // Data columns beyond the header (no header text) can still be chosen in the mapping step.
  for (const [key, field] of Object.entries(choices)) {
    const index = Number(key);
    if (Number.isInteger(index) && index >= columns.length && field) {
      for (let i = columns.length; i < index; i++) columns.push({ index: i, letter: columnLetter(i), header: '', field: null, chosen: false });
      columns.push({ index, letter: columnLetter(index), header: '', field, chosen: true });
    }
  }
  const keyRows: number[] = [];
  let dataFrom = headerAt + 1;
  while (dataFrom < sheet.length && isKeyRow(sheet[dataFrom]!, columns)) keyRows.push(sheet[dataFrom++]!.rowNumber);
  const layout: RosterLayout = { headerRow: header.rowNumber, keyRows, columns };
  const errors = layoutErrors(layout);
  const rows = sheet.slice(dataFrom).map((row) => rosterRowOf(row, columns));
  return errors.length > 0 ? { ok: false, errors, layout, rows } : { ok: true, layout, rows };
}

/** The first row, within the first rows, with a name column and at least one other known column. */
function findHeader(sheet: readonly SheetRow[]): number {
  const limit = Math.min(sheet.length, sheet.findIndex((r) => r.rowNumber > HEADER_SEARCH_ROWS) >>> 0);
  for (let i = 0; i < limit; i++) {
    const fields = new Set(sheet[i]!.cells.map(columnOfHeader).filter(Boolean));
    const named = fields.has('fullName') || (fields.has('familyName') && fields.has('givenName'));
    if (fields.size >= 3 || (named && fields.size >= 2)) return i;
  }
  return -1;
}

/** A row of machine keys (HO_TEN, CHUC_VU) or a repeat of the header, right under it. */
function isKeyRow(row: SheetRow, columns: readonly LayoutColumn[]): boolean {
  const filled = row.cells.filter((c) => c !== '');
  if (filled.length < 2) return false;
  if (filled.every((c) => /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$|^[A-Z]{2,}$/.test(c))) return true;
  const repeats = columns.filter((c) => c.field && columnOfHeader(row.cells[c.index] ?? '') === c.field).length;
  return repeats >= 2;
}

function layoutErrors(layout: RosterLayout): RowError[] {
  const errors: RowError[] = [];
  const byField = new Map<ImportField, LayoutColumn[]>();
  for (const c of layout.columns) if (c.field) byField.set(c.field, [...(byField.get(c.field) ?? []), c]);
  for (const [field, cols] of byField) {
    if (cols.length < 2) continue;
    const names = cols.map((c) => `cột ${c.letter} “${c.header || '(không có tiêu đề)'}”`).join(' và ');
    errors.push({
      rowNumber: layout.headerRow,
      message: `${capitalise(names)} đều có thể là “${IMPORT_FIELDS[field].header}”: hệ thống không tự chọn. ` +
        'Trên trang Nhập danh sách, chọn cột đúng ở bước đối chiếu cột (cột kia chọn “Bỏ qua”); hoặc đổi tên tiêu đề cột không dùng rồi tải lên lại.',
    });
  }
  const present = new Set(byField.keys());
  const named = present.has('fullName') || (present.has('familyName') && present.has('givenName'));
  if (!named) {
    const missing = REQUIRED_COLUMNS.map((c) => `“${IMPORT_FIELDS[c].header}”`).join(', ');
    errors.push({
      rowNumber: layout.headerRow,
      message: `Dòng tiêu đề (dòng ${layout.headerRow}) không có cột ${missing} (hoặc hai cột “Họ đệm” và “Tên”). ` +
        'Hãy chọn cột họ tên ở bước đối chiếu cột, hoặc đặt tiêu đề cột là “Họ và tên”.',
    });
  }
  return errors;
}

function noHeader(sheet: readonly SheetRow[]): RowError {
  const last = Math.min(HEADER_SEARCH_ROWS, sheet[sheet.length - 1]!.rowNumber);
  return {
    rowNumber: 0,
    message: `Không tìm thấy dòng tiêu đề trong ${last} dòng đầu của tệp: cần một dòng có cột “Họ và tên” và ít nhất một cột khác ` +
      '(ví dụ “Chức vụ”, “Tổ chuyên môn”, “Số điện thoại”, “Mã cán bộ”). Hãy kiểm tra tệp có đúng là danh sách cán bộ, ' +
      'hoặc tải mẫu trống trên trang Nhập danh sách và chép dữ liệu vào.',
  };
}

function rosterRowOf(row: SheetRow, columns: readonly LayoutColumn[]): RosterRow {
  const cells: RosterRow['cells'] = {};
  for (const c of columns) if (c.field && cells[c.field] === undefined) cells[c.field] = row.cells[c.index] ?? '';
  if (!cells.fullName && (cells.familyName || cells.givenName)) {
    cells.fullName = [cells.familyName, cells.givenName].filter(Boolean).join(' ');
  }
  return { rowNumber: row.rowNumber, cells };
}

/** "Dòng tiêu đề: 5. Dùng: … Bỏ qua: …" in the CLI's and the web's words. */
export function describeLayout(layout: RosterLayout): string[] {
  const used = layout.columns.filter((c) => c.field);
  const ignored = layout.columns.filter((c) => !c.field && c.header);
  const lines = [`Dòng tiêu đề: dòng ${layout.headerRow}${layout.headerRow > 1 ? ` (bỏ qua ${layout.headerRow - 1} dòng phía trên)` : ''}.`];
  if (layout.keyRows.length > 0) lines.push(`Bỏ qua dòng mã cột dưới tiêu đề: dòng ${layout.keyRows.join(', ')}.`);
  lines.push(`Cột dùng: ${used.map((c) => `${c.letter} “${c.header || '—'}” → ${IMPORT_FIELDS[c.field!].header}`).join('; ')}.`);
  if (ignored.length > 0) lines.push(`Cột bỏ qua: ${ignored.map((c) => `${c.letter} “${c.header}”`).join('; ')}.`);
  return lines;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
