// The file types a plan may be handed in as, on every channel.
export const ALLOWED_EXTENSIONS = ['doc', 'docx', 'pdf', 'odt', 'xls', 'xlsx', 'ppt', 'pptx'] as const;

export function hasAllowedExtension(name: string): boolean {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  return name.includes('.') && (ALLOWED_EXTENSIONS as readonly string[]).includes(ext);
}
