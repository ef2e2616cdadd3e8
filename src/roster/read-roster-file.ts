// Reads a roster spreadsheet (.xlsx, .xls, or .csv as Excel saves it: UTF-8 with or without
// BOM, comma- or semicolon-separated) into rows of text cells, as the sheet numbers them.
// Which row is the header and what each column means is roster-layout.ts's business.
import * as XLSX from '@e965/xlsx';
import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import type { RowError } from './roster-plan.js';
import { layRoster, type ColumnChoices, type LayoutResult } from './roster-layout.js';

export type RosterFormat = 'xlsx' | 'xls' | 'csv';
export const ROSTER_FORMATS: readonly RosterFormat[] = ['xlsx', 'xls', 'csv'];

/** A sheet row: its number as the spreadsheet shows it, and its cells left to right (A = 0). */
export interface SheetRow {
  rowNumber: number;
  cells: string[];
}

export type SheetRead = { ok: true; rows: SheetRow[] } | { ok: false; errors: RowError[] };

const FORMAT_NAMES: Record<RosterFormat, string> = { xlsx: 'Excel (.xlsx)', xls: 'Excel 97–2003 (.xls)', csv: 'CSV' };

export function rosterFormatOf(fileName: string): RosterFormat | undefined {
  const ext = fileName.toLowerCase().split('.').pop();
  return ROSTER_FORMATS.find((f) => f === ext);
}

export async function readRosterSheet(content: Buffer, format: RosterFormat): Promise<SheetRead> {
  try {
    if (format === 'xls') return xlsRows(content);
    const sheet = format === 'xlsx' ? await firstSheetOfXlsx(content) : await sheetOfCsv(content);
    if (!sheet) return fileError('Tệp không có trang tính nào.');
    return { ok: true, rows: rowsOf(sheet) };
  } catch {
    const hint = format === 'xls'
      ? ' Nếu tệp mở được trong Excel, hãy lưu lại dưới dạng .xlsx (Tệp → Lưu thành → Sổ làm việc Excel) rồi tải lên lại.'
      : ' Hãy mở tệp trong Excel, lưu lại rồi tải lên lại.';
    return fileError(`Không đọc được tệp ${FORMAT_NAMES[format]}: tệp bị hỏng hoặc sai định dạng.${hint}`);
  }
}

async function firstSheetOfXlsx(content: Buffer): Promise<ExcelJS.Worksheet | undefined> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as unknown as ArrayBuffer);
  return workbook.worksheets[0];
}

async function sheetOfCsv(content: Buffer): Promise<ExcelJS.Worksheet> {
  const text = content.toString('utf8').replace(/^\uFEFF/, '');
  // The header may be below a title block: the separator is judged on the first lines together.
  const head = text.split(/\r?\n/, 20).join('\n');
  // Excel with Vietnamese regional settings separates with ";" (the decimal mark is ",").
  const delimiter = count(head, ';') > count(head, ',') ? ';' : ',';
  const workbook = new ExcelJS.Workbook();
  return workbook.csv.read(Readable.from([text]), {
    parserOptions: { delimiter },
    map: (value: unknown) => value, // keep text as text: "0912…" must not become a number
  });
}

function rowsOf(sheet: ExcelJS.Worksheet): SheetRow[] {
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = unguardFormula(cellText(cell).trim());
    });
    rows.push({ rowNumber, cells: Array.from(cells, (t) => t ?? '') });
  });
  return rows;
}

function cellText(cell: ExcelJS.Cell): string {
  const value = cell.value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : cell.text;
  return cell.text ?? '';
}

/** Excel 97–2003 workbooks, read by SheetJS (exceljs reads only .xlsx). */
function xlsRows(content: Buffer): SheetRead {
  const workbook = XLSX.read(content, { type: 'buffer', cellFormula: false, cellHTML: false, dense: true });
  const name = workbook.SheetNames[0];
  const sheet = name ? workbook.Sheets[name] : undefined;
  if (!sheet) return fileError('Tệp không có trang tính nào.');
  const start = sheet['!ref'] ? XLSX.utils.decode_range(sheet['!ref']).s : { r: 0, c: 0 };
  const matrix = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, raw: true, defval: '', blankrows: true });
  const rows: SheetRow[] = [];
  matrix.forEach((values, i) => {
    const cells = [...Array<string>(start.c).fill(''), ...values.map(xlsCellText)];
    if (cells.some((c) => c !== '')) rows.push({ rowNumber: start.r + i + 1, cells });
  });
  return { ok: true, rows };
}

function xlsCellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return unguardFormula(String(value).trim());
}

function fileError(message: string): SheetRead {
  return { ok: false, errors: [{ rowNumber: 0, message }] };
}

function count(text: string, ch: string): number {
  return text.split(ch).length - 1;
}

/** Takes off the apostrophe our CSV export puts before a cell that would read as a formula. */
function unguardFormula(text: string): string {
  return /^'[=+\-@]/.test(text) ? text.slice(1) : text;
}

/** Reads the file and lays it out: the header found, the columns mapped, the data rows. */
export async function readRosterFile(content: Buffer, format: RosterFormat, choices: ColumnChoices = {}): Promise<LayoutResult> {
  const sheet = await readRosterSheet(content, format);
  return sheet.ok ? layRoster(sheet.rows, choices) : sheet;
}
