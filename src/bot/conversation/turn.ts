// What every dialog of the conversation is handed: the product's services (ConversationDeps)
// and the one update being answered (Turn). Its own module, so that the dispatcher
// (handle-inbound.ts) imports the dialogs and no dialog imports the dispatcher.
import type { Channel } from '../../core/vocabulary.js';
import type { ConversationStore } from '../../db/conversation-store.js';
import type { Db } from '../../db/prisma.js';
import type { Logger } from '../../infra/logger.js';
import type { FloodGuard } from './flood-guard.js';
import type { ChannelCapabilities, Inbound } from './inbound.js';

export interface ConversationDeps {
  db: Db;
  logger: Logger;
  /** Hands a recorded intake to the job that downloads, checks and files it. */
  enqueueIntake(intakeId: number): Promise<void>;
  /** A single-use web upload link for this person; the confirmation goes to `where`. */
  uploadLink(staffId: number, where: { channel: Channel; chatId: string }, hours?: number): Promise<string | null>;
  /** A signed link to the review page of one version for one reviewer (channels without buttons). */
  reviewLink(submissionId: number, staffId: number): string;
  /** Largest file the channel lets the bot download (Telegram: 20 MB). */
  maxDownloadBytes: number;
  now(): Date;
  /** Says that committed outbox messages are waiting (delivery need not wait for the next poll). */
  notifyOutbox(): void;
  /** Rate limits each sender; none: no limit. */
  floodGuard?: Pick<FloodGuard, 'check'>;
}

export interface Turn {
  deps: ConversationDeps;
  store: ConversationStore;
  inbound: Inbound;
  caps: ChannelCapabilities;
  staffId: number;
}
