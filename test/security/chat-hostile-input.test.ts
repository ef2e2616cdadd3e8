// Hostile input through the chats, each tried against the whole running product (real telegraf,
// real SQLite, real Redis, the local Telegram and Zalo servers), each refused cleanly — a
// Vietnamese answer, no crash — and leaving the records as they were.
//
// Covered elsewhere and not repeated here:
// - a decision on a superseded version (resubmit, then press v1's buttons):
//   test/bot/telegram/submission-review.test.ts ("the old buttons are stale");
// - two reviewers pressing Approve at once: the same file ("the first decision wins");
// - webhooks without a secret or with a wrong one: test/bot/telegram/webhook-restart.test.ts and
//   test/bot/zalo/zalo-conversation.test.ts (the variants below add near-misses and huge bodies);
// - an executable renamed .docx, an empty file and a zip bomb in the chat:
//   test/bot/telegram/document-checks.test.ts; zip bombs and entry floods in the reader:
//   test/documents/document-checks.test.ts; forged or expired signed links: test/web-admin/review-page.test.ts.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookSecret } from '../../src/bot/telegram/telegram-bot.js';
import { zaloWebhookSecret } from '../../src/bot/zalo/zalo-webhook.js';
import * as corpus from '../support/plan-corpus.js';
import { startChatHarness, TelegramUser, type ChatHarness } from '../support/chat-harness.js';
import { ZaloChatUser } from '../support/zalo-api-server.js';
import { changedTables, snapshot } from './db-snapshot.js';

/** Characters that must never reach a person's screen from a file name: controls, bidi overrides. */
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]/;

let h: ChatHarness;
let teacher: TelegramUser; // Phạm Minh Tuấn, Toán, Trần Phú
let colleague: TelegramUser; // Hoàng Thị Lan, Toán, Trần Phú (a teacher, not a reviewer)
let reviewer: TelegramUser; // Lê Thị Mai Anh, tổ trưởng Toán – Tin, Trần Phú
let otherPrincipal: TelegramUser; // Đinh Văn Khánh, Hiệu trưởng, Ngô Quyền
let otherHead: TelegramUser; // Cao Minh Đức, tổ trưởng Toán, Ngô Quyền

beforeAll(async () => {
  h = await startChatHarness({}, { zalo: 'webhook' });
  teacher = await h.linkedUser('THCS-TP-004', 8101);
  colleague = await h.linkedUser('THCS-TP-005', 8105);
  reviewer = await h.linkedUser('THCS-TP-003', 8102);
  otherPrincipal = await h.linkedUser('THCS-NQ-001', 8103);
  otherHead = await h.linkedUser('THCS-NQ-003', 8104);
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

/**
 * What a refused input must leave as it was: the records (see db-snapshot.ts), and the chat
 * links but for their last-used time, which every message from a linked person moves.
 */
async function records() {
  const snap = await snapshot(h.product.db);
  const links = await h.product.db.chatIdentity.findMany({ select: { id: true, channel: true, externalUserId: true, chatId: true, staffId: true, unreachableAt: true }, orderBy: { id: 'asc' } });
  return { snap, links };
}
async function expectUnchanged(before: Awaited<ReturnType<typeof records>>): Promise<void> {
  const after = await records();
  expect(changedTables(before.snap, after.snap).filter((t) => t !== 'ChatIdentity')).toEqual([]);
  expect(after.links).toEqual(before.links);
}

const docx = (text: string) => Buffer.from(`PK\u0003\u0004 giả lập tệp Word: ${text}`);

/** Presses a button and returns the text of the answer to that press. */
async function press(user: TelegramUser, data: string): Promise<string> {
  const before = h.server.callsTo('answerCallbackQuery').length;
  user.press(data);
  const answer = await h.server.waitFor((calls) => calls.filter((c) => c.method === 'answerCallbackQuery')[before]);
  return String(answer.body.text ?? '');
}

/** The teacher submits a lesson plan with a full caption; returns its review message to the reviewer. */
async function submitted(title: string, date: string) {
  const seenT = teacher.inbox().length;
  const seenR = reviewer.inbox().length;
  teacher.sendFile(docx(title), 'KHBD.docx', `KHBD Toán 8 - ${title} - ${date}`);
  await teacher.expectMessage(/✅ Đã nhận hồ sơ/, seenT);
  const review = await reviewer.expectMessage(new RegExp(title), seenR);
  const [approve, ret] = TelegramUser.buttonsOf(review);
  const plan = await h.product.db.plan.findFirstOrThrow({ where: { title }, include: { submissions: true } });
  return { approve: approve!.callback_data, ret: ret!.callback_data, plan, submissionId: plan.submissions[0]!.id };
}

describe('forged and replayed button data', () => {
  it('random, malformed and huge data: “no longer valid”, nothing changes', async () => {
    const { submissionId } = await submitted('Bài 20: Dữ liệu giả', '14/12/2026');
    const before = await records();
    const forged = [
      '', ' ', 'd:', 'd::a', 'd:abc:a', `d:-${submissionId}:a`, 'd:1e9:a', `d:${submissionId}:x`, `d:${submissionId}:a:extra`,
      `d:${submissionId}:A`, ` d:${submissionId}:a`, `d:0${submissionId}:a `, '\u0000', `\u202ed:${submissionId}:a`, 'd:١٢:a',
      '{"__proto__":{"admin":true}}', "d:1' OR '1'='1:a", 'x'.repeat(64), `d:${submissionId}:a`.padEnd(20_000, 'A'),
      'f:', 'f::', 'f:nonce', '🙂'.repeat(100),
    ];
    for (const data of forged) expect(await press(reviewer, data), JSON.stringify(data.slice(0, 40))).toBe('Nút này không còn hiệu lực.');
    expect(await press(reviewer, 'd:9999999999:a')).toMatch(/^Không tìm thấy hồ sơ/);
    await expectUnchanged(before);
    expect(await h.product.db.conversation.count({ where: { chatId: String(reviewer.id) } })).toBe(0);
  });

  it('other people’s decision data: a teacher, a head and a principal of another school may not decide', async () => {
    const { approve, ret, plan } = await submitted('Bài 21: Quyền duyệt', '15/12/2026');
    const before = await records();
    for (const user of [teacher, colleague, otherHead, otherPrincipal]) {
      expect(await press(user, approve), user.name).toMatch(/không có quyền duyệt/);
      expect(await press(user, ret), user.name).toMatch(/không có quyền duyệt/);
    }
    await expectUnchanged(before);
    // No one was put in the middle of a return (asked for a reason).
    expect(await h.product.db.conversation.count({ where: { chatId: { in: [teacher, colleague, otherHead, otherPrincipal].map((u) => String(u.id)) } } })).toBe(0);
    expect((await h.product.db.plan.findUniqueOrThrow({ where: { id: plan.id } })).state).toBe('SUBMITTED');
  });

  it('replayed: Approve pressed twice, then Return after the decision — one decision, the others refused', async () => {
    const { approve, ret, plan } = await submitted('Bài 22: Bấm lại', '16/12/2026');
    expect(await press(reviewer, approve)).toMatch(/^Đã duyệt hồ sơ [A-Z2-9]{6}\.$/);
    const afterDecision = await records();
    expect(await press(reviewer, approve)).toMatch(/đã được xử lý trước đó|duyệt trước đó/);
    expect(await press(reviewer, ret)).toMatch(/đã được xử lý trước đó|duyệt trước đó/);
    // The same press delivered again (the same update): handled once, answered once.
    const update = reviewer.press(approve);
    h.server.redeliver(update);
    await h.server.settled(2);
    await expectUnchanged(afterDecision);
    const decided = await h.product.db.plan.findUniqueOrThrow({ where: { id: plan.id }, include: { decisions: true } });
    expect(decided.state).toBe('APPROVED');
    expect(decided.decisions).toHaveLength(1);
    await teacher.expectMessage(/✅ Đã duyệt bởi Lê Thị Mai Anh[\s\S]*Bài 22: Bấm lại|Bài 22: Bấm lại[\s\S]*✅ Đã duyệt bởi Lê Thị Mai Anh/);
    expect(teacher.inbox().filter((c) => /Bài 22: Bấm lại[\s\S]*Đã duyệt/.test(String(c.body.text)))).toHaveLength(1);
  });

  it('flow buttons with a wrong nonce, or someone else’s, change nothing; a forged value is refused', async () => {
    const seen = teacher.inbox().length;
    teacher.sendFile(docx('không chú thích'), 'tai lieu.docx');
    const question = await teacher.expectMessage(/Tệp này là loại hồ sơ nào\?/, seen);
    const data = TelegramUser.buttonsOf(question)[0]!.callback_data;
    const [, nonce, value] = /^f:([^:]+):(.+)$/.exec(data)!;
    const conversation = () => h.product.db.conversation.findFirstOrThrow({ where: { chatId: String(teacher.id) } });
    const state = await conversation();
    expect(await press(teacher, `f:${nonce}x:${value}`)).toBe('Nút này không còn hiệu lực.');
    expect(await press(teacher, `f:${'A'.repeat(nonce!.length)}:${value}`)).toBe('Nút này không còn hiệu lực.');
    expect(await press(colleague, data)).toBe('Nút này không còn hiệu lực.');
    // The right nonce with a value never offered: a kind this teacher may not submit, or nonsense.
    expect(await press(teacher, `f:${nonce}:SCHOOL_PLAN`)).toBe('Vui lòng chọn loại hồ sơ trong danh sách.');
    expect(await press(teacher, `f:${nonce}:ADMIN`)).toBe('Vui lòng chọn loại hồ sơ trong danh sách.');
    expect(await conversation()).toEqual(state);
    expect(await h.product.db.conversation.count({ where: { chatId: String(colleague.id) } })).toBe(0);
    // The genuine button still works.
    teacher.press(data);
    await teacher.expectMessage(/Dạy lớp \(khối\) mấy\?/, seen);
    teacher.send('/huy');
    await teacher.expectMessage(/Đã huỷ/, seen);
  });
});

describe('file names', () => {
  const storage = () => path.join(h.dir, 'files');
  /** Files under `root`, the SQLite database's own files left out (its journal comes and goes). */
  const tree = (root: string): string[] =>
    fs.existsSync(root)
      ? fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((p) => !p.startsWith('hscm.db') && fs.statSync(path.join(root, p)).isFile()).sort()
      : [];

  const names = [
    '../../etc/passwd.docx',
    '..\\..\\..\\Windows\\win.ini.docx',
    '/etc/cron.d/x.docx',
    'KHBD\u0000Toan\u0007.docx',
    'KHBD\u202excod.docx',
    'KHBD\u2066\u200f\u0085Toan.docx',
    `${'Kế hoạch bài dạy rất dài '.repeat(12).slice(0, 295)}.docx`,
  ];

  it.each(names)('%j is stored under its hash only, nothing lands outside STORAGE_DIR, the name shown back is clean', async (name) => {
    const outside = tree(h.dir).filter((p) => !p.startsWith('files'));
    const inside = tree(storage());
    const seen = teacher.inbox().length;
    const content = docx(`tên tệp ${name}`);
    const title = `Bài ${30 + names.indexOf(name)}: Tên tệp lạ`;
    teacher.sendFile(content, name, `KHBD Toán 8 - ${title} - 20/12/2026`);
    const checking = await teacher.expectMessage(/⏳ Đang kiểm tra tệp/, seen);
    await teacher.expectMessage(/✅ Đã nhận hồ sơ/, seen);
    const shown = /“(.*)”/s.exec(String(checking.body.text))![1]!;
    expect(shown).not.toMatch(UNSAFE_CHARS);
    expect(shown).not.toMatch(/[\\/]/);
    expect(shown.length).toBeLessThanOrEqual(120);
    const submission = await h.product.db.submission.findFirstOrThrow({ where: { plan: { title } } });
    expect(submission.originalName).toBe(shown);
    // Only the content's hash was added, under objects/.
    const added = tree(storage()).filter((p) => !inside.includes(p));
    expect(added).toEqual([path.join('objects', submission.fileSha256.slice(0, 2), submission.fileSha256.slice(2, 4), submission.fileSha256)]);
    expect(tree(h.dir).filter((p) => !p.startsWith('files'))).toEqual(outside);
    for (const base of [storage(), path.join(storage(), 'objects'), path.join(storage(), 'tmp'), h.dir, process.cwd()]) {
      expect(fs.existsSync(path.resolve(base, name.replaceAll('\\', '/').replaceAll('\u0000', ''))), base).toBe(false);
    }
    expect(fs.readFileSync(path.join(storage(), added[0]!))).toEqual(content);
  });

  it('a refused extension is not echoed with its control characters or at any length', async () => {
    const seen = teacher.inbox().length;
    teacher.sendFile(Buffer.from('MZ'), `setup.\u202eexe${'x'.repeat(300)}`);
    const refusal = await teacher.expectMessage(/không nhận tệp/, seen);
    expect(String(refusal.body.text)).not.toMatch(UNSAFE_CHARS);
    expect(String(refusal.body.text).length).toBeLessThan(400);
  });
});

describe('MIME lies and odd contents', () => {
  it('a PDF named .docx is read as the PDF it is; a docx announced as an executable is read as the docx it is', async () => {
    let seen = teacher.inbox().length;
    const pdf = await corpus.toPdf(corpus.lessonPlan({ title: 'Bài 40: Đội lốt', subject: 'Toán', grade: 8 }));
    teacher.sendFile(pdf, 'KHBD.docx', 'KHBD Toán 8 - Bài 40: Đội lốt - 21/12/2026');
    await teacher.expectMessage(/✅ Đã nhận hồ sơ[\s\S]*Bài 40: Đội lốt/, seen);
    const asPdf = await h.product.db.submission.findFirstOrThrow({ where: { plan: { title: 'Bài 40: Đội lốt' } } });
    expect(JSON.parse(asPdf.checkReport!)).toMatchObject({ readability: { format: 'PDF' } });

    seen = teacher.inbox().length;
    const word = await corpus.toDocx(corpus.lessonPlan({ title: 'Bài 41: Nhãn sai', subject: 'Toán', grade: 8 }));
    teacher.sendDocument({ ...h.server.addFile(word, 'KHBD.docx', 'application/x-msdownload') }, 'KHBD Toán 8 - Bài 41: Nhãn sai - 22/12/2026');
    await teacher.expectMessage(/✅ Đã nhận hồ sơ[\s\S]*Bài 41: Nhãn sai/, seen);
  });

  it('a shell script and a Linux program named .docx are refused, and nothing is recorded', async () => {
    const before = await records();
    for (const [content, name] of [[Buffer.from('#!/bin/sh\nrm -rf /\n'), 'KHBD_script.docx'], [Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(200)]), 'KHBD_elf.docx']] as const) {
      const seen = teacher.inbox().length;
      teacher.sendFile(content, name, 'KHBD Toán 8 - Bài 42: Chương trình - 23/12/2026');
      const refusal = await teacher.expectMessage(/❌ Chưa nhận tệp/, seen);
      expect(String(refusal.body.text)).toContain(name);
    }
    await expectUnchanged(before);
  });
});

describe('huge and strange captions', () => {
  const junk = [
    'Z̷̢̛̤͎̈́a̴̧̺͌l̶̰̆g̸̱̈́o̵̡͝ ',
    '\u202eRTL\u202c ',
    'zero\u200bwidth\ufeff ',
    '🙂👩‍🏫🇻🇳 ',
    'nul\u0000 ',
    'lone \ud800 surrogate ',
    '<b>html</b> ',
    '${process.exit()} ',
  ].join('');

  it('a 5,000-character caption of Unicode junk: the file is still taken, and every answer stays within Telegram’s limits', async () => {
    const seen = teacher.inbox().length;
    const caption = `KHBD Toán 8 - Bài 43: ${junk.repeat(60)}`.slice(0, 5_000);
    expect(caption.length).toBe(5_000);
    teacher.sendFile(docx('chú thích khổng lồ'), 'KHBD.docx', caption);
    await teacher.expectMessage(/⏳ Đang kiểm tra tệp/, seen);
    // The title read from the caption is too long to keep: the assistant asks for it.
    await teacher.expectMessage(/Tên bài dạy hoặc chủ đề là gì\?/, seen);
    expect(teacher.inbox().slice(seen).some((c) => /Đã có lỗi|sự cố/.test(String(c.body.text)))).toBe(false);
    for (const call of teacher.inbox().slice(seen)) expect(String(call.body.text ?? call.body.caption).length).toBeLessThanOrEqual(4096);
    teacher.send('/huy');
    await teacher.expectMessage(/Đã huỷ/, seen);
  });

  it('a caption that is only junk: the file is taken and the questions are asked', async () => {
    const seen = teacher.inbox().length;
    teacher.sendFile(docx('rác'), 'KHBD.docx', junk.repeat(10));
    await teacher.expectMessage(/Tệp này là loại hồ sơ nào\?/, seen);
    expect(teacher.inbox().slice(seen).some((c) => /Đã có lỗi/.test(String(c.body.text)))).toBe(false);
    teacher.send('/huy');
    await teacher.expectMessage(/Đã huỷ/, seen);
  });
});

describe('people who are not linked', () => {
  it('an unknown Telegram user sending a file, a decision press and a flow press: asked to link, nothing recorded', async () => {
    const { approve } = await submitted('Bài 44: Người lạ', '28/12/2026');
    const before = await records();
    const stranger = h.user(8199);
    const sent = stranger.sendFile(docx('người lạ'), 'KHBD.docx', 'KHBD Toán 8 - Bài 45: Lạ - 29/12/2026');
    await stranger.expectMessage(/chưa liên kết tài khoản/);
    expect(await press(stranger, approve)).toMatch(/chưa liên kết tài khoản/);
    expect(await press(stranger, 'f:abc:LESSON_PLAN')).toMatch(/chưa liên kết tài khoản/);
    stranger.send('/choduyet');
    await stranger.expectMessage(/chưa liên kết tài khoản/, 1);
    await expectUnchanged(before);
    // The file was never even downloaded.
    expect(h.server.callsTo('getFile').filter((c) => c.body.file_id === sent.message.document.file_id)).toEqual([]);
  });

  it('an unknown Zalo user typing a decision: asked for a link code, nothing decided', async () => {
    const { plan } = await submitted('Bài 46: Lạ trên Zalo', '30/12/2026');
    const before = await records();
    const stranger = new ZaloChatUser(h.zalo!, 'zalo-stranger-1', 'Người lạ');
    await stranger.sendText(`duyet ${plan.refCode}`);
    await stranger.expectMessage(/chưa liên kết tài khoản Zalo/);
    await expectUnchanged(before);
  });
});

describe('a flood from one person', () => {
  let f: ChatHarness;
  beforeAll(async () => {
    // The production default: 20 messages a minute per person (button presses: 60).
    f = await startChatHarness({ CHAT_FLOOD_LIMIT: '20/60' }, { zalo: 'webhook' });
  });
  afterAll(async () => {
    await f?.stop();
  });

  it('30 messages in a burst: 20 answered, one polite refusal, the rest ignored but recorded; a colleague meanwhile is answered normally', async () => {
    const flooder = await f.linkedUser('THCS-TP-002', 8110); // Trần Văn Hùng, phó hiệu trưởng
    const bystander = await f.linkedUser('THCS-TP-001', 8111); // Nguyễn Thị Thu Hà, hiệu trưởng
    // Linking was the first message of each.
    const [seenF, seenB] = [flooder.inbox().length, bystander.inbox().length];
    const flood = Array.from({ length: 30 }, () => flooder.send('/huongdan'));
    const calm = Array.from({ length: 5 }, () => bystander.send('/huongdan'));
    await bystander.expectMessage(/Trợ lý hồ sơ chuyên môn giúp/, seenB);
    await f.server.waitFor(() => bystander.inbox().length >= seenB + 5);
    const notice = await flooder.expectMessage(/gửi quá nhiều tin nhắn/, seenF);
    expect(String(notice.body.text)).toMatch(/^Thầy\/cô gửi quá nhiều tin nhắn trong thời gian ngắn, vui lòng chờ \d+ giây rồi thử lại\.$/);
    const ids = [...flood, ...calm].map((u) => String(u.update_id));
    await f.server.settled(2);
    const texts = flooder.inbox().slice(seenF).map((c) => String(c.body.text));
    expect(texts.filter((t) => t.startsWith('Trợ lý hồ sơ chuyên môn giúp'))).toHaveLength(19);
    expect(texts.filter((t) => /gửi quá nhiều tin nhắn/.test(t))).toHaveLength(1);
    expect(texts).toHaveLength(20);
    expect(bystander.inbox().slice(seenB)).toHaveLength(5);
    // Every message is recorded as handled: none comes back.
    expect(await f.product.db.processedUpdate.count({ where: { channel: 'TELEGRAM', updateId: { in: ids } } })).toBe(35);
    // Still refused a moment later, silently.
    const later = flooder.inbox().length;
    flooder.send('/trangthai');
    await f.server.settled(2);
    expect(flooder.inbox()).toHaveLength(later);
  });

  it('a reviewer tapping through a list of 25 buttons is not limited', async () => {
    const reviewer = await f.linkedUser('THCS-TP-003', 8112);
    const before = f.server.callsTo('answerCallbackQuery').length;
    for (let i = 0; i < 25; i++) reviewer.press(`d:${900_000 + i}:a`);
    const answers = await f.server.waitFor((calls) => {
      const mine = calls.filter((c) => c.method === 'answerCallbackQuery').slice(before);
      return mine.length >= 25 ? mine : undefined;
    });
    expect(answers.every((a) => /^Không tìm thấy hồ sơ/.test(String(a.body.text)))).toBe(true);
  });

  it('a flood on Zalo is limited the same way', async () => {
    const flooder = new ZaloChatUser(f.zalo!, 'zalo-flood-1', 'Người gửi nhiều');
    const results = await Promise.all(Array.from({ length: 25 }, () => flooder.sendText('xin chào')));
    expect(results.every((r) => r.status === 200)).toBe(true);
    await flooder.expectMessage(/gửi quá nhiều tin nhắn/);
    expect(flooder.texts().filter((t) => /chưa liên kết tài khoản Zalo/.test(t))).toHaveLength(20);
    expect(flooder.texts()).toHaveLength(21);
  });
});

describe('webhook secrets: near misses and oversized bodies', () => {
  let w: ChatHarness;
  beforeAll(async () => {
    // Both webhooks on (https PUBLIC_URL); requests are POSTed straight to the product.
    w = await startChatHarness({ PUBLIC_URL: 'https://hscm.example.vn' }, { zalo: 'webhook' });
  });
  afterAll(async () => {
    await w?.stop();
  });

  const update = (id: number) => ({ update_id: id, message: { message_id: 1, date: 0, chat: { id: 8190, type: 'private' }, from: { id: 8190, is_bot: false, first_name: 'X' }, text: '/start' } });
  interface Attempt {
    headers?: Record<string, string>;
    query?: string;
  }
  const post = (route: string, attempt: Attempt, body: string) =>
    fetch(`${w.baseUrl}${route}${attempt.query ?? ''}`, { method: 'POST', headers: { 'content-type': 'application/json', ...attempt.headers }, body });

  it('Telegram: a secret off by one character, in another case, in the query string or under another header is refused', async () => {
    const secret = webhookSecret(w.server.token);
    const header = 'x-telegram-bot-api-secret-token';
    const misses: Attempt[] = [
      { headers: { [header]: secret.slice(0, -1) } }, { headers: { [header]: `${secret}x` } }, { headers: { [header]: swapCase(secret) } },
      { headers: { [header]: `${secret},${secret}` } }, { query: `?secret_token=${secret}` }, { headers: { 'x-bot-api-secret-token': secret } },
      { headers: { authorization: `Bearer ${secret}` } },
    ];
    for (const [i, attempt] of misses.entries()) expect((await post('/telegram/webhook', attempt, JSON.stringify(update(9000 + i)))).status, JSON.stringify(attempt).slice(0, 60)).toBe(403);
    // A 5 MB body without the secret is refused before it is read; with it, too large; cut short, malformed.
    expect((await post('/telegram/webhook', {}, 'x'.repeat(5 * 1024 * 1024))).status).toBe(403);
    expect((await post('/telegram/webhook', { headers: { [header]: secret } }, JSON.stringify({ update_id: 9100, pad: 'x'.repeat(5 * 1024 * 1024) }))).status).toBe(413);
    expect((await post('/telegram/webhook', { headers: { [header]: secret } }, '{"update_id":')).status).toBe(400);
    expect(await w.product.db.processedUpdate.count({ where: { channel: 'TELEGRAM' } })).toBe(0);
    expect(w.server.sentTo(8190)).toEqual([]);
  });

  it('Zalo: the same near misses are refused', async () => {
    const secret = zaloWebhookSecret(w.zalo!.token);
    const header = 'x-bot-api-secret-token';
    const body = JSON.stringify({ event_name: 'message.text.received', message: { message_id: 'zx-1', date: 0, chat: { id: 'zx', chat_type: 'PRIVATE' }, from: { id: 'zx' }, text: 'huongdan' } });
    const misses: Attempt[] = [
      { headers: { [header]: secret.slice(0, -1) } }, { headers: { [header]: `${secret}x` } }, { headers: { [header]: swapCase(secret) } },
      { query: `?secret_token=${secret}` }, { headers: { 'x-telegram-bot-api-secret-token': secret } },
    ];
    for (const attempt of misses) expect((await post('/zalo/webhook', attempt, body)).status, JSON.stringify(attempt).slice(0, 60)).toBe(403);
    expect((await post('/zalo/webhook', { headers: { [header]: secret } }, JSON.stringify({ pad: 'x'.repeat(1024 * 1024) }))).status).toBe(413);
    expect(await w.product.db.processedUpdate.count({ where: { channel: 'ZALO' } })).toBe(0);
  });
});

function swapCase(text: string): string {
  return [...text].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
}
