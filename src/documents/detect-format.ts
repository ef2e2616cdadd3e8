// What a file really is, from its first bytes: a name can lie ("setup.exe" renamed .docx),
// content cannot.
export type FileFormat =
  | 'EMPTY'
  | 'ZIP' // Office Open XML or OpenDocument; told apart by their entries
  | 'PDF'
  | 'OLE' // legacy .doc/.xls/.ppt, or a password-protected Office file
  | 'RTF'
  | 'EXECUTABLE'
  | 'UNKNOWN';

export function detectFormat(head: Uint8Array): FileFormat {
  if (head.length === 0) return 'EMPTY';
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
  if (starts(0x50, 0x4b, 0x03, 0x04)) return 'ZIP';
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'PDF';
  if (starts(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) return 'OLE';
  if (starts(0x7b, 0x5c, 0x72, 0x74, 0x66)) return 'RTF';
  if (starts(0x4d, 0x5a) || starts(0x7f, 0x45, 0x4c, 0x46) || starts(0xcf, 0xfa, 0xed, 0xfe) || starts(0x23, 0x21)) return 'EXECUTABLE';
  return 'UNKNOWN';
}
