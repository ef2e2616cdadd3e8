// Every intake ends exactly once — filed, asked, refused, given up or cancelled — and a chat
// never waits on an intake that has ended (issue: a crash between the end and the chat's state
// blocked a teacher's chat for good). The states a crash leaves behind are written directly,
// then the real product (Telegram Bot API server, BullMQ, sweeper) is left to mend them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_INTAKE_RUNS } from '../../../src/core/intake-state.js';
import { startChatHarness, type ChatHarness } from '../../support/chat-harness.js';
import { lessonPlan, toDocx } from '../../support/plan-corpus.js';
import { waitUntil } from '../../support/product-process.js';

let h: ChatHarness;
beforeAll(async () => {
  h = await startChatHarness();
});
afterAll(async () => {
  await h?.stop();
});

/** A teaching date a week ahead, as a teacher types it. */
function nextWeek(): string {
  const d = new Date(Date.now() + 7 * 86_400_000);
  return `${d.getUTCDate()}/${d.getUTCMonth() + 1}/${d.getUTCFullYear()}`;
}

async function intakeOf(originalName: string) {
  return h.product.db.intake.findFirstOrThrow({ where: { originalName }, orderBy: { id: 'desc' } });
}

describe('a chat is never held by an intake that has ended', () => {
  it('a state left pointing at a filed intake frees the chat: the next file is taken', async () => {
    const staff = await h.staffByCode('THCS-TP-004');
    const teacher = await h.linkedUser('THCS-TP-004', 931);
    // What a kill between "intake DONE" and "chat cleared" left behind (two writes before).
    const intake = await h.product.db.intake.create({
      data: { staffId: staff.id, channel: 'TELEGRAM', chatId: '931', fileRef: 'gone', originalName: 'cu.docx', details: '{}', status: 'DONE', finishedAt: new Date() },
    });
    await h.product.db.conversation.create({ data: { channel: 'TELEGRAM', chatId: '931', staffId: staff.id, step: 'CHECKING', data: JSON.stringify({ intakeId: intake.id, fileName: 'cu.docx' }) } });
    const since = teacher.inbox().length;
    teacher.sendFile(await toDocx(lessonPlan({ title: 'Bài 5: Phân thức', subject: 'Toán', grade: 8 })), 'KHBD_Bai5.docx', `KHBD Toán 8 - Bài 5: Phân thức - ${nextWeek()}`);
    await teacher.expectMessage(/Đang kiểm tra tệp “KHBD_Bai5.docx”/, since);
    await teacher.expectMessage(/✅ Đã nhận hồ sơ/, since);
    expect(teacher.inbox().slice(since).map((c) => String(c.body.text))).not.toContainEqual(expect.stringMatching(/đang nộp dở/));
    expect(await h.product.db.conversation.count({ where: { chatId: '931' } })).toBe(0);
  });

  it('an answer typed to a chat left "checking" a refused intake is not met with "still checking"', async () => {
    const staff = await h.staffByCode('THCS-TP-005');
    const teacher = await h.linkedUser('THCS-TP-005', 932);
    const intake = await h.product.db.intake.create({
      data: { staffId: staff.id, channel: 'TELEGRAM', chatId: '932', fileRef: 'gone', originalName: 'x.docx', details: '{}', status: 'REFUSED', finishedAt: new Date() },
    });
    await h.product.db.conversation.create({ data: { channel: 'TELEGRAM', chatId: '932', staffId: staff.id, step: 'CHECKING', data: JSON.stringify({ intakeId: intake.id, fileName: 'x.docx' }) } });
    const since = teacher.inbox().length;
    teacher.send('20/12');
    const answer = await teacher.expectMessage(/./, since);
    expect(String(answer.body.text)).not.toMatch(/đang kiểm tra tệp/i);
    expect(await h.product.db.conversation.count({ where: { chatId: '932' } })).toBe(0);
  });
});

describe('work in hand that no job is doing', () => {
  it('an intake read but not moved on (its job gone) is taken up again by the sweeper and filed once', async () => {
    const teacher = await h.linkedUser('THCS-TP-009', 933);
    // A fully captioned file: read, asks nothing, filed by its job.
    const sent = await toDocx(lessonPlan({ title: 'Bài 3: Văn bản nghị luận', subject: 'Ngữ văn', grade: 8 }));
    const since = teacher.inbox().length;
    teacher.sendFile(sent, 'KHBD_NguVan_Bai3.docx', `KHBD Ngữ văn 8 - Bài 3: Văn bản nghị luận - ${nextWeek()}`);
    await teacher.expectMessage(/✅ Đã nhận hồ sơ/, since);
    const filed = await intakeOf('KHBD_NguVan_Bai3.docx');
    expect(filed.status).toBe('DONE');
    // A second file, read but left CHECKED with its job gone — what two crashes in a row left
    // (the job failed "stalled more than allowable limit" and was never retried).
    const staff = await h.staffByCode('THCS-TP-009');
    const again = await h.product.db.intake.create({
      data: {
        staffId: staff.id, channel: 'TELEGRAM', chatId: '933', fileRef: filed.fileRef, originalName: 'KHBD_NguVan_Bai4.docx',
        details: filed.details.replace('Bài 3: Văn bản nghị luận', 'Bài 4: Thơ').replace(/"nonce":"[^"]+"/, '"nonce":"crash2"'),
        fileSha256: filed.fileSha256, fileSize: filed.fileSize, analysis: filed.analysis, status: 'CHECKED', attempts: 2,
        createdAt: new Date(Date.now() - 60_000),
      },
    });
    await h.product.db.conversation.create({ data: { channel: 'TELEGRAM', chatId: '933', staffId: staff.id, step: 'CHECKING', data: JSON.stringify({ intakeId: again.id, fileName: 'KHBD_NguVan_Bai4.docx' }) } });
    await teacher.expectMessage(/✅ Đã nhận hồ sơ[\s\S]*Bài 4: Thơ/, since);
    expect((await h.product.db.intake.findUniqueOrThrow({ where: { id: again.id } })).status).toBe('DONE');
    expect(await h.product.db.submission.count({ where: { intakeId: again.id } })).toBe(1);
    expect(await h.product.db.conversation.count({ where: { chatId: '933' } })).toBe(0);
  });

  it(`an intake taken up ${MAX_INTAKE_RUNS} times without finishing is given up: the teacher is told, the chat is free`, async () => {
    const staff = await h.staffByCode('THCS-TP-008');
    const teacher = await h.linkedUser('THCS-TP-008', 934);
    const doc = h.server.addFile(await toDocx(lessonPlan({ title: 'Bài 1', subject: 'Ngữ văn', grade: 6 })), 'kho.docx');
    const flow = { nonce: 'poison', file: { ref: doc.file_id, name: 'kho.docx', size: doc.file_size, mime: null } };
    // Five runs already began and none finished (each crashed the process): the sixth gives up.
    const intake = await h.product.db.intake.create({
      data: {
        staffId: staff.id, channel: 'TELEGRAM', chatId: '934', fileRef: doc.file_id, originalName: 'kho.docx', details: JSON.stringify(flow),
        attempts: MAX_INTAKE_RUNS, createdAt: new Date(Date.now() - 60_000),
      },
    });
    await h.product.db.conversation.create({ data: { channel: 'TELEGRAM', chatId: '934', staffId: staff.id, step: 'CHECKING', data: JSON.stringify({ intakeId: intake.id, fileName: 'kho.docx' }) } });
    const since = teacher.inbox().length;
    await teacher.expectMessage(/Trợ lý chưa lưu được tệp “kho.docx”[\s\S]*gửi lại/, since);
    expect(await h.product.db.intake.findUniqueOrThrow({ where: { id: intake.id } })).toMatchObject({ status: 'FAILED' });
    expect(await h.product.db.conversation.count({ where: { chatId: '934' } })).toBe(0);
    expect(await h.product.db.submission.count({ where: { intakeId: intake.id } })).toBe(0);
  });
});

describe('/huy while a file is being checked', () => {
  it('ends the intake: the file is not filed later and the chat is free', async () => {
    const staff = await h.staffByCode('THCS-TP-003');
    const teacher = await h.linkedUser('THCS-TP-003', 935);
    // The file is recorded but no job has taken it yet (as when the queue was briefly away).
    const doc = h.server.addFile(await toDocx(lessonPlan({ title: 'Bài 7', subject: 'Toán', grade: 9 })), 'huy.docx');
    const flow = { nonce: 'cancel1', file: { ref: doc.file_id, name: 'huy.docx', size: doc.file_size, mime: null }, kind: 'LESSON_PLAN', subject: 'Toán', grade: 9, title: 'Bài 7', teachingDate: '2026-12-20' };
    const intake = await h.product.db.intake.create({
      data: { staffId: staff.id, channel: 'TELEGRAM', chatId: '935', fileRef: doc.file_id, originalName: 'huy.docx', details: JSON.stringify(flow) },
    });
    await h.product.db.conversation.create({ data: { channel: 'TELEGRAM', chatId: '935', staffId: staff.id, step: 'CHECKING', data: JSON.stringify({ intakeId: intake.id, fileName: 'huy.docx' }) } });
    const since = teacher.inbox().length;
    teacher.send('/huy');
    await teacher.expectMessage(/Đã huỷ/, since);
    expect((await h.product.db.intake.findUniqueOrThrow({ where: { id: intake.id } })).status).toBe('CANCELLED');
    // The job (queued now, as the sweeper would) finds it ended and files nothing.
    const completed = async () => (await h.product.chat.jobs.counts()).intake?.completed ?? 0;
    const before = await completed();
    await h.product.chat.jobs.requeueIntake(intake.id);
    await waitUntil(async () => (await completed()) > before, 20_000);
    expect(await h.product.db.submission.count({ where: { intakeId: intake.id } })).toBe(0);
    expect(teacher.inbox().slice(since).map((c) => String(c.body.text))).not.toContainEqual(expect.stringMatching(/Đã nhận hồ sơ/));
  });
});
