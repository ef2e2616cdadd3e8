// The parts of the tree every installation has: the Department and its Secondary Education
// Division (R1), and the current school year with its 15/9 deadline (R4).
import { defaultSchoolYear, schoolYearNameOf, vnDateOf } from '../core/calendar.js';
import type { Db, DbTx } from './prisma.js';

export const DEPARTMENT_CODE = 'SGDDT';
export const DIVISION_CODE = 'GDTRH';

export interface RootUnits {
  departmentId: number;
  divisionId: number;
}

export async function ensureRootUnits(db: Db | DbTx, cityName: string): Promise<RootUnits> {
  const department = await db.orgUnit.upsert({
    where: { code: DEPARTMENT_CODE },
    update: {},
    create: { code: DEPARTMENT_CODE, name: `Sở Giáo dục và Đào tạo ${cityName}`, kind: 'DEPARTMENT' },
  });
  const division = await db.orgUnit.upsert({
    where: { code: DIVISION_CODE },
    update: {},
    create: {
      code: DIVISION_CODE,
      name: 'Phòng Giáo dục trung học',
      kind: 'DIVISION',
      typeLabel: 'Phòng chuyên môn thuộc Sở',
      parentId: department.id,
    },
  });
  return { departmentId: department.id, divisionId: division.id };
}

/** The school year containing `now`, created with default dates if it does not exist yet. */
export async function ensureCurrentSchoolYear(db: Db, now: Date = new Date()) {
  const name = schoolYearNameOf(vnDateOf(now));
  return db.schoolYear.upsert({
    where: { name },
    update: {},
    create: { name, ...defaultSchoolYear(name) },
  });
}
