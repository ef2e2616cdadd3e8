// Reads documents in worker threads with a time limit and a memory cap: a zip bomb, a
// pathological PDF or a parser bug costs one worker, which is replaced; the bot and the
// other users carry on.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { DEFAULT_LIMITS, type Extraction, type ExtractionLimits } from './extraction.js';

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

  async extract(file: string): Promise<Extraction> {
    try {
      return (await this.pool.run({ file, limits: this.limits }, { signal: AbortSignal.timeout(this.timeoutMs) })) as Extraction;
    } catch (error) {
      const name = (error as { name?: string; code?: string }).name;
      if (name === 'AbortError' || name === 'TimeoutError') return { status: 'UNREADABLE', format: 'ZIP', reason: 'TIMEOUT' };
      if (process.env.HSCM_DEBUG_EXTRACT) console.error(error);
      // A worker that ran out of memory or crashed: the file is too costly to read.
      return { status: 'UNREADABLE', format: 'ZIP', reason: 'TOO_LARGE' };
    }
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
