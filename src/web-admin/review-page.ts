// The review page behind a signed link (issue 7): Zalo shows no buttons, so a reviewer there
// gets a link to this page instead. The link only names who and which version; everything it
// shows and allows is decided again on each request by the core (canSee, canDecide, first
// decision wins), so a forwarded link decides nothing its holder could not. The page also reads
// the version in the browser ("Xem nhanh", /r/:token/preview, the Telegram message's link too)
// and shows what changed since a returned version, next to its return reason.
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { z } from 'zod';
import { isAppError } from '../core/app-error.js';
import { httpStatusOf } from './http-status.js';
import { formatVnDate } from '../core/calendar.js';
import type { Actor } from '../core/org.js';
import { MIN_RETURN_REASON_LENGTH } from '../core/plan-state.js';
import { displayFileName } from '../core/text.js';
import { PLAN_KIND_LABELS, type PlanKind } from '../core/vocabulary.js';
import { audit } from '../db/audit.js';
import { loadActor } from '../read-models/org-loader.js';
import type { Db } from '../db/prisma.js';
import { loadPlanRecord, NOT_VISIBLE_MESSAGE, type PlanRecord } from '../read-models/records-plan.js';
import type { Logger } from '../infra/logger.js';
import type { FileStore } from '../storage/file-store.js';
import { assertCanDecide, decidePlan } from '../use-cases/decide-plan.js';
import { reviewButtons } from '../use-cases/plan-messages.js';
import type { ReviewGrant, ReviewLinks } from '../use-cases/review-links.js';
import { expectFormBody } from './request-body.js';
import { html, page, type SafeHtml } from './html.js';
import { checkReportView } from './records/check-report-view.js';
import { openStored, sendStoredFile } from './records/file-download.js';
import { auditPreview, changesSinceEarlier, previewPageBody, sendInlinePdf } from './records/plan-preview.js';
import { PREVIEW_STYLESHEET, setPreviewHeaders } from './records/preview-view.js';
import type { PlanFileReader } from '../use-cases/plan-file-reader.js';
import { toldSentence } from '../use-cases/notify-time.js';
import { formatSize, formatVnDateTime, stateBadge } from './records/record-format.js';

export interface ReviewPageDeps {
  db: Db;
  fileStore: FileStore;
  logger: Logger;
  links: ReviewLinks;
  /** Renders the version for "Xem nhanh" and compares it with the version before. */
  documents: PlanFileReader;
  /** Called after a decision is recorded, so its messages go out at once. */
  afterDecision(): void;
  now(): Date;
}

/** Longest return reason accepted: a few paragraphs; the chat messages quote it whole. */
export const MAX_REASON_LENGTH = 1000;

type Version = PlanRecord['submissions'][number];

/** What a valid link opens: the person it was signed for, the plan as they may see it, and its version. */
interface Review {
  token: string;
  grant: ReviewGrant;
  actor: Actor;
  reviewerName: string;
  plan: PlanRecord;
  version: Version;
}

/** What the page says under the plan: an error from the last post, and the reason typed so far. */
interface Shown {
  error?: string;
  reason?: string;
}

const decisionForm = z.object({
  action: z.enum(['approve', 'return']),
  reason: z.string().max(MAX_REASON_LENGTH).default(''),
});

export function reviewPageRouter(deps: ReviewPageDeps): Router {
  const router = express.Router();
  router.use('/r', privatePage);
  router.get('/r/:token', async (req, res) => {
    const review = await openReview(deps, req, res);
    if (review) res.send(page('Duyệt hồ sơ', await reviewView(deps, review, {})));
  });
  // "Xem nhanh" (the Telegram message's link too): the version read in the browser.
  router.get('/r/:token/preview', async (req, res) => {
    const review = await openReview(deps, req, res);
    if (review) await sendPreview(deps, review, req, res);
  });
  router.get('/r/:token/preview/pdf', async (req, res) => {
    const review = await openReview(deps, req, res);
    if (!review) return;
    const { plan, version, grant } = review;
    const sent = await sendInlinePdf({ ...deps, reader: deps.documents }, req, res, plan, version, `staff:${grant.staffId}`, 'review-link');
    if (!sent) missingFile(deps, review, res);
  });
  router.get('/r/:token/file', async (req, res) => {
    const review = await openReview(deps, req, res);
    if (review) await sendVersionFile(deps, review, req, res);
  });
  router.post('/r/:token', expectFormBody(), express.urlencoded({ extended: false, limit: '16kb' }), async (req, res) => {
    const review = await openReview(deps, req, res);
    if (review) await decide(deps, review, req, res);
  });
  return router;
}

/**
 * The token is in the address: keep it out of caches, other sites' Referer headers and search
 * engines. Not `no-referrer`: under it browsers send `Origin: null` with the page's own
 * Duyệt / Trả lại forms, and checkOrigin rightly refuses those.
 */
const privatePage: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'same-origin');
  // page() has no slot for <meta name="robots">; the header says the same to crawlers.
  res.setHeader('X-Robots-Tag', 'noindex, nofollow');
  next();
};

/** Opens the link and loads what it shows, or answers with why not and returns null. */
async function openReview(deps: ReviewPageDeps, req: Request, res: Response): Promise<Review | null> {
  const token = String(req.params.token);
  let grant: ReviewGrant;
  try {
    grant = deps.links.open(token, deps.now());
  } catch (error) {
    if (!isAppError(error)) throw error;
    // Forged and expired links say only what the signer says: nothing about the plan.
    refuse(res, error.code === 'NOT_FOUND' ? 404 : 410, error.userMessage);
    return null;
  }
  const [actor, reviewer] = await Promise.all([
    loadActor(deps.db, grant.staffId),
    deps.db.staff.findUnique({ where: { id: grant.staffId }, select: { fullName: true } }),
  ]);
  if (!actor || !reviewer) {
    refuse(res, 403, 'Tài khoản của thầy/cô không còn hoạt động trong hệ thống nên không mở được hồ sơ này.');
    return null;
  }
  const submission = await deps.db.submission.findUnique({ where: { id: grant.submissionId }, select: { planId: true } });
  // A plan out of the reviewer's sight and one that does not exist answer alike (R10).
  const plan = submission ? await loadPlanRecord(deps.db, actor, submission.planId).catch(notVisible) : null;
  const version = plan?.submissions.find((s) => s.id === grant.submissionId);
  if (!plan || !version) {
    refuse(res, 404, NOT_VISIBLE_MESSAGE);
    return null;
  }
  return { token, grant, actor, reviewerName: reviewer.fullName, plan, version };
}

function notVisible(error: unknown): null {
  if (isAppError(error) && error.code === 'NOT_FOUND') return null;
  throw error;
}

function refuse(res: Response, status: number, text: string): void {
  res.status(status).send(page('Liên kết không dùng được', html`<div class="card"><p class="error">${text}</p></div>`));
}

/** POST: records the decision through the same use case as the chat buttons. */
async function decide(deps: ReviewPageDeps, review: Review, req: Request, res: Response): Promise<void> {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const typed = typeof body.reason === 'string' ? body.reason.slice(0, MAX_REASON_LENGTH) : '';
  const form = decisionForm.safeParse(body);
  if (!form.success) {
    return void res.status(400).send(page('Duyệt hồ sơ', await reviewView(deps, review, { error: formProblem(form.error), reason: typed })));
  }
  const action = form.data.action === 'approve' ? 'APPROVE' : 'RETURN';
  let heldUntil: Date | null;
  try {
    ({ heldUntil } = await decidePlan(deps.db, {
      deciderId: review.grant.staffId, submissionId: review.grant.submissionId, action,
      reason: action === 'RETURN' ? form.data.reason : undefined, now: deps.now(),
    }));
  } catch (error) {
    if (!isAppError(error)) throw error;
    // Show the plan as it is now (another reviewer may just have decided), with the refusal on top.
    const plan = await loadPlanRecord(deps.db, review.actor, review.plan.id);
    const fresh = { ...review, plan, version: plan.submissions.find((s) => s.id === review.version.id) ?? review.version };
    const status = httpStatusOf(error.code);
    return void res.status(status).send(page('Duyệt hồ sơ', await reviewView(deps, fresh, { error: error.userMessage, reason: typed })));
  }
  deps.afterDecision();
  deps.logger.info({ submissionId: review.grant.submissionId, staffId: review.grant.staffId, action }, 'decided through review link');
  res.send(page('Đã ghi nhận', decidedView(review, action, heldUntil, deps.now())));
}

function formProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue?.path[0] === 'action') return 'Thao tác không hợp lệ. Vui lòng chọn “Duyệt” hoặc “Trả lại”.';
  if (issue?.code === 'too_big') return `Lý do trả lại dài quá ${MAX_REASON_LENGTH} ký tự.`;
  return 'Dữ liệu gửi lên không đúng định dạng. Vui lòng tải lại trang và thử lại.';
}

function decidedView(review: Review, action: 'APPROVE' | 'RETURN', heldUntil: Date | null, now: Date): SafeHtml {
  const { refCode, kind } = review.plan;
  const text =
    action === 'RETURN'
      ? `↩️ Đã trả lại hồ sơ ${refCode}. ${toldSentence('Giáo viên', heldUntil, now, 'được báo lý do')}`
      : kind === 'SCHOOL_PLAN'
        ? `✅ Đã ghi nhận Hội đồng trường thông qua hồ sơ ${refCode}. Kế hoạch được gửi tới đơn vị quản lý. ${toldSentence('Người nộp và đơn vị quản lý', heldUntil, now)}`
        : `✅ Đã duyệt hồ sơ ${refCode}. ${toldSentence('Giáo viên', heldUntil, now)}`;
  return html`<div class="card"><p class="ok">${text}</p><p><a href="/r/${review.token}">Xem lại hồ sơ</a></p></div>`;
}

/** The page: the plan's facts, the checker's findings, then the forms or why there are none. */
/** On a phone the decision comes right after the facts and the file; the long checklist follows. */
async function reviewView(deps: ReviewPageDeps, review: Review, shown: Shown): Promise<SafeHtml> {
  const { plan, version } = review;
  const [closed, changes] = await Promise.all([
    whyNoDecision(deps.db, review),
    changesSinceEarlier(deps.documents, plan, version, `/r/${review.token}/preview`),
  ]);
  return html`${changes ? PREVIEW_STYLESHEET : ''}<h1>Duyệt hồ sơ ${plan.refCode}</h1>
<p class="hint">Liên kết dành cho <strong>${review.reviewerName}</strong>, dùng được đến ${formatVnDateTime(review.grant.expiresAt)}.</p>
${shown.error ? html`<div class="card"><p class="error">${shown.error}</p></div>` : ''}
<section class="card">${facts(review)}
<p><a class="button" href="/r/${review.token}/preview">Xem nhanh nội dung (không cần tải về)</a></p></section>
${changes ?? ''}
<h2>Quyết định</h2>
${closed.length > 0 ? html`<section class="card">${closed.map((line) => html`<p class="notice">${line}</p>`)}</section>` : forms(review, shown.reason ?? '')}
<h2>Kiểm tra tự động (lần nộp thứ ${version.version})</h2>
<section class="card">${checkReportView(version.checkReport, plan.kind === 'LESSON_PLAN')}</section>`;
}

function fact(label: string, value: SafeHtml | string | number | null | undefined): SafeHtml {
  return value === null || value === undefined || value === '' ? html`` : html`<dt>${label}</dt><dd>${value}</dd>`;
}

function facts({ plan, version, token }: Review): SafeHtml {
  const file = html`<a href="/r/${token}/file" download>${displayFileName(version.originalName)}</a> <span class="hint">(${formatSize(version.fileSize)})</span>`;
  return html`<dl class="facts">
${fact('Loại hồ sơ', PLAN_KIND_LABELS[plan.kind as PlanKind] ?? plan.kind)}
${fact('Mã hồ sơ', plan.refCode)}
${fact('Trường', plan.school.name)}
${fact('Tổ chuyên môn', plan.group?.name)}
${fact('Nhóm chuyên môn', plan.subgroup?.name)}
${fact('Người nộp', plan.owner.fullName)}
${fact('Môn học', plan.subject)}
${fact('Lớp', plan.grade)}
${fact('Tên bài, chủ đề', plan.title)}
${fact('Ngày dạy', plan.teachingDate ? formatVnDate(plan.teachingDate) : null)}
${fact('Năm học', plan.schoolYear.name)}
${fact('Lần nộp', `Lần nộp thứ ${version.version}`)}
${fact('Ngày nộp', formatVnDateTime(version.submittedAt))}
${fact('Trạng thái hồ sơ', version.version < plan.currentVersion ? html`${stateBadge(plan.state)} (lần nộp ${plan.currentVersion})` : stateBadge(plan.state))}
${fact('Tệp', file)}
</dl>`;
}

/** Why this version cannot be decided through this link now; empty when it can. */
async function whyNoDecision(db: Db, { plan, version, grant }: Review): Promise<Array<string | SafeHtml>> {
  const lines: Array<string | SafeHtml> = [];
  if (version.decision) lines.push(decisionLine(plan, version.decision));
  if (version.version < plan.currentVersion) {
    lines.push(`Hồ sơ đã có lần nộp mới (lần ${plan.currentVersion}); vui lòng mở liên kết trong tin nhắn mới nhất.`);
  }
  if (lines.length > 0) return lines;
  try {
    await assertCanDecide(db, grant.staffId, grant.submissionId);
    return [];
  } catch (error) {
    if (!isAppError(error)) throw error;
    return [error.code === 'FORBIDDEN' ? 'Thầy/cô xem được hồ sơ này nhưng không có quyền duyệt.' : error.userMessage];
  }
}

function decisionLine(plan: PlanRecord, d: NonNullable<Version['decision']>): SafeHtml {
  const who = plan.nameOf.get(d.deciderId) ?? 'người khác';
  const at = formatVnDateTime(d.decidedAt);
  if (d.action === 'RETURN') return html`↩️ Lần nộp này đã được ${who} trả lại lúc ${at}.<br>Lý do: ${d.reason ?? ''}`;
  if (d.basis === 'SCHOOL_COUNCIL') return html`✅ Hội đồng trường đã thông qua lần nộp này (ghi nhận bởi ${who} lúc ${at}).`;
  return html`✅ Lần nộp này đã được ${who} duyệt lúc ${at}.`;
}

/** The two decisions, worded like the chat's buttons; the reason is required for a return. */
function forms({ plan, version, token }: Review, reason: string): SafeHtml {
  const [approve, giveBack] = reviewButtons(version.id, plan.kind)[0]!;
  return html`<section class="card"><form method="post" action="/r/${token}">
<input type="hidden" name="action" value="approve">
<button type="submit" style="margin-top:0">${approve!.text}</button>
</form></section>
<section class="card"><form method="post" action="/r/${token}">
<input type="hidden" name="action" value="return">
<label for="reason" style="margin-top:0">Lý do trả lại</label>
<textarea id="reason" name="reason" rows="4" required minlength="${MIN_RETURN_REASON_LENGTH}" maxlength="${MAX_REASON_LENGTH}" placeholder="Ví dụ: Thiếu hoạt động Vận dụng">${reason}</textarea>
<p class="hint">Giáo viên sẽ nhận được lý do này và nộp lại bản sửa.</p>
<button type="submit" class="danger">${giveBack!.text}</button>
</form></section>`;
}

/** GET /r/:token/preview: the version's document, and what changed since the version before. */
async function sendPreview(deps: ReviewPageDeps, review: Review, req: Request, res: Response): Promise<void> {
  const { plan, version, token, grant } = review;
  const body = await previewPageBody(deps.documents, plan, version, {
    download: `/r/${token}/file`, pdf: `/r/${token}/preview/pdf`, back: { href: `/r/${token}`, label: 'Duyệt hoặc trả lại hồ sơ' },
  });
  if (!body) return missingFile(deps, review, res);
  // A HEAD asks about the page without reading it: not audited (as downloads).
  if (req.method !== 'HEAD') await auditPreview(deps.db, `staff:${grant.staffId}`, plan, version, 'review-link');
  setPreviewHeaders(res);
  res.send(page(`Xem nhanh hồ sơ ${plan.refCode}`, html`${body}
<p class="no-print"><a class="button" href="/r/${token}">Duyệt hoặc trả lại hồ sơ này</a></p>`));
}

function missingFile(deps: ReviewPageDeps, { plan, version, grant }: Review, res: Response): void {
  deps.logger.error({ planId: plan.id, version: version.version, submissionId: version.id, sha256: version.fileSha256, staffId: grant.staffId }, 'stored file missing');
  const text = `Tệp của lần nộp ${version.version} (hồ sơ ${plan.refCode}) không còn trong kho lưu trữ nên không xem được. Vui lòng báo tổ hỗ trợ (Hotline) kèm mã hồ sơ ${plan.refCode}. Lỗi đã được ghi lại.`;
  res.status(410).send(page('Không xem được tệp', html`<div class="card"><p class="error">${text}</p></div>`));
}

/** GET/HEAD /r/:token/file: the version's file, as an attachment, audited like the admin download. */
async function sendVersionFile(deps: ReviewPageDeps, { plan, version, grant }: Review, req: Request, res: Response): Promise<void> {
  const stream = await openStored(deps.fileStore, version.fileSha256);
  if (!stream) {
    deps.logger.error({ planId: plan.id, version: version.version, submissionId: version.id, sha256: version.fileSha256, staffId: grant.staffId }, 'stored file missing');
    const text = `Tệp của lần nộp ${version.version} (hồ sơ ${plan.refCode}) không còn trong kho lưu trữ nên không tải về được. Vui lòng báo tổ hỗ trợ (Hotline) kèm mã hồ sơ ${plan.refCode}. Lỗi đã được ghi lại.`;
    return void res.status(410).send(page('Không tải được tệp', html`<div class="card"><p class="error">${text}</p></div>`));
  }
  await sendStoredFile(deps.logger, req, res, stream, version, () =>
    audit(deps.db, {
      actor: `staff:${grant.staffId}`, action: 'plan.download', entityType: 'Submission', entityId: version.id,
      details: { planId: plan.id, refCode: plan.refCode, version: version.version, sha256: version.fileSha256, via: 'review-link' },
    }),
  );
}
