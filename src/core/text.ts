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

/** An ASCII code from a name: "UBND phường Lê Chân" → "UBND-PHUONG-LE-CHAN". */
export function codeFromName(name: string): string {
  return foldVietnamese(name).toUpperCase().replace(/[^A-Z0-9]+/g, '-').replace(/^-|-$/g, '');
}
