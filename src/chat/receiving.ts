// What a chat channel's receiving side looks like to the runtime: webhook routes to mount,
// a start once the web server listens, a stop before the process drains.
import type { Router } from 'express';

export interface ReceivingChannel {
  routers: Router[];
  /** `pollInOneProcess` runs a long-polling loop in one process of the deployment at a time. */
  start(instance: string | undefined, pollInOneProcess: PollInOneProcess): Promise<void>;
  stopReceiving(): Promise<void>;
}

export type PollInOneProcess = (name: string, instance: string | undefined, loop: { start(): void; stop(): Promise<void> }) => void;
