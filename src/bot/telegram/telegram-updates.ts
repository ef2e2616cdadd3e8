// Telegram updates → the conversation's channel-neutral events.
import type { Update } from 'telegraf/types';
import type { Inbound, InboundEvent } from '../conversation/inbound.js';
import { textEvent } from '../conversation/text-commands.js';

/** The commands shown in Telegram's menu (names are Latin by Telegram's rules, descriptions Vietnamese). */
export const MENU_COMMANDS = [
  { command: 'nop', description: 'Nộp hồ sơ (gửi tệp kế hoạch)' },
  { command: 'trangthai', description: 'Hồ sơ của tôi và những gì còn thiếu' },
  { command: 'choduyet', description: 'Hồ sơ đang chờ tôi duyệt' },
  { command: 'huongdan', description: 'Hướng dẫn sử dụng' },
  { command: 'huy', description: 'Huỷ thao tác đang làm' },
];

export function inboundOf(update: Update): Inbound | null {
  if ('callback_query' in update) {
    const q = update.callback_query;
    // The person's own private chat with the bot (its id is theirs), whichever chat the pressed
    // message is in: a press reported from another chat (a group, someone else's chat) must not
    // carry their conversation, replies or later notifications there.
    const chatId = q.from.id;
    const data = 'data' in q ? q.data : '';
    return envelope(update, q.from.id, chatId, { type: 'button', data: data ?? '' });
  }
  if (!('message' in update)) return null;
  const m = update.message;
  if (!m.from || m.chat.type !== 'private') return null; // the assistant works in private chats only
  return envelope(update, m.from.id, m.chat.id, eventOf(m, m.from.id));
}

function eventOf(m: Extract<Update, { message: unknown }>['message'], fromId: number): InboundEvent {
  if ('contact' in m) return { type: 'contact', phone: m.contact.phone_number, ownContact: m.contact.user_id === fromId };
  if ('document' in m) {
    const d = m.document;
    return {
      type: 'document',
      file: { ref: d.file_id, name: d.file_name ?? 'tệp', size: d.file_size ?? null, mime: d.mime_type ?? null },
      caption: m.caption,
    };
  }
  if ('photo' in m) return { type: 'photo' };
  if ('text' in m) return textEvent(m.text, { bareWords: false });
  return { type: 'other' };
}

function envelope(update: Update, userId: number, chatId: number, event: InboundEvent): Inbound {
  return { channel: 'TELEGRAM', externalUserId: String(userId), chatId: String(chatId), updateId: String(update.update_id), event };
}
