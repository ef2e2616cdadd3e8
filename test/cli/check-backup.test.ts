// `cli check` and `cli backup` as the hotline runs them (in-process through runCli, as
// src/cli/main.ts does; cli.test.ts runs each as a real process once) against the data of a
// running product: plans submitted through the fake Telegram bot, files in the real store.
// On PostgreSQL, the database part of a backup is pg_dump's (docs/operations.md): the tests
// dump, back the files up, restore the dump into a new database and check the two together.
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/infra/logger.js';
import { startProduct } from '../../src/product.js';
import { objectPath } from '../../src/storage/local-file-store.js';
import { removeUnneeded } from '../../src/storage/orphan-removal.js';
import { backupProduct } from '../../src/use-cases/backup.js';
import { recordRosterPreview } from '../../src/use-cases/roster-previews.js';
import { startChatHarness, type ChatHarness, type TelegramUser } from '../support/chat-harness.js';
import { giveWebAccount, WebClient } from '../support/web-client.js';
import { createTestDatabase, onPostgres, type TestDatabase } from '../support/test-db.js';

let h: ChatHarness;
let math: TelegramUser;
let info: TelegramUser;
let scratch: string;
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const docx = (text: string) => Buffer.from(`PK\u0003\u0004 giả lập tệp Word: ${text} ${'—'.repeat(200)}`);

beforeAll(async () => {
  h = await startChatHarness();
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'hscm-backup-'));
  math = await h.linkedUser('THCS-TP-004', 811);
  info = await h.linkedUser('THCS-TP-007', 812);
  await submit(math, 'KHBD Toán 8 - Bài 5: Phân thức - 20/9/2026', docx('Phân thức'));
  await submit(info, 'KHBD Tin học 6 - Bài 1: Thông tin và dữ liệu - 21/9/2026', docx('Thông tin'));
}, 120_000);
afterAll(async () => {
  await h?.stop();
  fs.rmSync(scratch, { recursive: true, force: true });
});

async function submit(user: TelegramUser, caption: string, content: Buffer): Promise<void> {
  const seen = user.inbox().length;
  user.sendFile(content, 'KHBD.docx', caption);
  await user.expectMessage(/✅ Đã nhận hồ sơ/, seen);
}

/** `db`: a DATABASE_URL. */
const live = () => ({ db: h.databaseUrl, files: path.join(h.dir, 'files') });

/** A CLI command on this database and store; `out` as a process prints it (stdout, then stderr). */
async function cli(where: { db: string; files: string }, ...args: string[]): Promise<{ code: number; out: string }> {
  let stdout = '';
  let stderr = '';
  const env = { ...process.env, DATABASE_URL: where.db, STORAGE_DIR: where.files };
  const code = await runCli(args, { env, out: (t) => void (stdout += `${t}\n`), err: (t) => void (stderr += `${t}\n`) });
  return { code, out: stdout + stderr };
}

/**
 * The CLI in its own process, for the one test whose backup must run beside the product (in
 * this process, the backup's copying would hold the product's event loop and nothing would land).
 */
function cliProcess(where: { db: string; files: string }, ...args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      env: { ...process.env, DATABASE_URL: where.db, STORAGE_DIR: where.files }, encoding: 'utf8',
    }, (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, out: stdout + stderr }));
  });
}

async function storedVersions() {
  return h.product.db.submission.findMany({ include: { plan: true }, orderBy: { id: 'asc' } });
}

const hoursAgo = (n: number) => new Date(Date.now() - n * 3_600_000);
const age = (file: string, hours: number) => fs.utimesSync(file, hoursAgo(hours), hoursAgo(hours));

describe('npm run cli -- check', () => {
  it('a healthy store: every file a plan or an intake needs is there and hashes to its name', async () => {
    const run = await cli(live(), 'check');
    expect(run.out).toContain('Đã kiểm tra 2 tệp');
    expect(run.out).toContain('mà 2 phiên bản hồ sơ và 2 lượt nhận tệp dùng đến');
    expect(run.out).toContain('✅ Không thiếu tệp nào, không tệp nào bị hỏng.');
    expect(run.code).toBe(0);
  });

  it('a missing and a damaged file: exit 1, each named with the plans that point to it', async () => {
    const [first, second] = await storedVersions();
    const damagedPath = objectPath(live().files, first!.fileSha256);
    const missingPath = objectPath(live().files, second!.fileSha256);
    const original = { damaged: fs.readFileSync(damagedPath), missing: fs.readFileSync(missingPath) };
    fs.writeFileSync(damagedPath, Buffer.concat([original.damaged.subarray(0, -1), Buffer.from('!')]));
    fs.rmSync(missingPath);
    try {
      const run = await cli(live(), 'check');
      expect(run.code).toBe(1);
      expect(run.out).toContain(`❌ Thiếu 1 tệp:\n  ${second!.fileSha256} — hồ sơ ${second!.plan.refCode} (bản 1); lượt nhận tệp #${second!.intakeId} (DONE)`);
      expect(run.out).toContain(`❌ 1 tệp bị hỏng (nội dung không còn khớp mã SHA-256):\n  ${first!.fileSha256} — hồ sơ ${first!.plan.refCode} (bản 1)`);
      expect(run.out).not.toContain('✅');
      const json = JSON.parse((await cli(live(), 'check', '--json')).out);
      expect(json.missing.map((m: { sha256: string }) => m.sha256)).toEqual([second!.fileSha256]);
      expect(json.corrupt[0].found).toBe(sha(fs.readFileSync(damagedPath)));
    } finally {
      fs.writeFileSync(damagedPath, original.damaged);
      fs.writeFileSync(missingPath, original.missing);
    }
    expect((await cli(live(), 'check')).code).toBe(0);
  });

  it('files nobody needs are listed; --delete-orphans removes only old ones no row needs, even now', async () => {
    const store = h.product.fileStore;
    const files = live().files;
    const oldOrphan = (await store.put(Buffer.from('bản nháp không ai nộp'))).sha256;
    const youngOrphan = (await store.put(Buffer.from('vừa tải lên, chưa ghi nhận'))).sha256;
    const expired = await previewStored('expired.csv', hoursAgo(72));
    const stillOpen = await previewStored('open.csv', new Date());
    for (const s of [oldOrphan, expired, stillOpen]) age(objectPath(files, s), 48);
    const [version] = await storedVersions();
    age(objectPath(files, version!.fileSha256), 48); // old but needed: never a candidate
    fs.writeFileSync(path.join(files, 'tmp', 'old.part'), 'ghi dở');
    age(path.join(files, 'tmp', 'old.part'), 48);
    fs.writeFileSync(path.join(files, 'tmp', 'young.part'), 'đang ghi');

    const listing = await cli(live(), 'check');
    expect(listing.code).toBe(0);
    expect(listing.out).toContain('Tệp không hồ sơ nào dùng đến: 2 tệp');
    expect(listing.out).toContain(`  ${oldOrphan}  `);
    expect(listing.out).toContain(`  ${youngOrphan}  `);
    expect(listing.out).toContain('Tệp danh sách cán bộ đã tải lên để xem trước: 1 còn chờ xác nhận, 1 đã hết hạn');
    expect(listing.out).toContain('Tệp tạm của những lần ghi dở: 2 tệp');
    expect((await cli(live(), 'check', '--fail-on-orphans')).code).toBe(1);
    expect((await cli(live(), 'check', '--delete-orphans', '--older-than', '0.5')).code).toBe(2);

    const cleanup = await cli(live(), 'check', '--delete-orphans');
    expect(cleanup.out).toContain('Đã xoá 2 tệp');
    expect(cleanup.out).toContain('và 1 tệp tạm, cũ hơn 24 giờ.');
    expect(cleanup.code).toBe(0);
    const present = (s: string) => fs.existsSync(objectPath(files, s));
    expect([oldOrphan, expired].map(present)).toEqual([false, false]);
    expect([youngOrphan, stillOpen, version!.fileSha256].map(present)).toEqual([true, true, true]);
    expect(fs.readdirSync(path.join(files, 'tmp'))).toEqual(['young.part']);
    expect((await cli(live(), 'check', '--fail-on-orphans')).code).toBe(1); // the young one stays listed
    fs.rmSync(path.join(files, 'tmp', 'young.part'));
  }, 120_000); // six CLI processes

  it('deleting never takes a file a row came to need, nor one stored again, after the check listed it', async () => {
    const files = live().files;
    const store = h.product.fileStore;
    const claimed = (await store.put(Buffer.from('sắp được dùng'))).sha256;
    const storedAgain = Buffer.from('được gửi lại');
    const again = (await store.put(storedAgain)).sha256;
    const gone = (await store.put(Buffer.from('thật sự bỏ đi'))).sha256;
    for (const s of [claimed, again, gone]) age(objectPath(files, s), 48);
    await store.put(storedAgain); // a teacher resends the same bytes: a fresh file takes its place
    const result = await removeUnneeded(
      [claimed, again, gone].map((s) => ({ sha256: s, size: 1 })),
      { storageDir: files, keepNewerThan: hoursAgo(24).getTime(), neededNow: (shas) => new Set(shas.filter((s) => s === claimed)) },
    );
    expect(result.removed.map((f) => f.sha256)).toEqual([gone]);
    expect(result.kept.map((f) => f.sha256).sort()).toEqual([claimed, again].sort());
    expect([claimed, again, gone].map((s) => fs.existsSync(objectPath(files, s)))).toEqual([true, true, false]);
    expect(fs.readdirSync(path.join(files, 'trash'))).toEqual([]);
  });

  it('a deletion interrupted between its two steps: the file waits in trash/ and the next run puts it back', async () => {
    const [version] = await storedVersions();
    const files = live().files;
    const object = objectPath(files, version!.fileSha256);
    fs.mkdirSync(path.join(files, 'trash'), { recursive: true });
    fs.renameSync(object, path.join(files, 'trash', `${version!.fileSha256}.interrupted`));
    const before = await cli(live(), 'check');
    expect(before.code).toBe(1);
    expect(before.out).toContain('Còn 1 tệp trong trash/');
    const after = await cli(live(), 'check', '--delete-orphans');
    expect(after.out).toContain('Đã đưa 1 tệp từ trash/');
    expect(after.out).toContain('✅ Không thiếu tệp nào');
    expect(after.code).toBe(0);
    expect(sha(fs.readFileSync(object))).toBe(version!.fileSha256);
  });
});

/** On PostgreSQL the database is backed up with pg_dump, just before `cli backup` (docs/operations.md). */
function dumpDatabase(target: string): void {
  if (onPostgres) execFileSync('pg_dump', ['-Fc', '-f', `${target}.dump`, '--dbname', live().db], { stdio: 'pipe' });
}

/** Restores a backup as docs/operations.md says, into a new place: its database URL and files. */
function restoreBackup(target: string, name: string): { db: string; files: string; database?: TestDatabase } {
  const fresh = path.join(scratch, name);
  fs.mkdirSync(fresh);
  fs.cpSync(path.join(target, 'files'), path.join(fresh, 'files'), { recursive: true });
  if (!onPostgres) {
    fs.copyFileSync(path.join(target, 'hscm.db'), path.join(fresh, 'hscm.db'));
    return { db: `file:${path.join(fresh, 'hscm.db')}`, files: path.join(fresh, 'files') };
  }
  const database = createTestDatabase({ unmigrated: true });
  execFileSync('pg_restore', ['--no-owner', '--exit-on-error', '--dbname', database.url, `${target}.dump`], { stdio: 'pipe' });
  return { db: database.url, files: path.join(fresh, 'files'), database };
}

describe('npm run cli -- backup, and restoring it', () => {
  it('copies a running product; the copy, started as a fresh product, serves the same plans and bytes', async () => {
    const target = path.join(scratch, 'backup-1');
    dumpDatabase(target);
    const run = await cli(live(), 'backup', target);
    expect(run.out).toContain(`Đã sao lưu vào ${target}`);
    expect(run.code).toBe(0);
    const manifest = JSON.parse(fs.readFileSync(path.join(target, 'manifest.json'), 'utf8'));
    const versions = await storedVersions();
    expect(manifest.rows).toMatchObject({ Plan: versions.length, Submission: versions.length });
    expect(manifest.files).toMatchObject({ needed: versions.length, missing: [], corrupt: [] });
    if (onPostgres) {
      expect(manifest.database).toBeNull();
      expect(run.out).toContain('sao lưu nó bằng pg_dump');
      expect(manifest.source.database).not.toContain(':hscm_test@'); // no password in the manifest
    } else expect(manifest.database.sha256).toBe(sha(fs.readFileSync(path.join(target, 'hscm.db'))));

    const refused = await cli(live(), 'backup', target);
    expect(refused.code).toBe(2);
    expect(refused.out).toContain('không trống');

    const restored = restoreBackup(target, 'restored-1');
    const check = await cli(restored, 'check');
    expect(check.out).toContain(`Đã kiểm tra ${versions.length} tệp`);
    expect(check.code).toBe(0);

    const product = await startProduct(
      loadConfig({ DATABASE_URL: restored.db, STORAGE_DIR: restored.files, REDIS_URL: inject('redisUrl'), PORT: '0' }),
      createLogger('silent'), { queuePrefix: `restored${Date.now()}` },
    );
    try {
      const plans = await product.db.plan.findMany({ include: { submissions: true }, orderBy: { id: 'asc' } });
      expect(plans.map((p) => [p.refCode, p.title])).toEqual(versions.map((v) => [v.plan.refCode, v.plan.title]));
      const web = new WebClient(`http://127.0.0.1:${product.port}`);
      await web.signIn(await giveWebAccount(product.db, 'SGD-HL1'));
      const cookie = [...web.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      const res = await fetch(`${web.base}/plans/${plans[0]!.id}/versions/1/file`, { headers: { cookie } });
      expect(res.status).toBe(200);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(sha(bytes)).toBe(versions[0]!.fileSha256);
      expect(bytes.equals(docx('Phân thức'))).toBe(true);
    } finally {
      await product.stop();
      await restored.database?.drop();
    }
  });

  it('a backup taken while plans keep arriving is consistent: no plan in the copy points to a missing file', async () => {
    // A store big enough that copying it takes a while, so submissions land during the backup.
    fillStore(live().files, 3000, 32 * 1024);
    const teachers = [math, info];
    const captions = ['KHBD Toán 8 - Bài {n}: Luyện tập {n} - 22/9/2026', 'KHBD Tin học 6 - Bài {n}: Thực hành {n} - 23/9/2026'];
    let running = true;
    const keepSubmitting = teachers.map(async (user, t) => {
      for (let n = 10; running; n++) await submit(user, captions[t]!.replaceAll('{n}', String(n)), docx(`${t}-${n}-${Date.now()}`));
    });
    const before = await h.product.db.submission.count();
    const target = path.join(scratch, 'backup-2');
    dumpDatabase(target);
    const run = await cliProcess(live(), 'backup', target);
    running = false;
    await Promise.all(keepSubmitting);
    expect(run.code).toBe(0);

    const manifest = JSON.parse(fs.readFileSync(path.join(target, 'manifest.json'), 'utf8'));
    const after = await h.product.db.submission.count();
    // Plans were filed both before the snapshot and during the copy of the files that followed it.
    expect(manifest.rows.Submission).toBeGreaterThan(before);
    expect(after).toBeGreaterThan(manifest.rows.Submission);
    const restored = restoreBackup(target, 'restored-2');
    try {
      const check = await cli(restored, 'check', '--json');
      const report = JSON.parse(check.out);
      expect(report.missing).toEqual([]);
      expect(report.corrupt).toEqual([]);
      // SQLite: the snapshot the manifest counted. PostgreSQL: the dump, taken just before.
      if (onPostgres) expect(report.verified.versions).toBeGreaterThanOrEqual(before);
      else expect(report.verified.versions).toBe(manifest.rows.Submission);
      expect(report.verified.versions).toBeLessThanOrEqual(manifest.rows.Submission);
      expect(check.code).toBe(0);
    } finally {
      await restored.database?.drop();
    }
  }, 240_000);
});

describe('the online backup of a database written to all along', () => {
  it.skipIf(onPostgres)('(SQLite only: PostgreSQL is backed up with pg_dump) starts over when a write lands between two steps, doubling its step until one covers the file; the copy is one moment', async () => {
    const dbFile = path.join(scratch, 'busy.db');
    fs.copyFileSync(inject('templateDb'), dbFile);
    const writer = new Database(dbFile);
    const insert = writer.prepare(`INSERT INTO AuditLog (actor, action, entityType, details) VALUES ('test', 'load', 'Test', ?)`);
    writer.transaction(() => {
      for (let i = 0; i < 6000; i++) insert.run(JSON.stringify({ i, pad: 'x'.repeat(8000) }));
    })();
    const count = () => (writer.prepare('SELECT COUNT(*) AS n FROM AuditLog').get() as { n: number }).n;
    const before = count();
    // Another connection writes every millisecond: between any two steps of the backup.
    const timer = setInterval(() => insert.run('{}'), 1);
    try {
      const manifest = await backupProduct({ databaseFile: dbFile, storageDir: path.join(scratch, 'no-files'), targetDir: path.join(scratch, 'busy-backup') });
      expect(manifest.database!.restarts).toBeGreaterThan(0);
      const copy = new Database(path.join(scratch, 'busy-backup', 'hscm.db'), { readonly: true });
      const rows = (copy.prepare('SELECT COUNT(*) AS n FROM AuditLog').get() as { n: number }).n;
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      copy.close();
      expect(rows).toBe(manifest.rows.AuditLog);
      expect(rows).toBeGreaterThan(before);
      expect(rows).toBeLessThanOrEqual(count());
    } finally {
      clearInterval(timer);
      writer.close();
    }
  });
});

/** Unreferenced objects written straight into the store's layout (no fsync: a fixture). */
function fillStore(files: string, count: number, bytes: number): void {
  for (let i = 0; i < count; i++) {
    const content = Buffer.alloc(bytes, `lấp đầy ${i} `);
    const target = objectPath(files, sha(content));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
  }
}

/** A roster file kept for a preview made at `at` (confirmable for 30 minutes after). */
async function previewStored(name: string, at: Date): Promise<string> {
  const stored = await h.product.fileStore.put(Buffer.from(`Mã cán bộ,Họ và tên\nX-${name},Người thử\n`));
  await recordRosterPreview(h.product.db, { actorLabel: 'web:hotline', sha256: stored.sha256, format: 'csv', fileName: name, size: stored.size, ok: true, now: at });
  return stored.sha256;
}
