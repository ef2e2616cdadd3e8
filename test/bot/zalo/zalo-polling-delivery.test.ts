// Zalo by long polling (development without a public https address), and the delivery queue
// on Zalo: its own rate, long texts in parts, blocked chats, server errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueForChat } from '../../../src/use-cases/outbox.js';
import { startChatHarness, type ChatHarness } from '../../support/chat-harness.js';
import type { ZaloChatUser } from '../../support/zalo-api-server.js';

let h: ChatHarness;
let teacher: ZaloChatUser;

beforeAll(async () => {
  h = await startChatHarness({ ZALO_MESSAGES_PER_SECOND: '10', CHAT_MESSAGE_GAP_MS: '1000' }, { zalo: 'polling' });
  teacher = await h.linkedZaloUser('THCS-TP-004', 'zp-tuan');
});
afterAll(async () => {
  await h?.stop();
});

async function queue(rows: Array<{ chatId: string; text: string; staffId?: number }>): Promise<number[]> {
  const ids = await h.product.db.$transaction(async (tx) => {
    const out: number[] = [];
    for (const [i, r] of rows.entries()) {
      const row = await queueForChat(tx, { channel: 'ZALO', chatId: r.chatId, staffId: r.staffId, key: `zt:${Date.now()}:${i}:${r.chatId}`, message: { type: 'text', text: r.text }, asked: true });
      out.push(row.id);
    }
    return out;
  });
  h.product.chat.relay.kick();
  return ids;
}

async function settledRows(ids: number[]) {
  for (let i = 0; i < 200; i++) {
    const rows = await h.product.db.outboxMessage.findMany({ where: { id: { in: ids } }, orderBy: { id: 'asc' } });
    if (rows.every((r) => r.status !== 'PENDING')) return rows;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('outbox rows still pending');
}

describe('long polling', () => {
  it('cleared any webhook, polls getUpdates, and serves no webhook route', async () => {
    expect(h.zalo!.callsTo('deleteWebhook').length).toBeGreaterThanOrEqual(1);
    expect(h.zalo!.pollCount).toBeGreaterThan(0);
    const res = await fetch(`${h.baseUrl}/zalo/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(404);
  });

  it('answers each update once, even one delivered twice', async () => {
    const seen = teacher.inbox().length;
    const pushed = await teacher.sendText('trangthai');
    await teacher.expectMessage(/Hồ sơ của thầy\/cô — năm học/, seen);
    await h.zalo!.redeliver(pushed.update);
    await teacher.sendText('huongdan');
    await teacher.expectMessage(/Thầy\/cô gõ các lệnh sau/, seen);
    expect(teacher.texts().slice(seen).filter((t) => t.includes('Hồ sơ của thầy/cô — năm học'))).toHaveLength(1);
  });

  it('keeps polling after Zalo answers errors', async () => {
    h.zalo!.failNext('getUpdates', { status: 502, description: 'Bad Gateway', times: 2 });
    const seen = teacher.inbox().length;
    await teacher.sendText('nop');
    await teacher.expectMessage(/mở liên kết sau để nộp hồ sơ/, seen);
  });
});

describe('delivery on Zalo', () => {
  it('a text over 2,000 characters arrives in numbered parts, in order, none too long', async () => {
    const lines = Array.from({ length: 120 }, (_, i) => `• Giáo viên số ${i + 1} — Trường THCS Trần Phú — còn thiếu kế hoạch giáo dục`);
    const [id] = await queue([{ chatId: 'zp-digest', text: `📊 Danh sách còn thiếu:\n${lines.join('\n')}` }]);
    const [row] = await settledRows([id!]);
    expect(row!.status).toBe('SENT');
    const parts = h.zalo!.sentTo('zp-digest').map((c) => String(c.body.text));
    expect(parts.length).toBeGreaterThanOrEqual(4);
    for (const [i, part] of parts.entries()) {
      expect(part.length).toBeLessThanOrEqual(2000);
      expect(part.endsWith(`(${i + 1}/${parts.length})`)).toBe(true);
    }
    const joined = parts.map((p) => p.replace(/\n\(\d+\/\d+\)$/, '')).join('\n');
    expect(joined).toBe(`📊 Danh sách còn thiếu:\n${lines.join('\n')}`);
  });

  it('stays under Zalo’s rate and one message per chat per second: no 429', async () => {
    h.zalo!.enforceLimits({ perSecond: 10, perChatGapMs: 1000 });
    const rows = [
      ...Array.from({ length: 25 }, (_, i) => ({ chatId: `zp-many-${i}`, text: `Thông báo ${i}` })),
      ...Array.from({ length: 3 }, (_, i) => ({ chatId: 'zp-same', text: `Cùng một người ${i}` })),
    ];
    const started = Date.now();
    const rowsDone = await settledRows(await queue(rows));
    expect(rowsDone.every((r) => r.status === 'SENT')).toBe(true);
    expect(h.zalo!.rateLimited).toBe(0);
    const same = h.zalo!.sentTo('zp-same').map((c) => c.at);
    for (let i = 1; i < same.length; i++) expect(same[i]! - same[i - 1]!).toBeGreaterThanOrEqual(900);
    // 28 messages at ≤ 10/s cannot take much less than 2 s.
    expect(Date.now() - started).toBeGreaterThan(1800);
    h.zalo!.enforceLimits({ perSecond: 1000, perChatGapMs: 0 });
  });

  it('retries a 5xx and delivers once; a blocked chat marks the person unreachable and tells the school admin', async () => {
    h.zalo!.failNext('sendMessage', { status: 500, description: 'Internal error', chatId: 'zp-flaky' });
    const [flaky] = await queue([{ chatId: 'zp-flaky', text: 'Thử lại' }]);
    expect((await settledRows([flaky!]))[0]!.status).toBe('SENT');
    expect(h.zalo!.sentTo('zp-flaky').filter((c) => c.body.text === 'Thử lại')).toHaveLength(2); // one refused, one delivered

    const admin = await h.linkedZaloUser('THCS-TP-007', 'zp-admin'); // software admin of the school
    const tuan = await h.staffByCode('THCS-TP-004');
    h.zalo!.blockChat(teacher.id);
    const [blocked] = await queue([{ chatId: teacher.id, text: 'Tin không tới', staffId: tuan.id }]);
    expect((await settledRows([blocked!]))[0]!.status).toBe('UNREACHABLE');
    const identity = await h.product.db.chatIdentity.findFirstOrThrow({ where: { channel: 'ZALO', staffId: tuan.id } });
    expect(identity.unreachableAt).not.toBeNull();
    await admin.expectMessage(/không gửi được tin nhắn Zalo cho Phạm Minh Tuấn/);
  });
});
