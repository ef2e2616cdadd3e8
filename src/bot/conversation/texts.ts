// Fixed Vietnamese texts of the assistant.

export const ALLOWED_EXTENSIONS = ['doc', 'docx', 'pdf', 'odt', 'xls', 'xlsx', 'ppt', 'pptx'] as const;

export const texts = {
  help: [
    'Trợ lý hồ sơ chuyên môn giúp thầy/cô nộp và duyệt hồ sơ:',
    '• Nộp hồ sơ: gửi tệp kế hoạch (Word, PDF, Excel, PowerPoint) vào đây. Ghi chú thích như “KHBD Toán 8 - Bài 5: Phân thức - 20/9” để trợ lý điền sẵn thông tin.',
    '• Mỗi tệp kế hoạch bài dạy chỉ chứa 01 bài học hoặc 01 chủ đề.',
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
  noSubmitRole: 'Tài khoản của thầy/cô không có vai trò nộp hồ sơ (chỉ xem và kiểm tra).',
  wrongType: (ext: string) =>
    `Trợ lý không nhận tệp “.${ext}”. Vui lòng gửi tệp Word (.doc, .docx), PDF, OpenDocument (.odt), Excel (.xls, .xlsx) hoặc PowerPoint (.ppt, .pptx).`,
  tooLarge: (mb: number, link: string | null) =>
    `Tệp nặng ${mb.toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB, vượt giới hạn 20 MB mà trợ lý nhận được qua Telegram.` +
    (link ? `\nThầy/cô có thể tải tệp lên qua trang web (liên kết dùng một lần, hiệu lực 24 giờ):\n${link}` : ''),
  busyWithFile: (name: string) =>
    `Thầy/cô đang nộp dở tệp “${name}”. Vui lòng trả lời câu hỏi ở trên, hoặc gõ /huy để bỏ rồi gửi tệp mới.`,
  stillChecking: 'Trợ lý đang kiểm tra tệp, thầy/cô vui lòng chờ trong giây lát.',
  checking: (name: string) => `⏳ Đang kiểm tra tệp “${name}”…`,
  askReason: (ref: string) => `Vui lòng nhập lý do trả lại hồ sơ ${ref} (bắt buộc):`,
} as const;
