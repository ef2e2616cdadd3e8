// `npm run test:postgres`: the tests that touch the database, on PostgreSQL. A test touches the
// database when it imports one of the support modules that make one (DATABASE_SUPPORT below):
// a new test is on both databases the moment it opens one, with nothing to register. Left out,
// though they use a database, are tests whose subject is something else (ON_SQLITE_ONLY: the
// browser, the Bot API's failures, file stores, document reading); they run on SQLite in
// `npm test`. The fault tests run on PostgreSQL too, by `npm run test:faults:postgres`.
import fs from 'node:fs';
import path from 'node:path';
import { defineConfig, mergeConfig } from 'vitest/config';
import base, { FAULT_TESTS } from './vitest.config.js';

const DATABASE_SUPPORT = /from '[./]*\/?support\/(test-db|chat-harness|web-harness|product-process)\.js'/;

export const ON_SQLITE_ONLY = [
  'test/browser/',
  'test/documents/',
  'test/storage/',
  'test/bot/telegram/document-checks.test.ts',
  'test/reliability/bot-api-faults.test.ts',
];

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const file = path.posix.join(dir, e.name);
    return e.isDirectory() ? testFiles(file) : e.name.endsWith('.test.ts') ? [file] : [];
  });
}

export const DATABASE_TESTS = testFiles('test').filter(
  (file) => !FAULT_TESTS.includes(file) && !ON_SQLITE_ONLY.some((p) => file.startsWith(p)) && DATABASE_SUPPORT.test(fs.readFileSync(file, 'utf8')),
);

export default mergeConfig(base, defineConfig({ test: { include: DATABASE_TESTS } }));
