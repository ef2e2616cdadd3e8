// Fixed Vietnamese texts of the assistant.
import { displayFileName } from '../../core/text.js';
import { intakeTexts } from '../../use-cases/intake/intake-texts.js';

export const texts = {
  help: [
    'Trợ lý hồ sơ chuyên môn giúp thầy/cô nộp và duyệt hồ sơ:',
    '• Nộp hồ sơ: gửi tệp kế hoạch (Word, PDF, Excel, PowerPoint) vào đây. Ghi chú thích như “KHBD Toán 8 - Bài 5: Phân thức - 20/9” để trợ lý điền sẵn thông tin.',
    '• Mỗi tệp kế hoạch bài dạy chỉ chứa 01 bài học hoặc 01 chủ đề. Tệp Word (.docx) có nhiều bài: trợ lý đề nghị tách thành từng giáo án (mỗi bài một tệp), rồi hỏi tên bài và ngày dạy.',
    '• /trangthai — hồ sơ của tôi năm học này và những gì còn thiếu',
    '• /choduyet — hồ sơ đang chờ tôi duyệt',
    '• /huy — huỷ thao tác đang làm',
  ].join('\n'),
  notLinked:
    'Thầy/cô chưa liên kết tài khoản với trợ lý. Gõ /start để liên kết bằng số điện thoại, hoặc nhập mã liên kết do giáo viên quản trị phần mềm của trường cấp.',
  askContact:
    'Chào thầy/cô! Để bắt đầu, vui lòng bấm nút “📱 Chia sẻ số điện thoại” bên dưới để trợ lý nhận ra thầy/cô trong danh sách của trường. Nếu có mã liên kết, thầy/cô có thể gửi mã đó.',
  askCode: 'Chào thầy/cô! Vui lòng gửi mã liên kết (8 ký tự) do giáo viên quản trị phần mềm của trường cấp.',
  notOwnContact: 'Vui lòng chia sẻ số điện thoại của chính thầy/cô (bấm nút bên dưới), không phải danh bạ của người khác.',
  submitHowTo:
    'Thầy/cô gửi tệp kế hoạch vào đây (Word, PDF, Excel hoặc PowerPoint). Có thể ghi chú thích như “KHBD Toán 8 - Bài 5: Phân thức - 20/9” để trợ lý điền sẵn thông tin.',
  cancelled: 'Đã huỷ. Thầy/cô có thể gửi tệp khác bất cứ lúc nào.',
  nothingToCancel: 'Không có thao tác nào đang làm dở.',
  photo: 'Ảnh chụp trang giấy không phải là tệp kế hoạch. Vui lòng gửi tệp Word hoặc PDF của kế hoạch.',
  unsupported: 'Trợ lý chỉ nhận tệp kế hoạch (Word, PDF, Excel, PowerPoint) và tin nhắn chữ. Gõ /huongdan để xem hướng dẫn.',
  notUnderstood: 'Trợ lý chưa hiểu ý thầy/cô. Gửi tệp kế hoạch để nộp hồ sơ, hoặc gõ /huongdan để xem hướng dẫn.',
  staleButton: 'Nút này không còn hiệu lực.',
  noSubmitRole: intakeTexts.noSubmitRole,
  wrongType: (ext: string) =>
    `Trợ lý không nhận tệp “.${displayFileName(ext).slice(0, 16)}”. Vui lòng gửi tệp Word (.doc, .docx), PDF, OpenDocument (.odt), Excel (.xls, .xlsx) hoặc PowerPoint (.ppt, .pptx).`,
  tooLarge: (mb: number, link: string | null) =>
    `Tệp nặng ${mb.toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB, vượt giới hạn 20 MB mà trợ lý nhận được qua Telegram.` +
    (link ? `\nThầy/cô có thể tải tệp lên qua trang web (liên kết dùng một lần, hiệu lực 24 giờ):\n${link}` : ''),
  busyWithFile: (name: string) =>
    `Thầy/cô đang nộp dở tệp “${name}”. Vui lòng trả lời câu hỏi ở trên, hoặc gõ /huy để bỏ rồi gửi tệp mới.`,
  stillChecking: 'Trợ lý đang kiểm tra tệp, thầy/cô vui lòng chờ trong giây lát.',
  checking: (name: string) => `⏳ Đang kiểm tra tệp “${name}”…`,
  askReason: (ref: string) => `Vui lòng nhập lý do trả lại hồ sơ ${ref} (bắt buộc):`,
  planNotFound: (ref: string) => `Không tìm thấy hồ sơ mã ${ref}. Thầy/cô kiểm tra lại mã trong tin nhắn của trợ lý (6 ký tự, ví dụ K7F3Q2).`,
  /** `told`: whether and when the teacher hears of it (toldSentence: quiet hours hold it back). */
  approved: (ref: string, told: string) => `✅ Đã duyệt hồ sơ ${ref}. ${told}`,
  returned: (ref: string, told: string) => `↩️ Đã trả lại hồ sơ ${ref} kèm lý do. ${told}`,
} as const;

/** Links to the upload page requested from a chat without documents (Zalo) are short-lived. */
export const CHAT_UPLOAD_LINK_HOURS = 2;

/**
 * What differs on Zalo, which shows no buttons and cannot receive documents: commands are
 * typed as words, files go through the upload page, decisions through a link or a text reply.
 */
export const textOnlyTexts = {
  help: [
    'Trợ lý hồ sơ chuyên môn giúp thầy/cô nộp và duyệt hồ sơ. Thầy/cô gõ các lệnh sau (có dấu hay không dấu đều được):',
    '• nop — nhận liên kết trang nộp hồ sơ, để tải tệp kế hoạch (Word, PDF, Excel, PowerPoint) lên từ điện thoại hoặc máy tính',
    '• Mỗi tệp kế hoạch bài dạy chỉ chứa 01 bài học hoặc 01 chủ đề. Tệp Word (.docx) có nhiều bài: trên trang nộp, đánh dấu ô “Tách thành từng giáo án”; trợ lý tách mỗi bài thành một tệp rồi hỏi tên bài và ngày dạy tại đây.',
    '• trangthai — hồ sơ của tôi năm học này và những gì còn thiếu',
    '• choduyet — hồ sơ đang chờ tôi duyệt, kèm liên kết xem và duyệt',
    '• duyet <mã hồ sơ> — duyệt hồ sơ, ví dụ: duyet K7F3Q2',
    '• tra <mã hồ sơ> <lý do> — trả lại hồ sơ kèm lý do',
    '• huy — huỷ thao tác đang làm',
  ].join('\n'),
  notLinked: 'Thầy/cô chưa liên kết tài khoản Zalo với trợ lý. Vui lòng gửi mã liên kết (8 ký tự) do giáo viên quản trị phần mềm của trường cấp.',
  photo: 'Ảnh chụp trang giấy không phải là tệp kế hoạch. Vui lòng nộp tệp Word hoặc PDF của kế hoạch qua trang nộp hồ sơ: gõ “nop” để nhận liên kết.',
  unsupported: 'Trợ lý chỉ hiểu tin nhắn chữ. Gõ “nop” để nộp hồ sơ, hoặc “huongdan” để xem hướng dẫn.',
  notUnderstood: 'Trợ lý chưa hiểu ý thầy/cô. Gõ “nop” để nộp hồ sơ, “choduyet” để xem hồ sơ chờ duyệt, hoặc “huongdan” để xem hướng dẫn.',
  uploadLink: (link: string) =>
    `📤 Thầy/cô mở liên kết sau để nộp hồ sơ (dùng một lần, hiệu lực ${CHAT_UPLOAD_LINK_HOURS} giờ, đã gắn với tài khoản của thầy/cô):\n${link}\n` +
    'Trang nộp hỏi loại hồ sơ, môn, lớp, tên bài và ngày dạy, rồi kiểm tra tệp như khi nộp qua chat. Trợ lý sẽ báo tại đây khi nhận được hồ sơ.',
  fileNotReceived: 'Zalo không chuyển tệp cho trợ lý, nên trợ lý chưa nhận được tệp thầy/cô vừa gửi.',
  decideHint: 'Trả lời “duyet <mã>” để duyệt, hoặc “tra <mã> <lý do>” để trả lại.',
} as const;

/** The texts of this channel: the Telegram words, or the text-only ones. */
export function channelTexts(caps: { buttons: boolean; documents: boolean }) {
  const t = caps.documents ? texts : textOnlyTexts;
  return { help: t.help, notLinked: t.notLinked, photo: t.photo, unsupported: t.unsupported, notUnderstood: t.notUnderstood };
}
