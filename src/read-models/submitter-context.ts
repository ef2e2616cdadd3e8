// What a person may submit and where, for the submission conversation.
import { storedSubjects } from '../db/stored-json.js';
import { sameSubject } from '../core/org.js';
import { submittableKinds } from '../core/submission-rights.js';
import { PLAN_KIND_LABELS, type PlanKind, type SchoolLevel, planKindOf, schoolLevelOf } from '../core/vocabulary.js';
import type { SubmitterContext } from '../core/submission-flow.js';
import { grantOf } from './org-loader.js';
import type { Db } from '../db/prisma.js';

/** Null when the person holds no role in a school (office accounts submit nothing). */
export async function loadSubmitterContext(db: Db, staffId: number): Promise<SubmitterContext | null> {
  const staff = await db.staff.findFirst({
    where: { id: staffId, active: true },
    include: {
      school: true,
      roles: { include: { group: { include: { subgroups: { where: { active: true }, orderBy: { id: 'asc' } } } }, subgroup: true } },
      // This person's returned plans, newest first (read with the rest: one query to compile, not two).
      ownedPlans: { where: { state: 'RETURNED' }, orderBy: { updatedAt: 'desc' }, take: 10 },
    },
  });
  if (!staff?.school) return null;
  const roles = staff.roles.filter((r) => r.schoolId === staff.schoolId);
  const teaching = teachingOf(roles, storedSubjects(staff.subjects));
  return {
    staffId,
    schoolId: staff.school.id,
    schoolLevel: schoolLevelOf(staff.school.level),
    kinds: submittableKinds({ staffId, grants: roles.map(grantOf) }),
    teaching,
    headedGroups: roles
      .filter((r) => r.role === 'GROUP_HEAD' && r.group)
      .map((r) => ({ groupId: r.group!.id, name: r.group!.name, subgroups: r.group!.subgroups.map((sg) => ({ id: sg.id, subject: sg.subject })) })),
    returned: returnedPlans(staff.ownedPlans),
    headedSubgroups: roles
      .filter((r) => r.role === 'SUBGROUP_HEAD' && r.subgroup)
      .map((r) => ({ groupId: r.groupId!, subgroupId: r.subgroupId!, subject: r.subgroup!.subject })),
  };
}

type RoleWithGroup = {
  role: string;
  groupId: number | null;
  subgroupId: number | null;
  subgroup: { subject: string } | null;
  group: { subgroups: Array<{ id: number; subject: string }> } | null;
};

/** Each subject taught: from the sub-groups taught in, plus the roster's "Môn dạy" list. */
function teachingOf(roles: RoleWithGroup[], rosterSubjects: string[]): SubmitterContext['teaching'] {
  const teacherRoles = roles.filter((r) => r.role === 'TEACHER' && r.groupId != null);
  const teaching: SubmitterContext['teaching'] = teacherRoles
    .filter((r) => r.subgroup)
    .map((r) => ({ groupId: r.groupId!, subgroupId: r.subgroupId, subject: r.subgroup!.subject }));
  const home = teacherRoles[0];
  for (const subject of rosterSubjects) {
    if (!home || teaching.some((t) => sameSubject(t.subject, subject))) continue;
    const subgroup = home.group?.subgroups.find((sg) => sameSubject(sg.subject, subject));
    teaching.push({ groupId: home.groupId!, subgroupId: subgroup?.id ?? null, subject });
  }
  return teaching;
}

type PlanRow = { id: number; refCode: string; title: string | null; kind: string; subject: string | null; grade: number | null; teachingDate: string | null; groupId: number | null; subgroupId: number | null };

function returnedPlans(plans: PlanRow[]): SubmitterContext['returned'] {
  return plans.map((p) => ({
    planId: p.id,
    refCode: p.refCode,
    label: p.title ?? PLAN_KIND_LABELS[planKindOf(p.kind)],
    details: {
      kind: planKindOf(p.kind), subject: p.subject ?? undefined, grade: p.grade ?? undefined, title: p.title ?? undefined,
      teachingDate: p.teachingDate ?? undefined, groupId: p.groupId ?? undefined, subgroupId: p.subgroupId,
    },
  }));
}
