// Plans waiting for a decision on their current version, with the reviewers the core names
// for each (R7–R9), oldest first: what /choduyet, the daily digest and the nudges all start from.
import { reviewRoute } from '../core/review-routing.js';
import { loadSchoolStaff, planScopeOf } from './org-loader.js';
import type { Db } from '../db/prisma.js';

export interface PendingPlan {
  id: number;
  kind: string;
  refCode: string;
  title: string | null;
  teachingDate: string | null;
  schoolId: number;
  ownerName: string;
  submissionId: number;
  submittedAt: Date;
  reviewerIds: number[];
  headRoute: boolean;
}

/** `where` narrows the plans (a school, a teaching date…). */
export async function pendingPlans(db: Db, where: object = {}): Promise<PendingPlan[]> {
  const plans = await db.plan.findMany({
    where: { state: 'SUBMITTED', ...where },
    include: { owner: true, submissions: { orderBy: { version: 'desc' }, take: 1 } },
  });
  const staffBySchool = new Map<number, Awaited<ReturnType<typeof loadSchoolStaff>>>();
  const out: PendingPlan[] = [];
  for (const p of plans) {
    const submission = p.submissions[0];
    if (!submission) continue;
    if (!staffBySchool.has(p.schoolId)) staffBySchool.set(p.schoolId, await loadSchoolStaff(db, p.schoolId));
    const route = reviewRoute(await planScopeOf(db, p), staffBySchool.get(p.schoolId)!);
    out.push({
      id: p.id, kind: p.kind, refCode: p.refCode, title: p.title, teachingDate: p.teachingDate, schoolId: p.schoolId,
      ownerName: p.owner.fullName, submissionId: submission.id, submittedAt: submission.submittedAt,
      reviewerIds: route.reviewerIds, headRoute: route.rule === 'SUBGROUP_OR_GROUP_HEADS',
    });
  }
  return out.sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime());
}
