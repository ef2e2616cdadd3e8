// Notifications say what to do on the channel they arrive on. Telegram shows buttons and takes
// files; Zalo bots show no buttons and receive no files: there commands are typed as words and
// files go through the single-use upload page that "nop" links to.
import type { Channel } from '../core/vocabulary.js';

/** The channels people chat on. */
export type ChatChannel = Extract<Channel, 'TELEGRAM' | 'ZALO'>;

/** One text for every channel, or one per chat channel. */
export type ChannelText = string | Readonly<Record<ChatChannel, string>>;

export function textFor(text: ChannelText, channel: Channel): string {
  return typeof text === 'string' ? text : text[channel === 'ZALO' ? 'ZALO' : 'TELEGRAM'];
}

export function perChannel(make: (channel: ChatChannel) => string): Record<ChatChannel, string> {
  return { TELEGRAM: make('TELEGRAM'), ZALO: make('ZALO') };
}

/** The instructions notifications end with, as each channel needs them. */
export const howTo = {
  submit: (channel: Channel) =>
    channel === 'ZALO' ? 'Gõ “nop” để nhận liên kết trang nộp hồ sơ, rồi tải tệp kế hoạch lên.' : 'Gửi tệp kế hoạch cho trợ lý để nộp.',
  seePending: (channel: Channel, what = 'xem') => (channel === 'ZALO' ? `Gõ “choduyet” để ${what}.` : `Gõ /choduyet để ${what}.`),
  resubmit: (channel: Channel, refCode: string, nextVersion: number) =>
    channel === 'ZALO'
      ? `Thầy/cô sửa lại rồi gõ “nop” để nhận liên kết trang nộp hồ sơ, tải tệp mới lên và chọn nộp lại hồ sơ ${refCode}; tệp mới sẽ là lần nộp thứ ${nextVersion}.`
      : `Thầy/cô sửa lại rồi gửi tệp mới cho trợ lý và chọn “Nộp lại” hồ sơ ${refCode}; tệp mới sẽ là lần nộp thứ ${nextVersion}.`,
  /** Why a person's chat cannot be reached, in that person's app. */
  unreachableWhy: (channel: Channel) =>
    channel === 'ZALO' ? 'đã chặn trợ lý hoặc chưa nhắn tin cho trợ lý trên Zalo' : 'đã chặn trợ lý hoặc chưa bấm Bắt đầu',
};
