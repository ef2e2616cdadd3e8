// Placeholder: replaced by the review page (issue 7).
import express, { type Router } from 'express';
import type { Db } from '../db/prisma.js';
import type { Logger } from '../infra/logger.js';
import type { FileStore } from '../storage/file-store.js';
import type { ReviewLinks } from '../use-cases/review-links.js';

export interface ReviewPageDeps {
  db: Db;
  fileStore: FileStore;
  logger: Logger;
  links: ReviewLinks;
  /** Called after a decision is recorded, so its messages go out at once. */
  afterDecision(): void;
  now(): Date;
}

export function reviewPageRouter(_deps: ReviewPageDeps): Router {
  return express.Router();
}
