// The job queues and the outbox for the hotline team: is anything stuck, failing or piling up?
// The queues live in Redis; the outbox and intakes in the database, which holds the truth, so
// the page still shows them when Redis cannot be reached.
import express, { type Router } from 'express';
import { AppError } from '../../core/app-error.js';
import { formatVnDate, vnDateOf, vnTimeOf } from '../../core/calendar.js';
import { INTAKE_STATUSES, type IntakeStatus as IntakeStatusName } from '../../core/intake-state.js';
import { CONTESTED_WINDOW_DAYS, contestedLessonPlans, intakeStatus, INTAKE_STUCK_AFTER_MS, outboxStatus, type ContestedPlan, type IntakeStatus, type OutboxStatus } from '../../read-models/operations-status.js';
import { parseCheckReport } from '../records/check-report-view.js';
import { howTo } from '../../use-cases/channel-words.js';
import { retryOutboxMessage } from '../../use-cases/retry-outbox-message.js';
import type { AdminDeps } from '../admin-deps.js';
import { viewerOf, type Viewer } from '../auth/guard.js';
import { html, type SafeHtml } from '../html.js';
import { csrfField, sendAdminPage, setFlash } from '../layout.js';
import { requireOperator } from './operator-guard.js';
import { parseId } from '../../core/ids.js';

const QUEUES: Record<string, { label: string; purpose: string }> = {
  intake: { label: 'Kiểm tra tệp nộp', purpose: 'Tải về, lưu và đọc tệp giáo viên gửi qua chat (số bài, cấu trúc, trùng lặp).' },
  schedule: { label: 'Lịch nhắc việc', purpose: 'Mỗi phút một lượt: nhắc hạn nộp, danh sách chờ duyệt, nhắc người duyệt, đánh dấu kế hoạch bài dạy trễ.' },
  'delivery-telegram': { label: 'Gửi tin Telegram', purpose: 'Tin nhắn gửi đi qua Telegram, giữ dưới giới hạn tốc độ của Telegram.' },
  'delivery-zalo': { label: 'Gửi tin Zalo', purpose: 'Tin nhắn gửi đi qua Zalo, giữ dưới giới hạn tốc độ của Zalo.' },
};

const COUNT_COLUMNS: ReadonlyArray<{ key: string; label: string }> = [
  { key: 'waiting', label: 'Đang chờ' },
  { key: 'active', label: 'Đang xử lý' },
  { key: 'delayed', label: 'Hẹn giờ / chờ thử lại' },
  { key: 'failed', label: 'Lỗi (đã thử hết)' },
  { key: 'completed', label: 'Đã xong (còn lưu)' },
];

const OUTBOX_STATUS: Record<string, string> = {
  PENDING: 'Chờ gửi', SENT: 'Đã gửi', FAILED: 'Lỗi', UNREACHABLE: 'Không liên lạc được',
};

const INTAKE_STATUS: Record<IntakeStatusName, string> = {
  RECEIVED: 'Đã nhận, chờ kiểm tra', CHECKED: 'Đã kiểm tra, đang xử lý tiếp', WAITING: 'Chờ người nộp trả lời', DONE: 'Đã ghi nhận',
  REFUSED: 'Từ chối', FAILED: 'Lỗi, đã báo người nộp gửi lại', CANCELLED: 'Người nộp đã huỷ',
};

/** Redis that does not answer makes BullMQ wait for it forever; the page waits this long. */
const QUEUE_COUNTS_TIMEOUT_MS = 3000;

export function queuesRouter(deps: AdminDeps): Router {
  const router = express.Router();
  router.use('/queues', requireOperator);

  router.get('/queues', async (req, res) => {
    const now = deps.now();
    const viewer = viewerOf(res);
    const [queues, outbox, intakes, contested] = await Promise.all([
      queueCounts(deps), outboxStatus(deps.db, now), intakeStatus(deps.db, now), contestedLessonPlans(deps.db, viewer.actor, now, CONTESTED_LIST_SIZE),
    ]);
    const body = html`<h1>Hàng đợi và tin nhắn</h1>
${queueSection(queues)}
${outboxSection(outbox, now, viewer)}
${intakeSection(intakes)}
${contestedList(contested)}`;
    sendAdminPage(req, res, 'queues', 'Hàng đợi', body);
  });

  router.post('/queues/outbox/:id/retry', async (req, res) => {
    const id = parseId(req.params.id);
    if (id === null) throw new AppError('NOT_FOUND', 'Không tìm thấy tin nhắn này.');
    await retryOutboxMessage(deps.db, { outboxId: id, actor: `web:${viewerOf(res).username}`, now: deps.now() });
    setFlash(res, 'ok', `Đã đưa tin nhắn #${id} trở lại hàng chờ gửi; hệ thống sẽ gửi trong khoảng một phút (ngoài giờ yên lặng).`);
    res.redirect(303, '/queues');
  });

  return router;
}

type QueueCounts = { ok: true; counts: Record<string, Record<string, number>> } | { ok: false; error: string };

async function queueCounts(deps: AdminDeps): Promise<QueueCounts> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${QUEUE_COUNTS_TIMEOUT_MS / 1000} s`)), QUEUE_COUNTS_TIMEOUT_MS);
  });
  try {
    return { ok: true, counts: await Promise.race([deps.queueCounts(), timeout]) };
  } catch (error) {
    deps.logger.warn({ err: (error as Error).message }, 'operations page: queue counts unavailable');
    return { ok: false, error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

function queueSection(queues: QueueCounts): SafeHtml {
  if (!queues.ok) {
    return html`<h2>Hàng đợi công việc</h2>
<p class="error" role="alert">Không đọc được hàng đợi: máy chủ Redis không trả lời (${queues.error}). Trong lúc này tệp nộp chưa được kiểm tra
và tin nhắn chưa được gửi; không có gì bị mất — hồ sơ và tin nhắn đã lưu trong cơ sở dữ liệu sẽ được xử lý khi Redis hoạt động lại.
Kiểm tra dịch vụ Redis (xem /health).</p>`;
  }
  const names = [...Object.keys(QUEUES), ...Object.keys(queues.counts).filter((n) => !(n in QUEUES))].filter((n) => n in queues.counts);
  const rows = names.map((name) => {
    const counts = queues.counts[name] ?? {};
    return html`<tr>
<td data-label="Hàng đợi"><b>${QUEUES[name]?.label ?? name}</b><br><span class="hint">${QUEUES[name]?.purpose ?? ''} <code>${name}</code></span></td>
${COUNT_COLUMNS.map((c) => html`<td class="num" data-label="${c.label}">${(counts[c.key] ?? 0) > 0 && c.key === 'failed' ? html`<span class="badge bad">${counts[c.key]}</span>` : String(counts[c.key] ?? 0)}</td>`)}
</tr>`;
  });
  return html`<h2>Hàng đợi công việc</h2>
<div class="table-wrap"><table class="stack">
<thead><tr><th>Hàng đợi</th>${COUNT_COLUMNS.map((c) => html`<th class="num">${c.label}</th>`)}</tr></thead>
<tbody>${rows}</tbody></table></div>
<p class="hint">"Hẹn giờ / chờ thử lại": việc chờ đến lượt (giờ yên lặng, giới hạn tốc độ, thử lại sau lỗi tạm thời). "Đã xong" chỉ đếm các việc
còn lưu lại trong Redis; tin đã gửi được xoá khỏi hàng đợi ngay, xem số tin đã gửi ở phần dưới.</p>`;
}

function outboxSection(outbox: OutboxStatus, now: Date, viewer: Viewer): SafeHtml {
  const stats = ['PENDING', 'SENT', 'FAILED', 'UNREACHABLE'].map((s) => html`<div class="stat"><b>${outbox.counts[s] ?? 0}</b>${OUTBOX_STATUS[s]}</div>`);
  const overdue = outbox.longestDue && now.getTime() - outbox.longestDue.notBefore.getTime() > 10 * 60_000;
  const facts = html`<p>Chờ gửi: <b>${outbox.dueNow}</b> tin đã đến giờ, <b>${outbox.heldUntilLater}</b> tin hẹn giờ sau
<span class="hint">(giờ yên lặng hoặc chờ thử lại)</span>.</p>
<p>Tin chờ gửi cũ nhất: ${outbox.oldestPending ? html`#${outbox.oldestPending.id}, tạo lúc ${when(outbox.oldestPending.createdAt)} (${age(now, outbox.oldestPending.createdAt)} trước).` : 'không có.'}</p>
<p>Tin đã đến giờ mà chưa gửi được lâu nhất: ${outbox.longestDue ? html`${age(now, outbox.longestDue.notBefore)}${overdue ? html` <span class="badge bad">cần kiểm tra hàng đợi gửi tin</span>` : ''}` : 'không có.'}</p>`;
  const rows = outbox.failures.map((f) => html`<tr>
<td class="num" data-label="Tin số">${f.id}</td>
<td data-label="Tạo lúc">${when(f.createdAt)}</td>
<td data-label="Người nhận">${f.recipient ? html`${f.recipient.fullName}<br><span class="hint">${f.recipient.code}</span>` : html`<span class="hint">—</span>`}</td>
<td data-label="Kênh">${channelName(f.channel)} <span class="hint">chat ${f.chatId}</span></td>
<td data-label="Trạng thái"><span class="badge bad">${OUTBOX_STATUS[f.status] ?? f.status}</span></td>
<td class="num" data-label="Số lần thử">${f.attempts}</td>
<td data-label="Lỗi">${f.lastError ?? ''}</td>
<td>${f.status === 'FAILED'
    ? html`<form method="post" action="/queues/outbox/${f.id}/retry">${csrfField(viewer)}<button type="submit" class="secondary">Gửi lại</button></form>`
    : html`<span class="hint">Người nhận ${howTo.unreachableWhy(f.channel === 'ZALO' ? 'ZALO' : 'TELEGRAM')}</span>`}</td>
</tr>`);
  return html`<h2>Tin nhắn gửi đi</h2>
<div class="stats">${stats}</div>
<div class="card">${facts}</div>
<h3>Tin lỗi gần nhất (tối đa 20)</h3>
${rows.length === 0 ? html`<p class="card">Không có tin nào bị lỗi.</p>` : html`<div class="table-wrap"><table class="stack">
<thead><tr><th class="num">#</th><th>Tạo lúc</th><th>Người nhận</th><th>Kênh</th><th>Trạng thái</th><th class="num">Số lần thử</th><th>Lỗi</th><th><span class="sr-only">Thao tác</span></th></tr></thead>
<tbody>${rows}</tbody></table></div>
<p class="hint">"Gửi lại" đưa một tin lỗi về hàng chờ với số lần thử mới (được ghi vào nhật ký). Tin "không liên lạc được" không gửi lại:
người nhận cần mở lại trợ lý; giáo viên quản trị phần mềm của trường đã được báo.</p>`}`;
}

function intakeSection(intakes: IntakeStatus): SafeHtml {
  const stats = INTAKE_STATUSES.map((s) => html`<div class="stat"><b>${intakes.counts[s] ?? 0}</b>${INTAKE_STATUS[s]}</div>`);
  const table = (rows: IntakeStatus['stuck'], showOutcome: boolean) => html`<div class="table-wrap"><table class="stack">
<thead><tr><th class="num">#</th><th>Nhận lúc</th><th>Người gửi</th><th>Tệp</th>${showOutcome ? html`<th>Lý do</th>` : ''}</tr></thead>
<tbody>${rows.map((i) => html`<tr><td class="num" data-label="Tệp số">${i.id}</td><td data-label="Nhận lúc">${when(i.createdAt)}</td>
<td data-label="Người gửi">${i.sender ? html`${i.sender.fullName}<br><span class="hint">${i.sender.code}</span>` : ''}</td>
<td data-label="Tệp">${i.originalName}<br><span class="hint">${channelName(i.channel)}</span></td>
${showOutcome ? html`<td data-label="Lý do">${i.outcome ?? ''}</td>` : ''}</tr>`)}</tbody></table></div>`;
  return html`<h2>Tệp nộp đang xử lý</h2>
<div class="stats">${stats}</div>
<h3>Đang xử lý quá ${INTAKE_STUCK_AFTER_MS / 60_000} phút</h3>
${intakes.stuck.length === 0 ? html`<p class="card">Không có tệp nào bị kẹt.</p>` : html`${table(intakes.stuck, false)}
<p class="hint">Tệp chờ kiểm tra được đưa lại vào hàng đợi tự động; nếu vẫn kẹt, kiểm tra hàng đợi "Kiểm tra tệp nộp" ở trên.</p>`}
<h3>Tệp lỗi gần nhất (tối đa 20)</h3>
<p class="hint">Trợ lý đã thử nhiều lần rồi dừng và đã báo người nộp gửi lại tệp.</p>
${intakes.failed.length === 0 ? html`<p class="card">Không có tệp nào bị lỗi.</p>` : table(intakes.failed, true)}
<h3>Kết luận “nhiều bài dạy” bị phản đối</h3>
<p class="card" id="contested-lessons"><b>${intakes.contestedLessons}</b> kế hoạch bài dạy trong ${CONTESTED_WINDOW_DAYS} ngày qua được nộp sau khi giáo viên chọn “Tệp này chỉ có một bài dạy”. Người duyệt thấy kết luận của trợ lý và ý kiến của giáo viên trên trang hồ sơ; số này cao cho thấy trợ lý có thể đang đếm sai.</p>`;
}

const CONTESTED_LIST_SIZE = 20;

/** The contested plans themselves, newest first: what the hotline opens to see whether the checker or the teacher was right. */
function contestedList(plans: ContestedPlan[]): SafeHtml {
  const counted = (json: string | null) => {
    const lessons = parseCheckReport(json)?.lessons;
    if (lessons?.verdict !== 'SEVERAL') return html`<span class="hint">—</span>`;
    return html`${lessons.count} bài${lessons.titles.length > 0 ? html`<br><span class="hint">${lessons.titles.join('; ')}</span>` : ''}`;
  };
  const rows = plans.map((p) => html`<tr>
<td data-label="Hồ sơ"><a href="/plans/${p.planId}">${p.refCode}</a>${p.title ? html`<br><span class="hint">${p.title}</span>` : ''}</td>
<td data-label="Nộp lúc">${when(p.submittedAt)}<br><span class="hint">lần nộp ${p.version}</span></td>
<td data-label="Trường">${p.school}</td>
<td data-label="Giáo viên">${p.teacher.fullName}<br><span class="hint">${p.teacher.code}</span></td>
<td data-label="Tệp">${p.fileName}</td>
<td data-label="Trợ lý đếm được">${counted(p.checkReport)}</td>
</tr>`);
  return html`<h3 id="contested-list">Hồ sơ bị phản đối kết luận “nhiều bài dạy” gần nhất (tối đa ${CONTESTED_LIST_SIZE})</h3>
${plans.length === 0
    ? html`<p class="card">Trong ${CONTESTED_WINDOW_DAYS} ngày qua chưa giáo viên nào phản đối kết luận “nhiều bài dạy” của trợ lý.</p>`
    : html`<div class="table-wrap"><table class="stack">
<thead><tr><th>Hồ sơ</th><th>Nộp lúc</th><th>Trường</th><th>Giáo viên</th><th>Tệp</th><th>Trợ lý đếm được</th></tr></thead>
<tbody>${rows}</tbody></table></div>
<p class="hint">Mở hồ sơ để xem tệp: nếu tệp thật sự chỉ có một bài, trợ lý đã đếm sai; hãy báo nhóm phát triển kèm mã hồ sơ.</p>`}`;
}

function channelName(channel: string): string {
  return channel === 'ZALO' ? 'Zalo' : channel === 'TELEGRAM' ? 'Telegram' : channel;
}

function when(at: Date): string {
  return `${vnTimeOf(at)} ${formatVnDate(vnDateOf(at))}`;
}

/** "3 phút", "2 giờ 5 phút", "4 ngày 1 giờ". */
function age(now: Date, since: Date): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - since.getTime()) / 60_000));
  if (minutes < 1) return 'dưới 1 phút';
  if (minutes < 60) return `${minutes} phút`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 > 0 ? `${hours} giờ ${minutes % 60} phút` : `${hours} giờ`;
  const days = Math.floor(hours / 24);
  return hours % 24 > 0 ? `${days} ngày ${hours % 24} giờ` : `${days} ngày`;
}
