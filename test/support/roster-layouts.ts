// Roster files in the layouts real schools send (made here, never copied from a school):
// a title and motto block above the header, the CSDL upload template with "(*)" headers and
// a machine-key row, a tool's CSV with space-less headers, abbreviations and tags in names
// without a role column, phones stored as numbers, old 11-digit mobile numbers, and .xls.
import * as XLSX from '@e965/xlsx';
import ExcelJS from 'exceljs';

export type Cell = string | number;

/** School THCS-TP of the demo roster (group "Tổ Toán – Tin" exists there). */
export const TITLE_BLOCK: Cell[][] = [
  ['UBND PHƯỜNG LÊ CHÂN', '', '', '', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'],
  ['TRƯỜNG THCS TRẦN PHÚ', '', '', '', 'Độc lập - Tự do - Hạnh phúc'],
  [],
  ['DANH SÁCH CÁN BỘ, GIÁO VIÊN NĂM HỌC 2025-2026'],
  [],
  ['STT', 'Họ tên', 'Ngày sinh', 'Giới tính', 'Chức vụ', 'Tổ bộ môn', 'Môn giảng dạy', 'SĐT', 'Trình độ'],
  [1, 'Vũ Thị Hạnh', '12/03/1975', 'Nữ', 'HT', '', 'Toán', 912100001, 'Thạc sĩ'],
  [2, 'Đặng Văn Long', '02/11/1980', 'Nam', 'PHT', '', 'Ngữ văn', 912100002, 'Đại học'],
  [3, 'Phan Thị Ngọc', '05/06/1985', 'Nữ', 'TTCM', 'TỔ TOÁN - TIN', 'Toán', 912100003, 'Đại học'],
  [4, 'Bùi Văn Khoa', '17/09/1988', 'Nam', 'TPCM', 'Tổ Toán – Tin', 'Tin học', 912100004, 'Đại học'],
  [5, 'Hồ Thị Thu', '21/01/1990', 'Nữ', 'GV', 'Tổ Toán – Tin', 'Toán', '0912 100 005', 'Đại học'],
  [],
  ['', 'Người lập biểu', '', '', 'HIỆU TRƯỞNG'],
  ['', '', '', '', '(Ký tên, đóng dấu)'],
  ['', 'Hồ Thị Thu', '', '', 'Vũ Thị Hạnh'],
];

export const CSDL_TEMPLATE: Cell[][] = [
  ['STT', 'Mã cán bộ (*)', 'Họ và tên (*)', 'Ngày sinh (*)', 'Chức vụ (*)', 'Tổ chuyên môn', 'Môn dạy', 'Số điện thoại'],
  ['STT', 'MA_CAN_BO', 'HO_TEN', 'NGAY_SINH', 'CHUC_VU', 'TO_CHUYEN_MON', 'MON_DAY', 'SO_DIEN_THOAI'],
  [1, 'TP-C01', 'Lý Thị Hoa', '01/01/1980', 'Tổ trưởng chuyên môn', 'Tổ Ngữ văn', 'Ngữ văn', '0912200001'],
  [2, 'TP-C02', 'Mạc Văn Hùng', '01/01/1982', 'Tổ phó chuyên môn', 'Tổ Ngữ văn', 'Lịch sử', '0912200002'],
  [3, 'TP-C03', 'Tạ Thị Lan', '01/01/1991', 'Giáo viên', 'Tổ Ngữ văn', 'Ngữ văn', '01662200003'],
  [4, 'TP-C04', 'Kiều Văn Bình', '01/01/1970', 'Nhân viên văn thư', '', '', '0912200004'],
];

export const SPACELESS_CSV = [
  'STT,HọVàTên,ChứcVụ,TổChuyênMôn,NhómChuyênMôn,MônDạy,SốĐiệnThoại,NgàySinh',
  '1,Đinh Thị Mơ,Nhóm trưởng,TỔ TOÁN - TIN,Toán,Toán,0912300001,01/02/1988',
  '2,Lưu Văn Tài,Giáo viên,Tổ Toán – Tin,Toán,Toán,1662300002,03/04/1992',
  '3,Quách Thị Yến,Giáo viên,Tổ Toán – Tin,,Tin học,+84 912 300 003,05/06/1995',
].join('\r\n');

/** No role column: everyone a teacher unless a tag in the name says otherwise. */
export const TAGS_NO_ROLE: Cell[][] = [
  ['Họ tên', 'Mã GV', 'Tổ CM', 'Nhóm', 'Môn', 'ĐTDĐ'],
  ['Cao Văn Đức (TT)', 'TP-T01', 'Tổ Khoa học tự nhiên', '', 'Vật lí', 912400001],
  ['La Thị Hương (NTCM)', 'TP-T02', 'Tổ Khoa học tự nhiên', 'Hóa học', 'Hóa học', 912400002],
  ['Ông Văn Phúc', 'TP-T03', 'Tổ Khoa học tự nhiên', 'Hóa học', 'Hóa học', 912400003],
];

export async function xlsxOf(rows: Cell[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Danh sách');
  for (const row of rows) ws.addRow(row);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** An Excel 97–2003 workbook (BIFF8), as old school software still saves. */
export function xlsOf(rows: Cell[][]): Buffer {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), 'Danh sách');
  return XLSX.write(wb, { type: 'buffer', bookType: 'biff8' }) as Buffer;
}

export function csvOf(rows: Cell[][], separator = ','): Buffer {
  return Buffer.from(`\uFEFF${rows.map((r) => r.map(String).join(separator)).join('\r\n')}`);
}
