// Reads stored plan files for the web's "Xem nhanh" pages: the rendered preview of a version and
// what changed between two versions. Files are opened by their SHA-256 through the file store
// (a user's file name never becomes a path); rendering runs in the extraction worker, with its
// time and memory limits. Renders are kept in a small cache by content hash: the same bytes
// always render alike, and a reviewer's page, its preview and the plan page share one render.
import { textChanges, type TextChanges } from '../core/documents/text-changes.js';
import type { DocumentPreview } from '../documents/preview-document.js';
import type { FileStore } from '../storage/file-store.js';

export interface PreviewRenderer {
  preview(file: string): Promise<DocumentPreview>;
}

export interface PlanFileReaderOptions {
  /** Most bytes of renders kept (HTML with its inline images, and texts). Default 48 MB. */
  cacheBytes?: number;
}

export class PlanFileReader {
  private readonly cache = new Map<string, { preview: Promise<DocumentPreview>; bytes: number }>();
  private readonly cacheBytes: number;
  private cached = 0;

  constructor(
    private readonly fileStore: FileStore,
    private readonly renderer: PreviewRenderer,
    options: PlanFileReaderOptions = {},
  ) {
    this.cacheBytes = options.cacheBytes ?? 48 * 1024 * 1024;
  }

  /** The preview of a stored file; throws the store's NOT_FOUND when the file is missing. */
  preview(sha256: string): Promise<DocumentPreview> {
    const hit = this.cache.get(sha256);
    if (hit) {
      // Most recently used last.
      this.cache.delete(sha256);
      this.cache.set(sha256, hit);
      return hit.preview;
    }
    const preview = this.fileStore.localPath(sha256).then((file) => this.renderer.preview(file));
    const entry = { preview, bytes: 0 };
    this.cache.set(sha256, entry);
    preview.then(
      // A read that ran out of time (a busy worker) is not kept: the next request tries again.
      (done) => (done.status === 'NONE' && done.reason === 'TIMEOUT' ? this.forget(sha256, entry) : this.keep(sha256, entry, sizeOf(done))),
      () => this.forget(sha256, entry),
    );
    return preview;
  }

  /** What changed from one version's text to another's; null when either has no text to compare. */
  async changes(before: string, after: string): Promise<TextChanges | null> {
    const [a, b] = await Promise.all([this.preview(before), this.preview(after)]);
    if (a.status === 'NONE' || b.status === 'NONE') return null;
    return textChanges(a.paragraphs, b.paragraphs);
  }

  private keep(sha256: string, entry: { bytes: number }, bytes: number): void {
    if (this.cache.get(sha256) !== entry) return;
    if (bytes > this.cacheBytes / 2) return this.forget(sha256, entry);
    entry.bytes = bytes;
    this.cached += bytes;
    for (const [key, old] of this.cache) {
      if (this.cached <= this.cacheBytes) break;
      if (key !== sha256) this.forget(key, old);
    }
  }

  private forget(sha256: string, entry: { bytes: number }): void {
    if (this.cache.get(sha256) !== entry) return;
    this.cache.delete(sha256);
    this.cached -= entry.bytes;
  }
}

function sizeOf(preview: DocumentPreview): number {
  if (preview.status === 'NONE') return 64;
  const text = preview.paragraphs.reduce((n, p) => n + p.length * 2, 0);
  return text + (preview.status === 'HTML' ? preview.html.length * 2 : 0);
}
