// Reads documents in worker threads with a time limit and a memory cap: a zip bomb, a
// pathological PDF or a parser bug costs one worker, which is replaced; the bot and the
// other users carry on.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { analyseWithoutText, type DocumentAnalysis } from '../core/documents/document-analysis.js';
import { DEFAULT_LIMITS, type Extraction, type ExtractionLimits } from './extraction.js';
import type { DocumentPreview } from './preview-document.js';
import type { SplitResult } from './split-docx.js';

export interface TextExtractorOptions {
  /** Longest a file may take to read. Default 20 s: a 20-page .docx takes well under one. */
  timeoutMs?: number;
  /** Heap cap of a worker, in MB. Default 512. */
  maxMemoryMb?: number;
  /** Worker threads. Default 1: the machine has two cores and the bot needs one. */
  threads?: number;
  limits?: ExtractionLimits;
}

export class TextExtractor {
  private readonly pool: Piscina;
  private readonly timeoutMs: number;
  private readonly limits: ExtractionLimits;

  constructor(options: TextExtractorOptions = {}) {
    const here = path.dirname(fileURLToPath(import.meta.url));
    const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
    this.timeoutMs = options.timeoutMs ?? 20_000;
    this.limits = options.limits ?? DEFAULT_LIMITS;
    this.pool = new Piscina({
      filename: path.join(here, `extract-worker${ext}`),
      minThreads: 0,
      maxThreads: options.threads ?? 1,
      idleTimeout: 60_000,
      // Running from TypeScript sources (npm start, tests): workers load them through tsx too.
      execArgv: ext === '.ts' ? ['--import', 'tsx'] : [],
      resourceLimits: { maxOldGenerationSizeMb: options.maxMemoryMb ?? 512, maxYoungGenerationSizeMb: 64 },
    });
  }

  /** The text of a file, or why there is none. */
  async extract(file: string): Promise<Extraction> {
    return this.run<Extraction>({ file, limits: this.limits }, (reason) => ({ status: 'UNREADABLE', format: 'ZIP', reason }));
  }

  /** Reads and checks a file in the worker: only the small analysis comes back. */
  async analyse(file: string): Promise<DocumentAnalysis> {
    return this.run<DocumentAnalysis>({ file, limits: this.limits, analyse: true }, (reason) =>
      analyseWithoutText({ status: 'UNREADABLE', format: 'ZIP', reason }),
    );
  }

  /** Renders a file for reading in the browser (preview-document.ts), in the worker. */
  async preview(file: string): Promise<DocumentPreview> {
    return this.run<DocumentPreview>({ file, limits: this.limits, preview: true }, (reason) => ({ status: 'NONE', format: null, reason }));
  }

  /** Cuts a .docx holding several lessons into one .docx per lesson, in the worker (split-docx.ts). */
  async split(file: string): Promise<SplitResult> {
    const result = await this.run<SplitResult>({ file, limits: this.limits, split: true }, (reason) => ({ status: 'NOT_SPLIT', reason }));
    // A Buffer crosses the thread boundary as a plain Uint8Array.
    return result.status === 'SPLIT' ? { status: 'SPLIT', parts: result.parts.map((p) => ({ ...p, docx: Buffer.from(p.docx.buffer, p.docx.byteOffset, p.docx.byteLength) })) } : result;
  }

  private async run<T>(task: object, failed: (reason: 'TIMEOUT' | 'TOO_LARGE') => T): Promise<T> {
    try {
      return (await this.pool.run(task, { signal: AbortSignal.timeout(this.timeoutMs) })) as T;
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name === 'AbortError' || name === 'TimeoutError') return failed('TIMEOUT');
      // A worker that ran out of memory or crashed: the file is too costly to read.
      return failed('TOO_LARGE');
    }
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
