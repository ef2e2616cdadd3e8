// A roster file sent by an admin: read, validated, checked against what the importer manages,
// then imported (or dry-run) exactly as the CLI does. The hotline team imports anything; a
// school's admin only the people of their own school, and never changes a school's own details
// or a supervising unit (those are the city's, canManageCity).
import { isHotline, managedSchools } from '../core/admin-rights.js';
import type { Actor } from '../core/org.js';
import type { Db } from '../db/prisma.js';
import { matchRosterPeople } from '../read-models/roster-matches.js';
import type { RosterFormat } from '../roster/read-roster-file.js';
import type { ColumnChoices, RosterLayout } from '../roster/roster-layout.js';
import type { RosterPlan, RosterRow, RowError } from '../roster/roster-plan.js';
import { rowsOutsideScope } from '../roster/roster-scope.js';
import { importRoster, type ChangeCounts, type ImportResult } from './import-roster.js';
import { prepareRoster } from './prepare-roster.js';

export interface RosterUploadInput {
  content: Buffer;
  format: RosterFormat;
  actor: Actor;
  /** Audit name of the importer, `web:<username>`. */
  actorLabel: string;
  cityName: string;
  dryRun: boolean;
  /** The mapping step's choices: column index → field (null: ignored). */
  choices?: ColumnChoices;
  /** The school the file is for, by code (files without school columns). */
  schoolCode?: string;
  onProgress?: (done: number, total: number) => void | Promise<void>;
}

/**
 * The import's answer, with how the file was read (header, columns, first rows), notes, and the
 * codes of the schools its people belong to (what the result page links to, school by school).
 */
export type RosterUploadResult = ImportResult & { layout?: RosterLayout; rows?: RosterRow[]; notes: RowError[]; schoolCodes?: string[] };

export async function importRosterUpload(db: Db, input: RosterUploadInput): Promise<RosterUploadResult> {
  const prepared = await prepareRoster(db, input);
  if (!prepared.ok) return { ...prepared, notes: [] };
  const schoolCodes = [...new Set(prepared.plan.people.flatMap((p) => (p.schoolCode ? [p.schoolCode] : [])))];
  const seen = { layout: prepared.layout, rows: prepared.rows, notes: prepared.notes, schoolCodes };
  return { ...(await importPlan(db, prepared.plan, input)), ...seen };
}

async function importPlan(db: Db, plan: RosterPlan, input: RosterUploadInput): Promise<ImportResult> {
  const hotline = isHotline(input.actor);
  const options = { actor: input.actorLabel, cityName: input.cityName, nameHolders: hotline, onProgress: input.onProgress };
  if (hotline) return importRoster(db, plan, { ...options, dryRun: input.dryRun });

  const outside = await scopeErrors(db, plan, input.actor);
  if (outside.length > 0) return { ok: false, errors: outside };
  // The school's own rows may still rename the school or move it to another unit: the dry run
  // says exactly what would change, before anything is written.
  const trial = await importRoster(db, plan, { ...options, dryRun: true, onProgress: undefined });
  if (!trial.ok) return trial;
  const forbidden = cityLevelChanges(trial.changes);
  if (forbidden.length > 0) return { ok: false, errors: forbidden };
  return input.dryRun ? trial : importRoster(db, plan, { ...options, dryRun: false });
}

async function scopeErrors(db: Db, plan: RosterPlan, actor: Actor): Promise<RowError[]> {
  const managed = managedSchools(actor);
  const schoolIds = managed === 'ALL' ? [] : managed;
  const schools = await db.school.findMany({ where: { id: { in: schoolIds } }, select: { code: true } });
  const matches = await matchRosterPeople(db, plan.people, actor);
  return rowsOutsideScope(plan.people, { schoolCodes: new Set(schools.map((s) => s.code)), matches });
}

/** Units and schools' own details are the city's to change (the hotline team's). */
export function cityLevelChanges(changes: ChangeCounts): RowError[] {
  const touched = (['units', 'schools'] as const).filter((e) => changes[e].created + changes[e].updated + changes[e].removed > 0);
  if (touched.length === 0) return [];
  return [{
    rowNumber: 0,
    message:
      'Tệp này sẽ thêm hoặc sửa thông tin của trường hay đơn vị quản lý (tên trường, cấp học, đơn vị quản lý, loại đơn vị). ' +
      'Việc này chỉ Tổ hỗ trợ (Hotline) được làm. Hãy ghi các cột đó đúng như trong bản danh sách tải về từ hệ thống.',
  }];
}
