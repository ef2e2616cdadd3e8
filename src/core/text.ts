/**
 * Folds Vietnamese text for loose matching: no diacritics, đ→d, lower case, single spaces.
 * "Tổ trưởng" and "TO TRUONG" both become "to truong". Never use it for display.
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .replace(/\uFEFF/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A user's file name as it may be shown back to people (it never becomes a path): control
 * characters, direction overrides ("KHBD\u202excod.exe" shows as "KHBDexe.docx") and slashes
 * removed, long names shortened in the middle.
 */
export function displayFileName(name: string): string {
  const clean = name.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069/\\]/g, '').trim();
  return (clean.length > 120 ? `${clean.slice(0, 80)}…${clean.slice(-30)}` : clean) || 'tệp';
}

/** An ASCII code from a name: "UBND phường Lê Chân" → "UBND-PHUONG-LE-CHAN". */
export function codeFromName(name: string): string {
  return foldVietnamese(name).toUpperCase().replace(/[^A-Z0-9]+/g, '-').replace(/^-|-$/g, '');
}
