// Two copies of each role (PROCESS_ROLES=bot, worker, web) as child processes sharing one
// database, one Redis and one file store, Telegram in webhook mode, the test acting as the load
// balancer: whatever reaches both copies at once is done once, and a worker killed mid-way
// loses nothing. Slow (a killed worker's jobs wait out BullMQ's 30 s locks): run by
// `npm run test:faults`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookSecret } from '../../src/bot/telegram/telegram-bot.js';
import { vnDateOf, vnTimeOf } from '../../src/core/calendar.js';
import { ensureCurrentSchoolYear } from '../../src/db/org-setup.js';
import { startLocalRedis, type LocalRedis } from '../../src/infra/local-redis.js';
import { linkByPhone } from '../../src/use-cases/link-chat.js';
import { ReviewLinks } from '../../src/use-cases/review-links.js';
import { TelegramUser } from '../support/chat-harness.js';
import { lessonPlan, toDocx } from '../support/plan-corpus.js';
import { ProductProcess, waitUntil } from '../support/product-process.js';
import { TelegramApiServer, type RecordedCall } from '../support/telegram-api-server.js';
import { giveWebAccount, WebClient } from '../support/web-client.js';

const PUBLIC_URL = 'https://hscm.example.vn';
const LINK_SECRET = 'process-roles-test-link-secret-0123456789';
const TEACHER = { code: 'THCS-TP-004', telegramId: 601 }; // Phạm Minh Tuấn, Toán
const REVIEWER = { code: 'THCS-TP-003', telegramId: 603 }; // Lê Thị Mai Anh, tổ trưởng Toán – Tin
/** Everyone else with a phone is linked too, so the reminder round is a real fan-out. */
const FIRST_OTHER_ID = 700_000;
/** Allows for BullMQ handing a dead worker's jobs on once their 30 s locks lapse. */
const SLOW_MS = 100_000;

let redisDir: string;
let redis: LocalRedis;
let telegram: TelegramApiServer;
const procs: Record<'bot1' | 'bot2' | 'worker1' | 'worker2' | 'web1' | 'web2', ProductProcess> = {} as never;
let teacher: TelegramUser;
let reviewer: TelegramUser;

function copy(role: 'bot' | 'worker' | 'web', shareWith?: ProductProcess): ProductProcess {
  return new ProductProcess({
    telegram, redisUrl: redis.url, shareWith, waitForPoll: false,
    // Workers send 5 messages a second: the reminder round lasts long enough to kill one mid-way.
    env: { PROCESS_ROLES: role, PUBLIC_URL, LINK_SECRET, TELEGRAM_MESSAGES_PER_SECOND: '5', LOG_LEVEL: 'info' },
  });
}

beforeAll(async () => {
  redisDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hscm-roles-redis-'));
  redis = await startLocalRedis({ dataDir: redisDir, persistent: false });
  telegram = await new TelegramApiServer().start();
  procs.bot1 = copy('bot');
  await procs.bot1.prepare([TEACHER, REVIEWER]);
  const db = procs.bot1.openDb();
  try {
    const others = await db.staff.findMany({ where: { phone: { not: null }, code: { notIn: [TEACHER.code, REVIEWER.code] } }, orderBy: { id: 'asc' } });
    for (const [i, s] of others.entries()) {
      const id = String(FIRST_OTHER_ID + i);
      await linkByPhone(db, { channel: 'TELEGRAM', externalUserId: id, chatId: id }, s.phone!);
    }
    // No annual reminder round is due until the last test makes one due.
    const year = await ensureCurrentSchoolYear(db);
    await db.schoolYear.update({ where: { id: year.id }, data: { reminderOffsetsDays: '[]' } });
    await giveWebAccount(db, REVIEWER.code);
  } finally {
    await db.$disconnect();
  }
  procs.bot2 = copy('bot', procs.bot1);
  procs.web1 = copy('web', procs.bot1);
  procs.web2 = copy('web', procs.bot1);
  procs.worker1 = copy('worker', procs.bot1);
  procs.worker2 = copy('worker', procs.bot1);
  // Two at a time: six TypeScript start-ups at once on a small shared machine take too long.
  for (const pair of [[procs.bot1, procs.bot2], [procs.web1, procs.web2], [procs.worker1, procs.worker2]]) await Promise.all(pair.map((p) => p.start()));
  teacher = new TelegramUser(telegram, TEACHER.telegramId, 'Phạm Minh Tuấn');
  reviewer = new TelegramUser(telegram, REVIEWER.telegramId, 'Lê Thị Mai Anh');
}, 120_000);

afterAll(async () => {
  const list = Object.values(procs);
  await Promise.all(list.filter((p) => p !== procs.bot1).map((p) => p.dispose().catch(() => undefined)));
  await procs.bot1?.dispose().catch(() => undefined);
  await telegram?.stop();
  await redis?.stop({ evenIfInUse: true });
  if (redisDir) fs.rmSync(redisDir, { recursive: true, force: true });
});

const base = (p: ProductProcess) => `http://127.0.0.1:${p.port}`;

/** The balancer: the same update to both bot copies at once; a 503 (in hand elsewhere) is sent again, as Telegram does. */
async function deliverToBoth(update: unknown): Promise<number[]> {
  const post = (p: ProductProcess) =>
    fetch(`${base(p)}/telegram/webhook`, {
      method: 'POST', body: JSON.stringify(update),
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': webhookSecret(telegram.token) },
    }).then((r) => r.status);
  const first = await Promise.all([post(procs.bot1), post(procs.bot2)]);
  for (const [i, status] of first.entries()) {
    let answer = status;
    for (let tries = 0; answer === 503 && tries < 20; tries++) {
      await new Promise((r) => setTimeout(r, 1000));
      answer = await post(i === 0 ? procs.bot2 : procs.bot1);
    }
    expect(answer).toBe(200);
  }
  return first;
}

function nextWeek(): string {
  const d = new Date(Date.now() + 7 * 86_400_000);
  return `${d.getUTCDate()}/${d.getUTCMonth() + 1}/${d.getUTCFullYear()}`;
}

const textOf = (c: RecordedCall) => String(c.body.text ?? c.body.caption ?? '');

async function submit(title: string, lesson: number): Promise<{ submissionId: number; review: RecordedCall }> {
  const seenReviewer = reviewer.inbox().length;
  const file = await toDocx(lessonPlan({ title, subject: 'Toán', grade: 8 }));
  const update = teacher.sendFile(file, `KHBD_Toan8_Bai${lesson}.docx`, `KHBD Toán 8 - ${title} - ${nextWeek()}`);
  const statuses = await deliverToBoth(update);
  expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
  await telegram.waitFor(() => teacher.inbox().find((c) => /✅ Đã nhận hồ sơ/.test(textOf(c)) && textOf(c).includes(title)), SLOW_MS);
  const review = await telegram.waitFor(() => reviewer.inbox().slice(seenReviewer).find((c) => textOf(c).includes(title)), SLOW_MS);
  const db = procs.bot1.openDb();
  try {
    const plans = await db.plan.findMany({ where: { title }, include: { submissions: true } });
    expect(plans).toHaveLength(1);
    expect(plans[0]!.submissions).toHaveLength(1);
    return { submissionId: plans[0]!.submissions[0]!.id, review };
  } finally {
    await db.$disconnect();
  }
}

describe('two copies of each role', () => {
  it('every copy is ready, and every bot copy set the same webhook (harmless twice)', async () => {
    for (const p of Object.values(procs)) {
      const res = await fetch(`${base(p)}/ready`);
      expect(res.status, p.tail()).toBe(200);
      expect(await res.json()).toMatchObject({ ready: true, database: true, redis: true, storage: true, draining: false });
    }
    const sets = await telegram.waitFor((calls) => {
      const found = calls.filter((c) => c.method === 'setWebhook');
      return found.length >= 2 && found;
    }, 30_000);
    expect(new Set(sets.map((c) => c.body.url))).toEqual(new Set([`${PUBLIC_URL}/telegram/webhook`]));
    expect(telegram.pollCount).toBe(0);
    // The admin pages live on web copies only.
    expect((await fetch(`${base(procs.web1)}/login`)).status).toBe(200);
    expect((await fetch(`${base(procs.bot1)}/login`)).status).toBe(404);
    expect((await fetch(`${base(procs.worker1)}/login`)).status).toBe(404);
  });

  it('a submission delivered to both bot copies at once is checked by a worker and recorded and confirmed once', async () => {
    await submit('Bài 5: Phân thức', 5);
    await new Promise((r) => setTimeout(r, 2000));
    expect(teacher.inbox().filter((c) => /✅ Đã nhận hồ sơ/.test(textOf(c)) && textOf(c).includes('Bài 5: Phân thức'))).toHaveLength(1);
  });

  it("a reviewer's Approve pressed on both bot copies at once is one decision, and the teacher is told once", async () => {
    const { submissionId, review } = await submit('Bài 6: Phép cộng phân thức', 6);
    const approve = TelegramUser.buttonsOf(review)[0]!.callback_data;
    await deliverToBoth(reviewer.press(approve));
    await telegram.waitFor(() => teacher.inbox().find((c) => /✅ Đã duyệt bởi/.test(textOf(c)) && textOf(c).includes('Bài 6')), SLOW_MS);
    await new Promise((r) => setTimeout(r, 2000));
    expect(teacher.inbox().filter((c) => /✅ Đã duyệt bởi/.test(textOf(c)) && textOf(c).includes('Bài 6'))).toHaveLength(1);
    const db = procs.bot1.openDb();
    try {
      expect(await db.decision.count({ where: { submissionId } })).toBe(1);
    } finally {
      await db.$disconnect();
    }
  });

  it('a review-link decision posted to both web copies at once is one decision, and the teacher is told once', async () => {
    const { submissionId } = await submit('Bài 7: Phép nhân phân thức', 7);
    const db = procs.bot1.openDb();
    try {
      const reviewerId = (await db.staff.findUniqueOrThrow({ where: { code: REVIEWER.code } })).id;
      const url = new URL(new ReviewLinks(LINK_SECRET, PUBLIC_URL).url(submissionId, reviewerId));
      const post = (p: ProductProcess) => fetch(`${base(p)}${url.pathname}`, { method: 'POST', body: new URLSearchParams({ action: 'approve' }), redirect: 'manual' }).then((r) => r.status);
      const statuses = await Promise.all([post(procs.web1), post(procs.web2)]);
      // One records it; the other finds it decided (409) or answers after it (200/303).
      expect(statuses.filter((s) => s < 400)).not.toHaveLength(0);
      expect(statuses.every((s) => s < 400 || s === 409), `answers ${statuses.join(', ')}\n${procs.web1.tail()}\n${procs.web2.tail()}`).toBe(true);
      expect(await db.decision.count({ where: { submissionId } })).toBe(1);
    } finally {
      await db.$disconnect();
    }
    await telegram.waitFor(() => teacher.inbox().find((c) => /✅ Đã duyệt bởi/.test(textOf(c)) && textOf(c).includes('Bài 7')), SLOW_MS);
    await new Promise((r) => setTimeout(r, 2000));
    expect(teacher.inbox().filter((c) => /✅ Đã duyệt bởi/.test(textOf(c)) && textOf(c).includes('Bài 7'))).toHaveLength(1);
  });

  it('a web session opened on one web copy works on the other', async () => {
    const a = new WebClient(base(procs.web1));
    await a.signIn(REVIEWER.code.toLowerCase());
    expect(a.signedIn).toBe(true);
    const b = new WebClient(base(procs.web2));
    for (const [k, v] of a.cookies) b.cookies.set(k, v);
    const page = await b.get('/password');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Đổi mật khẩu');
    // Without the cookie the same page sends one to sign in: the session is what let B in.
    expect((await new WebClient(base(procs.web2)).get('/password')).status).toBe(303);
  });

  it('the reminder round runs once with two workers; one killed mid-way, every reminder still goes out once', async () => {
    const db = procs.bot1.openDb();
    try {
      // The annual round is due from now: the next minutely tick (one of the two workers) writes it.
      const at = new Date(Date.now() - 60_000);
      const year = await ensureCurrentSchoolYear(db);
      const deadline = vnDateOf(at);
      await db.schoolYear.update({ where: { id: year.id }, data: { annualDeadline: deadline, reminderOffsetsDays: '[0]', reminderTime: vnTimeOf(at), digestTime: '23:59' } });
      const roundKey = `annual:${year.id}:${deadline}:0`;
      // The round writes all its messages at once (one tick), then workers deliver them.
      await waitUntil(async () => (await db.scheduledRun.count({ where: { key: roundKey } })) > 0, SLOW_MS, () => procs.worker1.tail());
      const rows = await db.outboxMessage.findMany({ where: { idempotencyKey: { startsWith: roundKey } } });
      expect(rows.length).toBeGreaterThan(10);
      const keyOf = (chatId: unknown, text: unknown) => `${String(chatId)}\n${String(text)}`;
      const reminderOf = new Set(rows.map((r) => keyOf(r.chatId, (JSON.parse(r.payload) as { text: string }).text)));
      const reminderCalls = () => telegram.calls.filter((c) => c.method === 'sendMessage' && reminderOf.has(keyOf(c.body.chat_id, c.body.text)));
      // Kill one worker (SIGKILL: no goodbye) once some reminders have gone out and many have not.
      await waitUntil(() => reminderCalls().length >= 5, SLOW_MS, () => procs.worker1.tail());
      const killedAt = Date.now();
      procs.worker1.signal('SIGKILL');
      expect(reminderCalls().length).toBeLessThan(rows.length);
      await waitUntil(async () => (await db.outboxMessage.count({ where: { idempotencyKey: { startsWith: roundKey }, status: 'PENDING' } })) === 0, SLOW_MS * 2, () => procs.worker2.tail());
      await new Promise((r) => setTimeout(r, 3000));
      const sent = await db.outboxMessage.findMany({ where: { idempotencyKey: { startsWith: roundKey } } });
      expect(sent.map((r) => r.status)).toEqual(sent.map(() => 'SENT'));
      expect(await db.scheduledRun.count({ where: { key: roundKey } })).toBe(1);
      let twice = 0;
      for (const row of sent) {
        const copies = reminderCalls().filter((c) => keyOf(c.body.chat_id, c.body.text) === keyOf(row.chatId, (JSON.parse(row.payload) as { text: string }).text));
        expect(copies.length, `reminder to ${row.chatId}`).toBeGreaterThanOrEqual(1);
        expect(copies.length, `reminder to ${row.chatId}`).toBeLessThanOrEqual(2);
        // Only a message the kill caught in flight (accepted by Telegram, not yet marked sent) may go twice.
        if (copies.length > 1) {
          twice++;
          expect(Math.abs(copies[0]!.at - killedAt), `reminder to ${row.chatId} sent twice`).toBeLessThan(2000);
        }
      }
      expect(twice).toBeLessThanOrEqual(8); // at most the killed worker's delivery concurrency
    } finally {
      await db.$disconnect();
    }
  });
});
