// From an uploaded roster file to a checked plan, the same for the CLI and the web: read the
// sheet, find the header and map the columns (with the person's choices), take the chosen
// school's details from the system, check every row.
import type { SchoolLevel } from '../core/vocabulary.js';
import type { Db } from '../db/prisma.js';
import { readRosterFile, type RosterFormat } from '../roster/read-roster-file.js';
import type { ColumnChoices, RosterLayout } from '../roster/roster-layout.js';
import type { PlannedSchool, RosterPlan, RosterRow, RowError, UnitRef } from '../roster/roster-plan.js';
import { validateRoster } from '../roster/validate-roster.js';

export interface PrepareInput {
  content: Buffer;
  format: RosterFormat;
  choices?: ColumnChoices;
  /** The school the file is for (files without school columns), by code. */
  schoolCode?: string;
}

export type Prepared =
  | { ok: true; plan: RosterPlan; notes: RowError[]; layout: RosterLayout; rows: RosterRow[] }
  | { ok: false; errors: RowError[]; layout?: RosterLayout; rows?: RosterRow[] };

export async function prepareRoster(db: Db, input: PrepareInput): Promise<Prepared> {
  let school: PlannedSchool | undefined;
  if (input.schoolCode) {
    const found = await chosenSchool(db, input.schoolCode);
    if (!found) return { ok: false, errors: [{ rowNumber: 0, message: `Không có trường mã "${input.schoolCode}" trong hệ thống. Hãy xem mã trường ở trang Tổ chức, hoặc để Tổ hỗ trợ thêm trường trước.` }] };
    school = found;
  }
  const read = await readRosterFile(input.content, input.format, input.choices);
  if (!read.ok) return read;
  const validation = validateRoster(read.rows, { school });
  if (!validation.ok) return { ...validation, layout: read.layout, rows: read.rows };
  return { ok: true, plan: validation.plan, notes: validation.notes, layout: read.layout, rows: read.rows };
}

/** The school as the import plans it, from the system (its supervising unit by code). */
export async function chosenSchool(db: Db, code: string): Promise<PlannedSchool | undefined> {
  const row = await db.school.findFirst({ where: { code: code.trim() }, include: { supervisingUnit: { select: { kind: true, code: true } } } });
  if (!row) return undefined;
  const unit = row.supervisingUnit;
  const supervisor: UnitRef = unit.kind === 'DIVISION' ? { kind: 'DIVISION' } : unit.kind === 'DEPARTMENT' ? { kind: 'DEPARTMENT' } : { kind: 'SUPERVISING', code: unit.code };
  return { code: row.code, name: row.name, level: row.level as SchoolLevel, supervisor };
}
