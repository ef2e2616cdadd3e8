// The product with its files in an S3 bucket (s3rver in its own process): a teacher's plan
// through the Telegram bot lands in the bucket under its hash and downloads byte for byte;
// `cli check` and `cli backup` work on the bucket; the bucket down during a submission loses
// nothing and a resend once it is back is recorded.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import type { S3FileStore } from '../../src/storage/s3-file-store.js';
import { issueUploadLink } from '../../src/use-cases/upload-links.js';
import { startChatHarness, type ChatHarness, type TelegramUser } from '../support/chat-harness.js';
import { S3TestServer } from '../support/s3-server.js';
import { giveWebAccount, WebClient } from '../support/web-client.js';

const s3 = new S3TestServer('hscm-product');
let h: ChatHarness;
let store: S3FileStore;
let math: TelegramUser;
let info: TelegramUser;
let scratch: string;
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const docx = (text: string, pad = 200) => Buffer.from(`PK\u0003\u0004 giả lập tệp Word: ${text} ${'—'.repeat(pad)}`);

beforeAll(async () => {
  await s3.start();
  // Intake retries 50 ms apart instead of 2 s (the production policy): the same five attempts.
  h = await startChatHarness({ INTAKE_RETRY_MS: '50' }, { s3 });
  store = h.product.fileStore as S3FileStore;
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'hscm-s3-cli-'));
  math = await h.linkedUser('THCS-TP-004', 821);
  info = await h.linkedUser('THCS-TP-007', 822);
}, 120_000);
afterAll(async () => {
  await h?.stop();
  await s3.dispose();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

async function submit(user: TelegramUser, caption: string, content: Buffer, reply = /✅ Đã nhận hồ sơ/, timeout?: number): Promise<void> {
  const seen = user.inbox().length;
  user.sendFile(content, 'KHBD.docx', caption);
  await h.server.waitFor(() => user.inbox().slice(seen).find((c) => reply.test(String(c.body.text ?? ''))), timeout);
}

/** The CLI in its own process, configured for the same database and bucket as the product. */
/** A CLI command in-process (cli.test.ts runs each as a real process once); `out` as a process prints it. */
async function cli(...args: string[]): Promise<{ code: number; out: string; stdout: string }> {
  return cliWith({ DATABASE_URL: h.databaseUrl, STORAGE_DIR: path.join(scratch, 'cli-scratch'), ...s3.env(store.prefix) }, args);
}

async function cliWith(env: Record<string, string>, args: string[]): Promise<{ code: number; out: string; stdout: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { env: { ...process.env, ...env }, out: (t) => void (stdout += `${t}\n`), err: (t) => void (stderr += `${t}\n`) });
  return { code, out: stdout + stderr, stdout };
}

describe('a plan submitted through the bot, stored in S3', () => {
  const content = docx('Phân thức', 3000);

  it('is in the bucket under <prefix>objects/ab/cd/<sha256>, not on local disk, and the web admin download is byte-identical', async () => {
    await submit(math, 'KHBD Toán 8 - Bài 5: Phân thức - 20/9/2026', content);
    const submission = await h.product.db.submission.findFirstOrThrow({ include: { plan: true } });
    expect(submission.fileSha256).toBe(sha(content));
    const key = `${store.prefix}objects/${submission.fileSha256.slice(0, 2)}/${submission.fileSha256.slice(2, 4)}/${submission.fileSha256}`;
    const client = await s3.client();
    const got = await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
    expect(sha(Buffer.from(await got.Body!.transformToByteArray()))).toBe(submission.fileSha256);
    client.destroy();
    expect(fs.existsSync(path.join(h.dir, 'files', 'objects'))).toBe(false);

    const web = new WebClient(h.baseUrl);
    await web.signIn(await giveWebAccount(h.product.db, 'SGD-HL1'));
    const cookie = [...web.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(`${h.baseUrl}/plans/${submission.planId}/versions/1/file`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(content)).toBe(true);
    const health = await (await fetch(`${h.baseUrl}/health`)).json();
    expect(health).toMatchObject({ ok: true, storage: true });
  });
});

describe('npm run cli -- check and backup on the bucket', () => {
  beforeAll(async () => {
    await submit(info, 'KHBD Tin học 6 - Bài 1: Thông tin và dữ liệu - 21/9/2026', docx('Thông tin'));
  }, 60_000);

  it('a healthy bucket: exit 0; a missing and a damaged object: exit 1, each named with its plan', async () => {
    const healthy = await cli('check');
    expect(healthy.out).toContain(`Kho tệp: s3://${s3.bucket}/${store.prefix}`);
    expect(healthy.out).toContain('Đã kiểm tra 2 tệp');
    expect(healthy.out).toContain('✅ Không thiếu tệp nào, không tệp nào bị hỏng.');
    expect(healthy.code).toBe(0);

    const [first, second] = await h.product.db.submission.findMany({ include: { plan: true }, orderBy: { id: 'asc' } });
    const damagedFile = s3.objectFile(store.keyOf(first!.fileSha256));
    const original = fs.readFileSync(damagedFile);
    fs.writeFileSync(damagedFile, Buffer.concat([original.subarray(0, -1), Buffer.from('!')]));
    const client = await s3.client();
    const missingKey = store.keyOf(second!.fileSha256);
    const missingBytes = Buffer.from(await (await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: missingKey }))).Body!.transformToByteArray());
    await client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: missingKey }));
    try {
      const run = await cli('check');
      expect(run.code).toBe(1);
      expect(run.out).toContain(`❌ Thiếu 1 tệp:\n  ${second!.fileSha256} — hồ sơ ${second!.plan.refCode} (bản 1)`);
      expect(run.out).toContain(`❌ 1 tệp bị hỏng (nội dung không còn khớp mã SHA-256):\n  ${first!.fileSha256} — hồ sơ ${first!.plan.refCode} (bản 1)`);
      const json = JSON.parse((await cli('check', '--json')).stdout) // stderr: the AWS SDK's warning about Node 20;
      expect(json.corrupt[0].found).toBe(sha(fs.readFileSync(damagedFile)));

      const target = path.join(scratch, 'damaged-backup');
      const backup = await cli('backup', target);
      expect(backup.code).toBe(1);
      const manifest = JSON.parse(fs.readFileSync(path.join(target, 'manifest.json'), 'utf8'));
      expect(manifest.files).toMatchObject({ missing: [second!.fileSha256], corrupt: [first!.fileSha256] });
    } finally {
      fs.writeFileSync(damagedFile, original);
      await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: missingKey, Body: missingBytes }));
      client.destroy();
    }
    expect((await cli('check')).code).toBe(0);
    expect((await cli('check', '--delete-orphans')).code).toBe(2); // refused on a bucket, said why
  }, 60_000);

  it('backup copies every object into files/objects/ab/cd/<sha256> with the same manifest; the copy checks clean as a directory', async () => {
    const orphan = await store.put(Buffer.from('tải lên nhưng chưa ghi nhận'));
    const target = path.join(scratch, 'backup');
    const run = await cli('backup', target);
    expect(run.out).toContain(`Đã sao lưu vào ${target}`);
    expect(run.code).toBe(0);
    const manifest = JSON.parse(fs.readFileSync(path.join(target, 'manifest.json'), 'utf8'));
    const versions = await h.product.db.submission.findMany();
    expect(manifest.source.storageDir).toBe(`s3://${s3.bucket}/${store.prefix}`);
    expect(manifest.files).toMatchObject({ copied: versions.length + 1, needed: versions.length, missing: [], corrupt: [] });
    for (const s of [...versions.map((v) => v.fileSha256), orphan.sha256]) {
      const copy = path.join(target, 'files', 'objects', s.slice(0, 2), s.slice(2, 4), s);
      expect(sha(fs.readFileSync(copy))).toBe(s);
    }
    // Restored into a directory (no S3_BUCKET), the copy is complete. (On PostgreSQL the backup
    // holds no database: pg_dump does; the live one stands in for its restore.)
    const restoredDatabase = (dir: string) => (h.databaseUrl.startsWith('file:') ? `file:${path.join(dir, 'hscm.db')}` : h.databaseUrl);
    const check = await cliWith({ DATABASE_URL: restoredDatabase(target), STORAGE_DIR: path.join(target, 'files') }, ['check']);
    expect(check.out).toContain(`Đã kiểm tra ${versions.length} tệp`);
    expect(check.code).toBe(0);
  }, 60_000);

  it('the bucket unreachable: check and backup say so and exit 1', async () => {
    await s3.stop();
    try {
      const check = await cli('check');
      expect(check.code).toBe(1);
      expect(check.out).toContain(`Không đọc được kho tệp s3://${s3.bucket}/${store.prefix}`);
      const backup = await cli('backup', path.join(scratch, 'unreachable'));
      expect(backup.code).toBe(1);
      expect(backup.out).toContain('Sao lưu không thành công: không đọc được kho tệp');
    } finally {
      await s3.start();
    }
  }, 60_000);
});

describe('the bucket down during a submission', () => {
  it('the teacher gets the storage message, no plan or version is recorded; a resend once it is back is', async () => {
    const title = 'Bài 7: Phép nhân phân thức';
    const caption = `KHBD Toán 8 - ${title} - 22/9/2026`;
    const plans = await h.product.db.plan.count();
    const versions = await h.product.db.submission.count();
    await s3.stop();
    try {
      expect(await (await fetch(`${h.baseUrl}/health`)).json()).toMatchObject({ ok: false, storage: false });
      // The intake job retries 5 times (about 30 s in production, under a second here) before telling the teacher.
      await submit(math, caption, docx(title), /❌ Trợ lý chưa lưu được tệp “KHBD.docx” do bộ nhớ lưu trữ của hệ thống đang gặp sự cố; hồ sơ chưa được ghi nhận/, 90_000);
      const intake = await h.product.db.intake.findFirstOrThrow({ orderBy: { id: 'desc' } });
      expect(intake).toMatchObject({ status: 'FAILED', fileSha256: null });
      expect(intake.outcome).toMatch(/^STORAGE_FAILED/);
      const web = await postUpload(title);
      expect(web.status).toBe(400);
      expect(web.text).toContain('Hệ thống chưa lưu được tệp của thầy/cô do sự cố lưu trữ. Tệp chưa được ghi nhận; vui lòng gửi lại sau ít phút.');
      expect(await h.product.db.plan.count()).toBe(plans);
      expect(await h.product.db.submission.count()).toBe(versions);
    } finally {
      await s3.start();
    }
    await submit(math, caption, docx(title));
    expect(await h.product.db.plan.count({ where: { title: { contains: 'Phép nhân phân thức' } } })).toBe(1);
    const latest = await h.product.db.submission.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(latest.fileSha256).toBe(sha(docx(title)));
    expect(await store.verify(latest.fileSha256)).toBe(true);
    const web = await postUpload(`${title} (web)`);
    expect(web.status).toBe(200);
    expect(web.text).toMatch(/Đã nhận hồ sơ. Mã hồ sơ: [A-Z2-9]{6}/);
  }, 180_000);
});

/** The web upload page, through a one-time link for the maths teacher. */
async function postUpload(title: string): Promise<{ status: number; text: string }> {
  const staff = await h.staffByCode('THCS-TP-004');
  const link = await issueUploadLink(h.product.db, { staffId: staff.id, channel: 'TELEGRAM', chatId: String(math.id), publicUrl: h.baseUrl });
  const form = new FormData();
  for (const [k, v] of Object.entries({ kind: 'LESSON_PLAN', grade: '8', title, teachingDate: '2026-12-21' })) form.append(k, v);
  form.append('file', new Blob([Buffer.from(`%PDF-1.7 giả lập: ${title} ${'.'.repeat(64 * 1024)}`)]), `${title}.pdf`);
  const res = await fetch(link, { method: 'POST', body: form });
  return { status: res.status, text: await res.text() };
}
