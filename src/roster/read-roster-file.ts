// Reads a roster spreadsheet (.xlsx, or .csv as Excel saves it: UTF-8 with or without BOM,
// comma- or semicolon-separated) into rows of text cells keyed by column.
import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { REQUIRED_COLUMNS, ROSTER_COLUMNS, columnOfHeader, type RosterColumn } from './roster-columns.js';
import type { RosterRow, RowError } from './roster-plan.js';

export type RosterFormat = 'xlsx' | 'csv';

export type RosterRead = { ok: true; rows: RosterRow[] } | { ok: false; errors: RowError[] };

export function rosterFormatOf(fileName: string): RosterFormat | undefined {
  const ext = fileName.toLowerCase().split('.').pop();
  return ext === 'xlsx' || ext === 'csv' ? ext : undefined;
}

export async function readRosterFile(content: Buffer, format: RosterFormat): Promise<RosterRead> {
  let sheet: ExcelJS.Worksheet | undefined;
  try {
    sheet = format === 'xlsx' ? await firstSheetOfXlsx(content) : await sheetOfCsv(content);
  } catch {
    return fileError(`Không đọc được tệp ${format === 'xlsx' ? 'Excel (.xlsx)' : 'CSV'}: tệp bị hỏng hoặc sai định dạng.`);
  }
  if (!sheet) return fileError('Tệp không có trang tính nào.');
  return rowsOf(sheet);
}

async function firstSheetOfXlsx(content: Buffer): Promise<ExcelJS.Worksheet | undefined> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as unknown as ArrayBuffer);
  return workbook.worksheets[0];
}

async function sheetOfCsv(content: Buffer): Promise<ExcelJS.Worksheet> {
  const text = content.toString('utf8').replace(/^\uFEFF/, '');
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  // Excel with Vietnamese regional settings separates with ";" (the decimal mark is ",").
  const delimiter = count(firstLine, ';') > count(firstLine, ',') ? ';' : ',';
  const workbook = new ExcelJS.Workbook();
  return workbook.csv.read(Readable.from([text]), {
    parserOptions: { delimiter },
    map: (value: unknown) => value, // keep text as text: "0912…" must not become a number
  });
}

function rowsOf(sheet: ExcelJS.Worksheet): RosterRead {
  let columns: Map<number, RosterColumn> | undefined;
  let headerRow = 0;
  const rows: RosterRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const texts = cellTexts(row);
    if (!columns) {
      columns = new Map();
      texts.forEach((text, index) => {
        const column = columnOfHeader(text);
        if (column && ![...columns!.values()].includes(column)) columns!.set(index, column);
      });
      headerRow = rowNumber;
      return;
    }
    const cells: RosterRow['cells'] = {};
    for (const [index, column] of columns) cells[column] = texts[index] ?? '';
    rows.push({ rowNumber, cells });
  });
  if (!columns) return fileError('Tệp trống.');
  const present = new Set(columns.values());
  const missing = REQUIRED_COLUMNS.filter((c) => !present.has(c)).map((c) => `"${ROSTER_COLUMNS[c].header}"`);
  if (missing.length > 0) {
    return { ok: false, errors: [{ rowNumber: headerRow, message: `Thiếu cột ${missing.join(', ')} ở dòng tiêu đề.` }] };
  }
  return { ok: true, rows };
}

function cellTexts(row: ExcelJS.Row): string[] {
  const texts: string[] = [];
  row.eachCell({ includeEmpty: true }, (cell, col) => {
    texts[col - 1] = unguardFormula(cellText(cell).trim());
  });
  return Array.from(texts, (t) => t ?? '');
}

function cellText(cell: ExcelJS.Cell): string {
  const value = cell.value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : cell.text;
  return cell.text ?? '';
}

function fileError(message: string): RosterRead {
  return { ok: false, errors: [{ rowNumber: 0, message }] };
}

function count(text: string, ch: string): number {
  return text.split(ch).length - 1;
}

/** Takes off the apostrophe our CSV export puts before a cell that would read as a formula. */
function unguardFormula(text: string): string {
  return /^'[=+\-@]/.test(text) ? text.slice(1) : text;
}
