// One plan as the records page shows it, read only when the core says the viewer may see it
// (R10). An id out of scope and an id that does not exist answer alike, so ids reveal nothing.
import { AppError } from '../core/app-error.js';
import type { Actor } from '../core/org.js';
import { reviewRoute, type ReviewRoute } from '../core/review-routing.js';
import { canSee } from '../core/visibility.js';
import { ROLE_LABELS, type Role } from '../core/vocabulary.js';
import { loadSchoolStaff, planScopeOf } from './org-loader.js';
import type { Db } from '../db/prisma.js';

export const NOT_VISIBLE_MESSAGE = 'Không tìm thấy, hoặc bạn không có quyền xem mục này.';

function notVisible(): AppError {
  return new AppError('NOT_FOUND', NOT_VISIBLE_MESSAGE);
}

/** The plan if it exists and the actor may read it; NOT_FOUND otherwise. */
export async function loadVisiblePlan(db: Db, actor: Actor, planId: number) {
  const plan = await db.plan.findUnique({ where: { id: planId } });
  if (!plan || !canSee(actor, await planScopeOf(db, plan))) throw notVisible();
  return plan;
}

/** A visible plan with everything its page shows: places, versions, decisions, reports. */
export async function loadPlanRecord(db: Db, actor: Actor, planId: number) {
  await loadVisiblePlan(db, actor, planId);
  const plan = await db.plan.findUniqueOrThrow({
    where: { id: planId },
    include: {
      school: true, group: true, subgroup: true, schoolYear: true,
      owner: { select: { fullName: true, code: true } },
      submissions: { orderBy: { version: 'desc' }, include: { decision: true } },
      reports: { orderBy: { reportedAt: 'asc' }, include: { unit: true, submission: { select: { version: true } } } },
    },
  });
  const people = new Set([...plan.submissions.map((s) => s.submittedById), ...plan.submissions.flatMap((s) => (s.decision ? [s.decision.deciderId] : []))]);
  const names = await db.staff.findMany({ where: { id: { in: [...people] } }, select: { id: true, fullName: true } });
  return { ...plan, nameOf: new Map(names.map((n) => [n.id, n.fullName])), awaiting: plan.state === 'SUBMITTED' ? await awaitingDecision(db, plan) : null };
}

/** Who may decide a waiting plan now (the same route the chat notified), with their school roles. */
export interface AwaitingDecision {
  rule: ReviewRoute['rule'];
  reviewers: Array<{ id: number; fullName: string; code: string; roles: string[] }>;
}

async function awaitingDecision(db: Db, plan: { id: number; schoolId: number } & Parameters<typeof planScopeOf>[1]): Promise<AwaitingDecision> {
  const route = reviewRoute(await planScopeOf(db, plan), await loadSchoolStaff(db, plan.schoolId));
  const people = await db.staff.findMany({
    where: { id: { in: route.reviewerIds } },
    select: { id: true, fullName: true, code: true, roles: { where: { schoolId: plan.schoolId }, select: { role: true } } },
  });
  const reviewers = people
    .map((p) => ({ id: p.id, fullName: p.fullName, code: p.code, roles: [...new Set(p.roles.map((r) => ROLE_LABELS[r.role as Role] ?? r.role))] }))
    .sort((a, b) => a.fullName.localeCompare(b.fullName, 'vi'));
  return { rule: route.rule, reviewers };
}

export type PlanRecord = Awaited<ReturnType<typeof loadPlanRecord>>;

/** One version of a visible plan, for its download; NOT_FOUND if either is out of reach. */
export async function loadVisibleSubmission(db: Db, actor: Actor, planId: number, version: number) {
  const plan = await loadVisiblePlan(db, actor, planId);
  const submission = await db.submission.findUnique({ where: { planId_version: { planId, version } } });
  if (!submission) throw notVisible();
  return { plan, submission };
}
