// The printable sheet of freshly issued link codes: one card per person to cut out and hand
// over, with the Telegram deep link as a QR code and the Zalo instruction. The codes exist
// only in this response (the database keeps their hashes).
import QRCode from 'qrcode';
import { formatVnDate, vnDateOf, vnTimeOf } from '../../core/calendar.js';
import type { IssuedLinkCode } from '../../use-cases/issue-link-code.js';
import { html, raw, type SafeHtml } from '../html.js';

export interface LinkCodeCard {
  issued: IssuedLinkCode;
  /** Where the person works, to sort the cut cards: "Trường THCS Trần Phú · Tổ Toán – Tin". */
  place: string;
}

const SHEET_STYLE = `
.codes{display:grid;grid-template-columns:repeat(auto-fill,minmax(17rem,1fr));gap:.8rem}
.code-card{background:#fff;border:1px dashed #7b8794;border-radius:.5rem;padding:.8rem 1rem;break-inside:avoid;page-break-inside:avoid}
.code-card h2{margin:0 0 .2rem;font-size:1.05rem}.code-card .code{font:700 1.7rem/1.3 ui-monospace,Menlo,Consolas,monospace;letter-spacing:.18em}
.code-card .qr{float:right;margin:0 0 .3rem .6rem}.code-card .qr svg{width:8rem;height:8rem;display:block}
.code-card p{margin:.25rem 0}.code-card .link{word-break:break-all;font-size:.85rem}
@media print{.admin main{max-width:none;padding:0}.codes{grid-template-columns:repeat(2,1fr);gap:.4rem}h1{font-size:1.1rem}}`;

export function telegramDeepLink(botUsername: string, code: string): string {
  return `https://t.me/${botUsername}?start=${code}`;
}

export interface SheetChannels {
  /** The Telegram bot's username once known (undefined: off, or not yet reached). */
  botUsername?: string;
  zaloBotName?: string;
  /** Which channels have a token; default: both on. */
  on?: { telegram: boolean; zalo: boolean };
}

/** Says on screen (not on the printed cards) why a channel's instructions are missing. */
function channelNotice(ch: SheetChannels): SafeHtml {
  const on = ch.on ?? { telegram: true, zalo: true };
  const lines: string[] = [];
  if (!on.telegram) lines.push('Kênh Telegram đang tắt (chưa cấu hình TELEGRAM_BOT_TOKEN): thẻ không có mã QR Telegram. Mã vẫn dùng được khi kênh được bật.');
  else if (!ch.botUsername) lines.push('Chưa kết nối được với bot Telegram nên chưa biết tên bot: thẻ không có mã QR; người nhận mở trợ lý Telegram của trường rồi gửi mã. Thử cấp lại sau ít phút để có mã QR.');
  if (!on.zalo) lines.push('Kênh Zalo đang tắt (chưa cấu hình ZALO_BOT_TOKEN): thẻ không có hướng dẫn Zalo.');
  else if (!ch.zaloBotName) lines.push('Chưa biết tên trợ lý trên Zalo (chưa kết nối được): thẻ chỉ ghi “gửi mã cho trợ lý”.');
  if (!on.telegram && !on.zalo) lines.push('Cả hai kênh chat đều tắt: chưa ai dùng được mã này cho đến khi một kênh được bật. Liên hệ người quản trị máy chủ.');
  return lines.length > 0 ? html`<div class="notice no-print" role="status">${lines.map((l) => html`<p>${l}</p>`)}</div>` : html``;
}

export async function linkCodeSheet(cards: readonly LinkCodeCard[], channels: SheetChannels): Promise<SafeHtml> {
  const on = channels.on ?? { telegram: true, zalo: true };
  const botUsername = on.telegram ? channels.botUsername : undefined;
  const zaloBotName = on.zalo ? channels.zaloBotName : undefined;
  const rendered = await Promise.all(cards.map((card) => cardHtml(card, botUsername, zaloBotName, on)));
  return html`<style>${raw(SHEET_STYLE)}</style>
<h1>Mã liên kết trợ lý (${cards.length} người)</h1>
<div class="notice no-print"><p>Mã chỉ hiện <strong>một lần</strong> trên trang này: hãy in hoặc gửi ngay cho từng người. Mỗi mã dùng được một lần;
cấp mã mới thì mã cũ chưa dùng của người đó hết hiệu lực.</p>
<p class="row"><button type="button" data-print>In trang này</button> <a href="/links">← Về trang liên kết chat</a></p></div>
${channelNotice(channels)}
<div class="codes">${rendered}</div>
<script src="/assets/print.js"></script>`;
}

async function cardHtml({ issued, place }: LinkCodeCard, botUsername: string | undefined, zaloBotName: string | undefined, on: { telegram: boolean; zalo: boolean }): Promise<SafeHtml> {
  const expires = `${vnTimeOf(issued.expiresAt)} ngày ${formatVnDate(vnDateOf(issued.expiresAt))}`;
  const deepLink = botUsername ? telegramDeepLink(botUsername, issued.code) : undefined;
  // The SVG is drawn by the qrcode package from our own URL: paths only, no text of the user's.
  const qr = deepLink ? raw(await QRCode.toString(deepLink, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })) : '';
  return html`<section class="code-card">
${deepLink ? html`<div class="qr" role="img" aria-label="Mã QR mở trợ lý trên Telegram">${qr}</div>` : ''}
<h2>${issued.staff.fullName}</h2>
<p class="hint">${issued.staff.code}${place ? ` · ${place}` : ''}</p>
<p>Mã liên kết:</p><p class="code">${issued.code}</p>
<p class="hint">Hết hạn: ${expires}. Chỉ dùng được một lần.</p>
${!on.telegram ? '' : deepLink
    ? html`<p><strong>Telegram:</strong> quét mã QR hoặc mở <span class="link">${deepLink}</span> rồi bấm “Bắt đầu”.</p>`
    : html`<p><strong>Telegram:</strong> mở trợ lý và gửi mã ${issued.code}.</p>`}
${on.zalo ? html`<p><strong>Zalo:</strong> ${zaloBotName ? `tìm “${zaloBotName}” trên Zalo, ` : ''}gửi mã ${issued.code} cho trợ lý.</p>` : ''}
</section>`;
}
