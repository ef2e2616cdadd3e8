// Vietnamese phone numbers arrive as 0912 345 678, +84 912 345 678, 84912345678, or — after a
// spreadsheet ate the leading zero — 912345678. They are stored as 0xxxxxxxxx.

/** The normalised number, or null when it cannot be a Vietnamese phone number. */
export function normalisePhone(raw: string): string | null {
  let digits = raw.trim().replace(/[\s.\-()]/g, '');
  if (digits.startsWith('+')) digits = digits.slice(1);
  if (!/^\d+$/.test(digits)) return null;
  if (digits.startsWith('84') && (digits.length === 11 || digits.length === 12)) {
    digits = `0${digits.slice(2)}`;
  } else if (!digits.startsWith('0') && (digits.length === 9 || digits.length === 10)) {
    digits = `0${digits}`;
  }
  const mobile = /^0[35789]\d{8}$/.test(digits);
  const landline = /^02\d{9}$/.test(digits);
  return mobile || landline ? digits : null;
}
