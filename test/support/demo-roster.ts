// The demo roster (data/demo/roster.csv: the city, its schools, groups, sub-groups and people)
// imported into a test database, as most tests start from it.
import fs from 'node:fs';
import type { Db } from '../../src/db/prisma.js';
import { importRoster } from '../../src/use-cases/import-roster.js';
import { readRosterFile } from '../../src/roster/read-roster-file.js';
import { validateRoster } from '../../src/roster/validate-roster.js';

export const DEMO_ROSTER_CSV = 'data/demo/roster.csv';

export async function importDemoRoster(db: Db) {
  const read = await readRosterFile(fs.readFileSync(DEMO_ROSTER_CSV), 'csv');
  const valid = read.ok ? validateRoster(read.rows) : read;
  if (!valid.ok) throw new Error(`demo roster: ${JSON.stringify(valid.errors)}`);
  return importRoster(db, valid.plan, { actor: 'test', cityName: 'Hải Phòng' });
}
