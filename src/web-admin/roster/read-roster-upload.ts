// Reads a roster upload (multipart): the form's fields and one file, kept in memory up to the
// limit. Nothing is stored until the caller has checked the form's CSRF token, which browsers
// may send after the file.
import busboy from 'busboy';
import type { Request } from 'express';
import { displayFileName } from '../../core/text.js';
import { rosterFormatOf, type RosterFormat } from '../../roster/read-roster-file.js';

export const ROSTER_UPLOAD_MAX_BYTES = 10 * 1024 * 1024;

export interface RosterUpload {
  fields: Record<string, string>;
  file?: { name: string; format: RosterFormat; content: Buffer };
  /** Why the file cannot be used, in Vietnamese. */
  problem?: string;
}

export function readRosterUpload(req: Request, maxBytes = ROSTER_UPLOAD_MAX_BYTES): Promise<RosterUpload> {
  return new Promise((resolve) => {
    const upload: RosterUpload = { fields: {} };
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: 1, fields: 10, fieldSize: 1000, fileSize: maxBytes } });
    } catch {
      resolve({ fields: {}, problem: 'Dữ liệu gửi lên không đúng định dạng.' });
      return;
    }
    parser.on('field', (name, value) => (upload.fields[name] = value));
    parser.on('file', (_name, stream, info) => {
      const name = displayFileName(info.filename ?? '');
      const format = info.filename ? rosterFormatOf(info.filename) : undefined;
      if (!info.filename) upload.problem = 'Chưa chọn tệp danh sách.';
      else if (!format) upload.problem = 'Chỉ nhận tệp Excel (.xlsx, .xls) hoặc CSV (.csv). Hãy lưu danh sách thành một trong các dạng đó rồi tải lên lại.';
      if (upload.problem) return void stream.resume();
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => (upload.problem = `Tệp vượt quá ${Math.round(maxBytes / 1024 / 1024)} MB.`));
      stream.on('end', () => {
        if (!upload.problem) upload.file = { name, format: format!, content: Buffer.concat(chunks) };
      });
    });
    parser.on('error', () => resolve({ fields: upload.fields, problem: 'Dữ liệu gửi lên không đúng định dạng.' }));
    parser.on('close', () => {
      if (!upload.file && !upload.problem) upload.problem = 'Chưa chọn tệp danh sách.';
      resolve(upload);
    });
    req.pipe(parser);
  });
}
