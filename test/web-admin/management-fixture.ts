// Shared set-up of the organisation and staff page tests: the demo roster's managers and
// non-managers signed in through the real form, ids of the school admin's school and of the
// others (for IDOR sweeps), and plans filed through the real use case.
import { expect } from 'vitest';
import { addDays, vnDateOf } from '../../src/core/calendar.js';
import type { Db } from '../../src/db/prisma.js';
import { submitPlan } from '../../src/use-cases/submit-plan.js';
import { giveWebAccount, WebClient, type WebResponse } from '../support/web-client.js';

export interface People {
  /** SGD-HL1: the hotline team. */
  hotline: WebClient;
  /** THCS-TP-007: teacher and software admin of THCS Trần Phú. */
  admin: WebClient;
  /** THCS-TP-004: a Toán teacher. */
  teacher: WebClient;
  /** THCS-TP-001: the principal. */
  principal: WebClient;
  /** PLC-01: the ward unit's account (supervises THCS-TP and THCS-NQ). */
  unit: WebClient;
}

/** `h`: a chat or web harness (either serves the pages). */
export async function signInPeople(h: { product: { port: number; db: Db } }): Promise<People> {
  const base = `http://127.0.0.1:${h.product.port}`;
  const as = async (code: string) => {
    const client = new WebClient(base);
    await client.signIn(await giveWebAccount(h.product.db, code));
    expect(client.cookies.has('hscm_session')).toBe(true);
    return client;
  };
  const [hotline, admin, teacher, principal, unit] = await Promise.all(['SGD-HL1', 'THCS-TP-007', 'THCS-TP-004', 'THCS-TP-001', 'PLC-01'].map(as));
  return { hotline: hotline!, admin: admin!, teacher: teacher!, principal: principal!, unit: unit! };
}

export async function schoolId(db: Db, code: string): Promise<number> {
  return (await db.school.findUniqueOrThrow({ where: { code } })).id;
}

export async function staffId(db: Db, code: string): Promise<number> {
  return (await db.staff.findUniqueOrThrow({ where: { code } })).id;
}

export async function groupOf(db: Db, schoolCode: string, name: string) {
  return db.group.findFirstOrThrow({ where: { school: { code: schoolCode }, name }, include: { subgroups: true } });
}

/** Ids that belong to schools other than THCS-TP: what a THCS-TP admin must never reach. */
export async function foreignIds(db: Db) {
  const tp = await schoolId(db, 'THCS-TP');
  const [schools, groups, subgroups, staff] = await Promise.all([
    db.school.findMany({ where: { id: { not: tp } }, select: { id: true } }),
    db.group.findMany({ where: { schoolId: { not: tp } }, select: { id: true } }),
    db.subgroup.findMany({ where: { group: { schoolId: { not: tp } } }, select: { id: true } }),
    db.staff.findMany({ where: { OR: [{ schoolId: { not: tp } }, { schoolId: null }] }, select: { id: true } }),
  ]);
  return { schools: schools.map((s) => s.id), groups: groups.map((g) => g.id), subgroups: subgroups.map((s) => s.id), staff: staff.map((s) => s.id) };
}

/** A plan filed by a teacher through the real use case (no chat needed). */
export async function filePlan(db: Db, staffCode: string, title: string): Promise<number> {
  const staff = await db.staff.findUniqueOrThrow({ where: { code: staffCode }, include: { roles: { where: { role: 'TEACHER' }, include: { subgroup: true } } } });
  const role = staff.roles[0]!;
  const result = await submitPlan(db, {
    staffId: staff.id,
    channel: 'WEB',
    file: { sha256: 'a'.repeat(64), size: 1000, originalName: `${title}.docx` },
    details: { kind: 'LESSON_PLAN', groupId: role.groupId, subgroupId: role.subgroupId, subject: role.subgroup?.subject ?? 'Toán', grade: 8, title, teachingDate: addDays(vnDateOf(new Date()), 1) },
  });
  return result.planId;
}

/** The flash message shown after a form's redirect (follows the 303). */
export async function flashAfter(client: WebClient, res: WebResponse): Promise<string> {
  expect(res.status).toBe(303);
  const next = await client.follow(res);
  const text = /<p class="(?:ok|error)" role="status">([^<]*)<\/p>/.exec(next.text)?.[1] ?? '';
  return text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
