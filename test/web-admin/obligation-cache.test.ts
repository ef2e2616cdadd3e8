// The dashboard's cache of what each school owes, on a real database with the clock in the
// test's hands: a change of plans shows at once, a roster change within the minute.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annualObligations } from '../../src/core/deadlines.js';
import { ensureCurrentSchoolYear } from '../../src/db/org-setup.js';
import { loadSchoolSnapshot } from '../../src/read-models/org-loader.js';
import { annualFingerprints } from '../../src/read-models/compliance-tally.js';
import { createLogger } from '../../src/infra/logger.js';
import { submitPlan } from '../../src/use-cases/submit-plan.js';
import { ObligationCache } from '../../src/web-admin/dashboard/obligation-cache.js';
import { createTestDb, type TestDb } from '../support/test-db.js';

let t: TestDb;
let yearId: number;
let schoolId: number;
let clock = new Date('2026-10-01T08:00:00+07:00');

beforeAll(async () => {
  t = createTestDb({ roster: true });
  yearId = (await ensureCurrentSchoolYear(t.db, clock)).id;
  schoolId = (await t.db.school.findUniqueOrThrow({ where: { code: 'THCS-NQ' } })).id;
});
afterAll(async () => {
  await t?.close();
});

const tick = (ms: number) => (clock = new Date(clock.getTime() + ms));

async function read(cache: ObligationCache) {
  const year = { id: yearId, annualDeadline: '2026-09-15' };
  const school = (await cache.get(year, [schoolId], await annualFingerprints(t.db, yearId, [schoolId]))).get(schoolId)!;
  return { obligations: school.statuses.length, plans: school.statuses.filter((s) => s.planId !== null).length };
}

async function addTeacher(code: string) {
  const group = await t.db.group.findFirstOrThrow({ where: { schoolId }, include: { subgroups: true } });
  const staff = await t.db.staff.create({ data: { code, fullName: `Giáo viên ${code}`, subjects: JSON.stringify([group.subgroups[0]!.subject]), schoolId } });
  await t.db.roleAssignment.create({ data: { staffId: staff.id, role: 'TEACHER', schoolId, groupId: group.id, subgroupId: group.subgroups[0]!.id, scopeKey: `test|${code}` } });
  return staff;
}

describe('ObligationCache', () => {
  it('a plan handed in is seen on the next read, without waiting', async () => {
    const cache = new ObligationCache(t.db, { now: () => clock, logger: createLogger('silent'), ttlMs: 60_000 });
    const first = await read(cache);
    const teacher = await t.db.staff.findUniqueOrThrow({ where: { code: 'THCS-NQ-009' }, include: { roles: true } });
    const role = teacher.roles.find((r) => r.role === 'TEACHER')!;
    await submitPlan(t.db, {
      staffId: teacher.id, channel: 'TELEGRAM', now: clock, file: { sha256: 'a'.repeat(64), size: 1, originalName: 'kh.docx' },
      details: { kind: 'TEACHER_PLAN', subject: 'Ngữ văn', groupId: role.groupId, subgroupId: role.subgroupId },
    });
    tick(1_000);
    expect(await read(cache)).toEqual({ obligations: first.obligations, plans: first.plans + 1 });
  });

  it('a roster change shows once the entry is older than the TTL: served once more, reloaded behind', async () => {
    const cache = new ObligationCache(t.db, { now: () => clock, logger: createLogger('silent'), ttlMs: 60_000 });
    const before = await read(cache);
    await addTeacher('NQ-NEW-1');
    tick(30_000);
    expect((await read(cache)).obligations).toBe(before.obligations); // trusted for a minute
    tick(31_000);
    expect((await read(cache)).obligations).toBe(before.obligations); // stale, reloading behind
    await cache.settled();
    expect((await read(cache)).obligations).toBe(before.obligations + 1);
  });

  it('a fresh cache loads what it has never seen: the core’s obligations for the roster now', async () => {
    await addTeacher('NQ-NEW-2');
    const cache = new ObligationCache(t.db, { now: () => clock, logger: createLogger('silent') });
    const expected = annualObligations(await loadSchoolSnapshot(t.db, schoolId), yearId).length;
    expect((await read(cache)).obligations).toBe(expected);
    expect(await t.db.staff.count({ where: { code: { startsWith: 'NQ-NEW-' } } })).toBe(2);
  });
});
