// `npm run cli -- split-docx <file.docx> <folder>`: the hotline splits a teacher's .docx that
// holds several lessons into one .docx per lesson (styles, tables and images kept), to send
// back or to upload lesson by lesson. Needs no database.
import fs from 'node:fs';
import path from 'node:path';
import { splitDocx } from '../documents/split-docx.js';
import { usage, type CliIo } from './help.js';

const REASONS = {
  NOT_DOCX: 'chỉ tách được tệp Word .docx (tệp .doc và PDF không tách được mà giữ nguyên trình bày)',
  TOO_LARGE: 'tệp quá lớn',
  ONE_LESSON: 'trợ lý không thấy từ hai bài dạy trở lên trong tệp',
  CORRUPT: 'tệp bị hỏng hoặc không đúng định dạng',
  TIMEOUT: 'đọc tệp quá lâu',
} as const;

export async function runSplitCommand(io: CliIo, args: string[]): Promise<number> {
  const [file, folder] = args;
  if (!file || !folder) return usage(io, 'Cần đường dẫn tệp .docx và thư mục để ghi các tệp đã tách.');
  if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) return usage(io, `Không tìm thấy tệp ${file}.`);
  const result = await splitDocx(file);
  if (result.status !== 'SPLIT') {
    io.err(`Không tách tệp ${file}: ${REASONS[result.reason]}.`);
    return 1;
  }
  fs.mkdirSync(folder, { recursive: true });
  const base = path.basename(file, path.extname(file));
  result.parts.forEach((part, i) => {
    const out = path.join(folder, `${base}-bai-${String(i + 1).padStart(2, '0')}.docx`);
    fs.writeFileSync(out, part.docx, { flag: 'wx' });
    io.out(`${out}: ${part.title ?? '(không rõ tên bài)'}`);
  });
  io.out(`Đã tách thành ${result.parts.length} tệp, mỗi tệp một bài dạy.`);
  return 0;
}
