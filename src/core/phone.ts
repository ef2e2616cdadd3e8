// Vietnamese phone numbers arrive as 0912 345 678, +84 912 345 678, 84912345678, or — after a
// spreadsheet ate the leading zero — 912345678. They are stored as 0xxxxxxxxx.

/**
 * Mobile numbers went from 11 to 10 digits in 2018 (the Ministry of Information and
 * Communications' prefix conversion): 0162 → 032, 0120 → 070… Rosters still carry old ones.
 */
const OLD_MOBILE_PREFIXES: Readonly<Record<string, string>> = {
  '0120': '070', '0121': '079', '0122': '077', '0126': '076', '0128': '078',
  '0123': '083', '0124': '084', '0125': '085', '0127': '081', '0129': '082',
  '0162': '032', '0163': '033', '0164': '034', '0165': '035', '0166': '036', '0167': '037', '0168': '038', '0169': '039',
  '0186': '056', '0188': '058', '0199': '059',
};

/** The number as stored, and whether an old 11-digit mobile number was converted to get it. */
export function readPhone(raw: string): { phone: string; converted: boolean } | null {
  let digits = raw.trim().replace(/[\s.\-()]/g, '');
  if (digits.startsWith('+')) digits = digits.slice(1);
  if (!/^\d+$/.test(digits)) return null;
  if (digits.startsWith('84') && (digits.length === 11 || digits.length === 12)) digits = `0${digits.slice(2)}`;
  else if (/^1\d{9}$/.test(digits)) digits = `0${digits}`; // an old 01xx number stored as a number
  const old = /^01\d{9}$/.test(digits) ? OLD_MOBILE_PREFIXES[digits.slice(0, 4)] : undefined;
  if (old) {
    const phone = `${old}${digits.slice(4)}`;
    return { phone, converted: true };
  }
  const phone = normalisePhone(digits);
  return phone ? { phone, converted: false } : null;
}

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
