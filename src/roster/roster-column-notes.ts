// How to fill each roster column, for the upload page and the template's help sheet
// (the same rules as the README's "Roster format").
import type { RosterColumn } from './roster-columns.js';

export const ROSTER_COLUMN_NOTES: Record<RosterColumn, { required: string; note: string }> = {
  schoolCode: { required: 'Cán bộ, giáo viên của trường (trừ khi chọn trường lúc nhập)', note: 'Mã trường, ví dụ THCS-TP. Tệp của một trường có thể bỏ các cột trường và chọn trường khi nhập.' },
  schoolName: { required: 'Cán bộ, giáo viên của trường', note: 'Tên đầy đủ của trường.' },
  level: { required: 'Cán bộ, giáo viên của trường', note: 'THCS, THPT hoặc Nhiều cấp.' },
  unit: {
    required: 'Trường THCS: bắt buộc',
    note: 'Đơn vị quản lý trực tiếp của trường (nơi nhận báo cáo kế hoạch). Trường THPT và nhiều cấp để trống: thuộc Phòng Giáo dục trung học. Với cán bộ cơ quan: đơn vị công tác.',
  },
  unitType: { required: 'Không', note: 'Loại đơn vị quản lý, ví dụ “Phòng Văn hóa – Xã hội phường”.' },
  group: { required: 'Giáo viên', note: 'Tổ chuyên môn, ví dụ “Tổ Toán – Tin”.' },
  subgroup: { required: 'Nhóm trưởng; giáo viên thuộc nhóm', note: 'Nhóm chuyên môn, ghi bằng tên môn (ví dụ “Toán”).' },
  staffCode: { required: 'Mã cán bộ hoặc Điện thoại', note: 'Hệ thống nhận ra mỗi người theo mã cán bộ, nếu không có thì theo số điện thoại.' },
  fullName: { required: 'Có', note: '' },
  roles: {
    required: 'Không (để trống: giáo viên)',
    note: 'Giáo viên (GV), Nhóm trưởng (NTCM), Tổ trưởng (TT, TTCM), Tổ phó (TP, TPCM: nhập là giáo viên của tổ), Phó hiệu trưởng (PHT), Hiệu trưởng (HT), Quản trị phần mềm, Tài khoản đơn vị, Chuyên viên, Lãnh đạo phòng, Giám đốc/Phó Giám đốc, Hotline. Nhiều vai trò cách nhau bằng dấu “;”. Có thể ghi sau họ tên: “Nguyễn Văn A (TT)”. Nhân viên (không dạy) được bỏ qua.',
  },
  subjects: { required: 'Chuyên viên; giáo viên không thuộc nhóm', note: 'Ví dụ “Toán; Tin học”.' },
  phone: { required: 'Mã cán bộ hoặc Điện thoại', note: '0912…, +84912… hay 84912… là cùng một số.' },
  email: { required: 'Không', note: '' },
};
