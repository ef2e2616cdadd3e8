import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { createDb, type Db } from '../../src/db/prisma.js';

export interface TestDb {
  db: Db;
  file: string;
  close(): Promise<void>;
}

/** A fresh, migrated SQLite file for one test (a copy of the template built in global setup). */
export function createTestDb(): TestDb {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hscm-db-'));
  const file = path.join(dir, 'test.db');
  fs.copyFileSync(inject('templateDb'), file);
  const db = createDb(`file:${file}`);
  return {
    db,
    file,
    async close() {
      await db.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
