// What every organisation and staff change needs: who acts (their roles, and the name the
// audit log records), form input checked by a schema, and the Vietnamese errors for both.
import { z } from 'zod';
import { AppError } from '../core/app-error.js';
import type { Actor } from '../core/org.js';
import { parseId } from '../core/ids.js';

export interface Changer {
  actor: Actor;
  /** How the audit log names them: `web:<username>`. */
  by: string;
}

/** Parses input with a schema whose messages are Vietnamese; the first problem is reported. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw new AppError('INVALID_INPUT', result.error.issues[0]?.message ?? 'Dữ liệu không hợp lệ.');
  return result.data;
}

export const NOT_FOUND_MESSAGE = 'Không tìm thấy, hoặc bạn không có quyền xem mục này.';

export function forbidden(message = 'Bạn không có quyền thực hiện thay đổi này.'): AppError {
  return new AppError('FORBIDDEN', message);
}

/** A required single-line text field: trimmed, inner spaces collapsed, NFC. */
export function textField(label: string, max = 200) {
  return z
    .string({ error: `Thiếu ${label}.` })
    .transform((s) => s.normalize('NFC').trim().replace(/\s+/g, ' '))
    .pipe(z.string().min(1, `Thiếu ${label}.`).max(max, `${capitalise(label)} dài quá ${max} ký tự.`));
}

/** An optional single-line text field: empty becomes null. */
export function optionalTextField(label: string, max = 200) {
  return z
    .string()
    .optional()
    .transform((s) => (s ?? '').normalize('NFC').trim().replace(/\s+/g, ' '))
    .pipe(z.string().max(max, `${capitalise(label)} dài quá ${max} ký tự.`))
    .transform((s) => (s === '' ? null : s));
}

/** A positive integer id, from a form or a URL. */
export const idField = z.unknown().transform((value, ctx) => {
  const id = parseId(typeof value === 'number' ? value : String(value ?? '').trim());
  if (id === null) ctx.addIssue({ code: 'custom', message: 'Mã số không hợp lệ.' });
  return id ?? z.NEVER;
});

/** "1"/"0" (or "true"/"false") from a form's hidden field. */
export const flagField = z.enum(['1', '0', 'true', 'false'], { error: 'Giá trị không hợp lệ.' }).transform((v) => v === '1' || v === 'true');

/** A deactivate / reactivate form: `active=0|1`. */
export const ActiveChange = z.object({ active: flagField });

/** Up to five names for a message, then "…". */
export function names(list: readonly string[]): string {
  return list.length > 5 ? `${list.slice(0, 5).join(', ')}, …` : list.join(', ');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
