// Writes roster rows as the files read-roster-file.ts reads: .xlsx with every cell as text
// (phone numbers keep their leading 0), or UTF-8 .csv with a BOM so Excel shows the accents.
import ExcelJS from 'exceljs';
import type { RosterFormat } from './read-roster-file.js';
import { ROSTER_HEADERS } from './export-roster.js';

export interface RosterSheetNotes {
  /** A second sheet explaining the columns (the import reads only the first sheet). */
  title: string;
  rows: ReadonlyArray<readonly string[]>;
}

export async function writeRosterFile(rows: ReadonlyArray<readonly string[]>, format: RosterFormat, notes?: RosterSheetNotes): Promise<Buffer> {
  return format === 'xlsx' ? writeXlsx(rows, notes) : writeCsv(rows);
}

async function writeXlsx(rows: ReadonlyArray<readonly string[]>, notes?: RosterSheetNotes): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Danh sách');
  sheet.columns = ROSTER_HEADERS.map((header) => ({ header, width: Math.max(12, header.length + 4), style: { numFmt: '@' } }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const row of rows) sheet.addRow(row.map((cell) => (cell === '' ? null : cell)));
  if (notes) {
    const help = workbook.addWorksheet(notes.title);
    for (const row of notes.rows) help.addRow([...row]);
    help.getRow(1).font = { bold: true };
    help.columns.forEach((c, i) => (c.width = i === 0 ? 22 : 60));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function writeCsv(rows: ReadonlyArray<readonly string[]>): Buffer {
  const lines = [ROSTER_HEADERS, ...rows].map((row) => row.map(csvField).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

function csvField(raw: string): string {
  const value = guardFormula(raw);
  return /[",;\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * A CSV cell starting with = + - @ (or a tab/return) is run as a formula when the file is opened
 * in Excel: a name typed as "=HYPERLINK(…)" would act. The apostrophe makes it text; the import
 * takes it off again (`unguardFormula`), so export → import changes nothing.
 */
function guardFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
