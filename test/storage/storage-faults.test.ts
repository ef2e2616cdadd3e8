// The storage directory read-only, then full, while teachers submit through the bot and the web
// upload page. The faults are real: STORAGE_DIR is a small tmpfs, remounted read-only (EROFS)
// or filled up (ENOSPC) — as root, chmod would not stop a write. Needs mount rights (root with
// CAP_SYS_ADMIN); elsewhere the suite is skipped and says why.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabaseReadOnly } from '../../src/storage/file-references.js';
import { issueUploadLink } from '../../src/use-cases/upload-links.js';
import { checkIntegrity } from '../../src/use-cases/integrity-check.js';
import { startChatHarness, type ChatHarness, type TelegramUser } from '../support/chat-harness.js';

const mount = (...args: string[]) => execFileSync('mount', args, { stdio: 'pipe' });

/** Whether this machine lets us mount a tmpfs; if not, why. */
function mountProblem(): string | null {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hscm-mount-probe-'));
  try {
    mount('-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir);
    execFileSync('umount', [dir]);
    return null;
  } catch (error) {
    return `cannot mount a tmpfs here (${String((error as { stderr?: Buffer }).stderr ?? error).trim()}); run as root with CAP_SYS_ADMIN to test EROFS/ENOSPC`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const problem = mountProblem();
if (problem) console.warn(`storage-faults skipped: ${problem}`);

let h: ChatHarness;
let teacher: TelegramUser;
let storage: string;

describe.skipIf(problem !== null)(`a read-only or full storage directory${problem ? ` (skipped: ${problem})` : ''}`, () => {
  beforeAll(async () => {
    storage = fs.mkdtempSync(path.join(os.tmpdir(), 'hscm-faulty-store-'));
    mount('-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', storage);
    // Intake retries 50 ms apart instead of 2 s (the production policy): the same five attempts.
    h = await startChatHarness({ STORAGE_DIR: storage, INTAKE_RETRY_MS: '50' });
    teacher = await h.linkedUser('THCS-TP-004', 851);
    await submitAndExpect('Bài 1: Tập hợp', /✅ Đã nhận hồ sơ/); // the store works before the fault
  });
  afterAll(async () => {
    await h?.stop();
    if (storage) {
      execFileSync('umount', ['-l', storage]);
      fs.rmSync(storage, { recursive: true, force: true });
    }
  });

  it('read-only (EROFS): the teacher is told in Vietnamese, nothing points to a missing file; a retry works once it is writable', async () => {
    mount('-o', 'remount,ro', storage);
    try {
      expect(() => fs.writeFileSync(path.join(storage, 'probe'), 'x')).toThrow(expect.objectContaining({ code: 'EROFS' }));
      await expect(h.product.fileStore.put(Buffer.from('x'))).rejects.toMatchObject({ code: 'STORAGE_FAILED', details: { errno: 'EROFS' } });
      await expectRefusedEverywhere('Bài 2: Tập hợp số tự nhiên');
    } finally {
      mount('-o', 'remount,rw', storage);
    }
    await expectAcceptedAgain('Bài 2: Tập hợp số tự nhiên');
  }, 180_000);

  it('full (ENOSPC): the same, and no partial file is left behind; a retry works once space is freed', async () => {
    const filler = path.join(storage, 'filler');
    fillUp(filler);
    try {
      expect(fs.statfsSync(storage).bavail).toBe(0);
      await expect(h.product.fileStore.put(Buffer.alloc(64 * 1024, 1))).rejects.toMatchObject({ code: 'STORAGE_FAILED', details: { errno: 'ENOSPC' } });
      await expectRefusedEverywhere('Bài 3: Phép cộng và phép trừ');
      expect(fs.readdirSync(path.join(storage, 'tmp'))).toEqual([]);
    } finally {
      fs.rmSync(filler);
    }
    await expectAcceptedAgain('Bài 3: Phép cộng và phép trừ');
  }, 180_000);
});

const caption = (title: string) => `KHBD Toán 8 - ${title} - 20/9/2026`;
const content = (title: string) => Buffer.from(`%PDF-1.7 giả lập: ${title} ${'.'.repeat(64 * 1024)}`);

async function submitAndExpect(title: string, reply: RegExp): Promise<void> {
  const seen = teacher.inbox().length;
  teacher.sendFile(content(title), `${title}.pdf`, caption(title));
  // The intake job retries a failed store 5 times (about 30 s in production, under a second here) before telling the teacher.
  await h.server.waitFor(() => teacher.inbox().slice(seen).find((c) => reply.test(String(c.body.text ?? ''))), 90_000);
}

async function expectRefusedEverywhere(title: string): Promise<void> {
  const submissions = await h.product.db.submission.count();
  await submitAndExpect(title, new RegExp(`❌ Trợ lý chưa lưu được tệp “${title}.pdf” do bộ nhớ lưu trữ của hệ thống đang gặp sự cố; hồ sơ chưa được ghi nhận`));
  const intake = await h.product.db.intake.findFirstOrThrow({ where: { originalName: `${title}.pdf` }, orderBy: { id: 'desc' } });
  expect(intake).toMatchObject({ status: 'FAILED', fileSha256: null });

  const web = await postUpload(await uploadLink(), title);
  expect(web.status).toBe(400);
  expect(web.text).toContain('Hệ thống chưa lưu được tệp của thầy/cô do sự cố lưu trữ. Tệp chưa được ghi nhận; vui lòng gửi lại sau ít phút.');
  expect(await h.product.db.submission.count()).toBe(submissions);
  expect(await h.product.db.plan.count({ where: { title } })).toBe(0);
  expect(await integrity()).toMatchObject({ missing: [], corrupt: [], tempFiles: [] });
}

async function expectAcceptedAgain(title: string): Promise<void> {
  await submitAndExpect(title, /✅ Đã nhận hồ sơ/);
  const web = await postUpload(await uploadLink(), `${title} (web)`);
  expect(web.status).toBe(200);
  expect(web.text).toMatch(/Đã nhận hồ sơ. Mã hồ sơ: [A-Z2-9]{6}/);
  const report = await integrity();
  expect(report).toMatchObject({ missing: [], corrupt: [] });
  expect(report.verified.versions).toBe(await h.product.db.submission.count());
}

async function uploadLink(): Promise<string> {
  const staff = await h.staffByCode('THCS-TP-004');
  return issueUploadLink(h.product.db, { staffId: staff.id, channel: 'TELEGRAM', chatId: String(teacher.id), publicUrl: h.baseUrl });
}

async function postUpload(link: string, title: string): Promise<{ status: number; text: string }> {
  const form = new FormData();
  for (const [k, v] of Object.entries({ kind: 'LESSON_PLAN', grade: '8', title, teachingDate: '2026-12-21' })) form.append(k, v);
  form.append('file', new Blob([content(title)]), `${title}.pdf`);
  const res = await fetch(link, { method: 'POST', body: form });
  return { status: res.status, text: await res.text() };
}

async function integrity() {
  const db = openDatabaseReadOnly(h.databaseUrl);
  try {
    return await checkIntegrity({ db, storageDir: storage });
  } finally {
    await db.close();
  }
}

/** Writes until the kernel answers ENOSPC. */
function fillUp(file: string): void {
  const fd = fs.openSync(file, 'w');
  const chunk = Buffer.alloc(64 * 1024, 0xee);
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    fs.closeSync(fd);
  }
}
