// The progress chart's day counts (issue 18) on a real database (SQLite here; PostgreSQL with
// `bash scripts/test-postgres.sh test/db/annual-progress.test.ts`): annual plans by the
// Vietnamese day their first version came in and the day their current version was approved,
// in the viewer's schools, filters and subjects. Instants sit near midnight so that a day
// taken in UTC instead of Vietnam time shows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/org.js';
import { loadAnnualProgress } from '../../src/read-models/annual-progress.js';
import { subjectScope } from '../../src/read-models/compliance-tally.js';
import { loadActor } from '../../src/read-models/org-loader.js';
import { createTestDb, type TestDb } from '../support/test-db.js';

let t: TestDb;
let yearId: number;
const ids: Record<string, number> = {};
let n = 0;

/** A plan with its versions (submitted at the given instants) and decisions. */
async function plan(o: {
  school: string;
  kind: string;
  subject: string | null;
  group?: string;
  versions: Array<{ at: string; decision?: { action: 'APPROVE' | 'RETURN'; at: string } }>;
  year?: number;
}): Promise<void> {
  const db = t.db;
  const school = await db.school.findUniqueOrThrow({ where: { code: o.school }, include: { groups: true } });
  const owner = await db.staff.findFirstOrThrow({ where: { schoolId: school.id } });
  const last = o.versions.at(-1)!;
  const state = last.decision ? (last.decision.action === 'APPROVE' ? 'APPROVED' : 'RETURNED') : 'SUBMITTED';
  const groupId = o.group ? school.groups.find((g) => g.name === o.group)!.id : null;
  const p = await db.plan.create({
    data: { refCode: `P${++n}`, slotKey: `progress:${n}`, kind: o.kind, schoolYearId: o.year ?? yearId, schoolId: school.id, groupId, ownerId: owner.id, subject: o.subject, state, currentVersion: o.versions.length },
  });
  for (const [i, v] of o.versions.entries()) {
    const s = await db.submission.create({
      data: { planId: p.id, version: i + 1, fileSha256: `${n}-${i}`.padEnd(64, '0'), fileSize: 1, originalName: 'kh.docx', channel: 'TELEGRAM', submittedById: owner.id, submittedAt: new Date(v.at) },
    });
    if (v.decision) await db.decision.create({ data: { planId: p.id, submissionId: s.id, action: v.decision.action, deciderId: owner.id, decidedAt: new Date(v.decision.at) } });
  }
}

beforeAll(async () => {
  t = createTestDb({ roster: true });
  const db = t.db;
  yearId = (await db.schoolYear.create({ data: { name: '2030-2031', startsOn: '2030-08-01', endsOn: '2031-07-31', annualDeadline: '2030-09-15' } })).id;
  const other = (await db.schoolYear.create({ data: { name: '2029-2030', startsOn: '2029-08-01', endsOn: '2030-07-31', annualDeadline: '2029-09-15' } })).id;
  for (const s of await db.school.findMany()) ids[s.code] = s.id;
  ids.ward = (await db.school.findUniqueOrThrow({ where: { code: 'THCS-TP' } })).supervisingUnitId;

  // THCS Trần Phú (the ward's): a Toán teacher plan in at 00:30 on 11/09 Vietnam time (still
  // 10/09 in UTC), returned on 11/09, resubmitted, approved on 14/09 at 06:30 (13/09 23:30 UTC).
  await plan({
    school: 'THCS-TP', kind: 'TEACHER_PLAN', subject: 'Toán', group: 'Tổ Toán – Tin',
    versions: [
      { at: '2030-09-10T17:30:00Z', decision: { action: 'RETURN', at: '2030-09-11T03:00:00Z' } },
      { at: '2030-09-12T03:00:00Z', decision: { action: 'APPROVE', at: '2030-09-13T23:30:00Z' } },
    ],
  });
  // A Ngữ văn teacher plan waiting since 11/09; the Toán – Tin group's activities plan (no
  // subject) approved on 13/09.
  await plan({ school: 'THCS-TP', kind: 'TEACHER_PLAN', subject: 'Ngữ văn', versions: [{ at: '2030-09-11T02:00:00Z' }] });
  await plan({ school: 'THCS-TP', kind: 'GROUP_ACTIVITIES_PLAN', subject: null, group: 'Tổ Toán – Tin', versions: [{ at: '2030-09-12T02:00:00Z', decision: { action: 'APPROVE', at: '2030-09-13T02:00:00Z' } }] });
  // THPT Thái Phiên (the Division's): a Toán teacher plan in on 20/07, before the year starts.
  await plan({ school: 'THPT-TPH', kind: 'TEACHER_PLAN', subject: 'toán ', versions: [{ at: '2030-07-20T01:00:00Z' }] });
  // Not annual plans of this year: a lesson plan, last year's plan, a returned-only plan counts as handed in.
  await plan({ school: 'THCS-TP', kind: 'LESSON_PLAN', subject: 'Toán', versions: [{ at: '2030-09-11T02:00:00Z', decision: { action: 'APPROVE', at: '2030-09-11T05:00:00Z' } }] });
  await plan({ school: 'THCS-TP', kind: 'TEACHER_PLAN', subject: 'Toán', year: other, versions: [{ at: '2030-09-11T02:00:00Z' }] });
  await plan({ school: 'THCS-NQ', kind: 'SCHOOL_PLAN', subject: null, versions: [{ at: '2030-09-16T04:00:00Z', decision: { action: 'RETURN', at: '2030-09-17T04:00:00Z' } }] });
});

afterAll(async () => {
  await t?.close();
});

const actor = async (code: string): Promise<Actor> => (await loadActor(t.db, (await t.db.staff.findUniqueOrThrow({ where: { code } })).id))!;

describe('loadAnnualProgress', () => {
  it('the whole city: annual plans by their first version’s day, approvals by the current version’s, in Vietnam time', async () => {
    expect(await loadAnnualProgress(t.db, yearId, { scope: 'ALL' }, null)).toEqual({
      handedIn: [
        { day: '2030-07-20', count: 1 },
        { day: '2030-09-11', count: 2 },
        { day: '2030-09-12', count: 1 },
        { day: '2030-09-16', count: 1 },
      ],
      approved: [
        { day: '2030-09-13', count: 1 },
        { day: '2030-09-14', count: 1 },
      ],
    });
  });

  it('a unit’s account: only its schools; the unit and level filters narrow further', async () => {
    const ward = { unitIds: [ids.ward!], schoolIds: [] };
    const wardOnly = await loadAnnualProgress(t.db, yearId, { scope: ward }, null);
    expect(wardOnly.handedIn).toEqual([
      { day: '2030-09-11', count: 2 },
      { day: '2030-09-12', count: 1 },
      { day: '2030-09-16', count: 1 },
    ]);
    expect((await loadAnnualProgress(t.db, yearId, { scope: 'ALL', level: 'THPT' }, null)).handedIn).toEqual([{ day: '2030-07-20', count: 1 }]);
    // A unit filter outside the scope gives nothing, as the page shows no school then.
    const division = (await t.db.school.findUniqueOrThrow({ where: { code: 'THPT-TPH' } })).supervisingUnitId;
    expect(await loadAnnualProgress(t.db, yearId, { scope: ward, unit: division }, null)).toEqual({ handedIn: [], approved: [] });
    // One listed school (a principal's scope).
    const one = await loadAnnualProgress(t.db, yearId, { scope: { unitIds: [], schoolIds: [ids['THCS-NQ']!] } }, null);
    expect(one).toEqual({ handedIn: [{ day: '2030-09-16', count: 1 }], approved: [] });
  });

  it('a Division specialist of Toán and Tin học: their subjects’ plans in any spelling and their groups’ group-wide plans, not Ngữ văn', async () => {
    const math = await actor('GDTRH-02');
    const scope = await subjectScope(t.db, math, false);
    expect(await loadAnnualProgress(t.db, yearId, { scope: 'ALL' }, scope)).toEqual({
      handedIn: [
        { day: '2030-07-20', count: 1 },
        { day: '2030-09-11', count: 1 },
        { day: '2030-09-12', count: 1 },
      ],
      approved: [
        { day: '2030-09-13', count: 1 },
        { day: '2030-09-14', count: 1 },
      ],
    });
    const literature = await subjectScope(t.db, await actor('GDTRH-03'), false);
    expect(await loadAnnualProgress(t.db, yearId, { scope: 'ALL' }, literature)).toEqual({ handedIn: [{ day: '2030-09-11', count: 1 }], approved: [] });
  });
});
