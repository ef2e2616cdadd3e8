// Runs once before all tests: applies the real migrations (`prisma migrate deploy`) to a
// template SQLite file that each test copies, so every test file starts from the schema a
// real installation has, in milliseconds.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDb: string;
  }
}

export default function setup(project: TestProject): () => void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hscm-test-'));
  const templateDb = path.join(dir, 'template.db');
  execFileSync('npx', ['prisma', 'migrate', 'deploy'], {
    env: { ...process.env, DATABASE_URL: `file:${templateDb}` },
    stdio: 'pipe',
  });
  project.provide('templateDb', templateDb);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
