// The CLI's usage text (Vietnamese: it is for the hotline team) and where a run writes.
export const HELP = `Cách dùng: npm run cli -- <lệnh> [tuỳ chọn]

  import <tệp.xlsx|tệp.xls|tệp.csv> [--school <mã trường>] [--dry-run]
                                          Nhập danh sách cán bộ (kiểm tra toàn bộ trước khi ghi);
                                          --school: tệp của một trường, không có cột mã trường
  seed-demo                               Nạp danh sách và hồ sơ mẫu (giáo án, kế hoạch năm học) nếu cơ sở dữ liệu chưa có ai
  check-file <tệp|thư mục>… [--kind lesson|teacher|group-teaching|group-activities|school] [--json]
                                          Kiểm tra tệp như trợ lý kiểm tra (không cần cơ sở dữ liệu);
                                          nhiều tệp hoặc một thư mục: in bảng tóm tắt
  split-docx <tệp.docx> <thư mục>         Tách tệp .docx có nhiều bài dạy thành mỗi bài một tệp (giữ kiểu chữ, bảng, hình)
  link-code <số điện thoại|mã cán bộ> [--hours N]
                                          Cấp mã liên kết Telegram/Zalo dùng một lần (mặc định 72 giờ)
  create-account <số điện thoại|mã cán bộ> [--username tên]
                                          Tạo tài khoản trang quản trị (in mật khẩu tạm một lần)
  reset-password <tên đăng nhập>          Cấp lại mật khẩu tạm cho tài khoản trang quản trị
  preview-reminders [--at "dd/mm/yyyy HH:MM"]
                                          Xem trước ai sẽ được nhắc gì vào thời điểm đó (không gửi)
  check [--json] [--fail-on-orphans] [--delete-orphans [--older-than <giờ>]]
                                          Kiểm tra mọi tệp hồ sơ còn đủ và đúng mã SHA-256; liệt kê tệp không dùng đến
  backup <thư mục>                        Sao lưu cơ sở dữ liệu và kho tệp khi hệ thống đang chạy (xem docs/operations.md)
  help                                    Hiện hướng dẫn này`;

/** Where a run reads its configuration and writes its lines (a process: its environment, stdout, stderr). */
export interface CliIo {
  env: NodeJS.ProcessEnv;
  out(text: string): void;
  err(text: string): void;
}

/** A command-line mistake (unknown option, missing value) in Vietnamese, not a stack trace. */
export function argumentProblem(error: unknown): string | null {
  const code = (error as { code?: string } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS')) return null;
  const option = /'(-{1,2}[^'\s]+)/.exec((error as Error).message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `Không có tuỳ chọn ${option ?? ''} cho lệnh này.`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return `Tuỳ chọn ${option ?? ''} thiếu giá trị hoặc giá trị không đúng.`;
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return 'Lệnh này không nhận thêm tham số.';
  return 'Tham số dòng lệnh không đúng.';
}

export function usage(io: CliIo, message: string): number {
  io.err(`${message}\n\n${HELP}`);
  return 2;
}
