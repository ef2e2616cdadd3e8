// What a person is told about their file, whichever path tells them (chat reply, outbox
// message, upload page): one sentence, one place.
export const intakeTexts = {
  noSubmitRole: 'Tài khoản của thầy/cô không có vai trò nộp hồ sơ (chỉ xem và kiểm tra).',
  refused: (fileName: string, reason: string) => `❌ Chưa nhận tệp “${fileName}”: ${reason}`,
  failed: (fileName: string, cause: string) =>
    `❌ Trợ lý chưa lưu được tệp “${fileName}” ${cause}; hồ sơ chưa được ghi nhận. Vui lòng gửi lại tệp sau ít phút.`,
  tooLargeToStore: 'Tệp vượt quá 20 MB. Thầy/cô hãy giảm dung lượng (nén hoặc bớt hình ảnh trong tệp) rồi gửi lại; nếu không được, nhờ giáo viên quản trị phần mềm của trường hỗ trợ.',
  alreadyEnded: 'Tệp này đã được xử lý xong hoặc đã huỷ; thầy/cô có thể gửi tệp mới.',
} as const;

/** A full or read-only store is said as such (the job's last error is `STORAGE_FAILED: …`). */
export function failureCause(reason: string): string {
  return reason.startsWith('STORAGE_FAILED') ? 'do bộ nhớ lưu trữ của hệ thống đang gặp sự cố' : 'do sự cố kỹ thuật';
}
