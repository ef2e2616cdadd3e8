// What the admin pages need from the running product.
import type { Db } from '../db/prisma.js';
import type { RosterImportStatus } from '../jobs/job-system.js';
import type { Logger } from '../infra/logger.js';
import type { FileStore } from '../storage/file-store.js';
import type { PlanFileReader } from '../use-cases/plan-file-reader.js';

export interface AdminDeps {
  db: Db;
  logger: Logger;
  fileStore: FileStore;
  /** Renders stored plan files for "Xem nhanh" (the product's extraction worker); without it plans offer downloads only. */
  documents?: PlanFileReader;
  now(): Date;
  /** The product's public address, for links printed on link-code sheets. */
  publicUrl: string;
  cityName: string;
  /** The Telegram bot's username once known (deep links t.me/<bot>?start=<code>). */
  telegramBotUsername(): string | undefined;
  /** The Zalo bot's display name, once known (shown on link-code sheets). */
  zaloBotName?(): string | undefined;
  /** Which chat channels have a bot token (a link-code sheet says plainly when one is off). */
  channels?: { telegram: boolean; zalo: boolean };
  /** Job counts per queue and state, for the operations page. */
  queueCounts(): Promise<Record<string, Record<string, number>>>;
  /** Background roster imports (BullMQ); without it the import runs in the request. */
  rosterImports?: {
    start(previewId: number): Promise<string>;
    status(jobId: string): Promise<RosterImportStatus | null>;
  };
}
