// The fault tests: each starts the real product as child processes, kills them or its Redis,
// and waits for another process to take over a killed one's jobs (BullMQ's job lock, 7 s in
// production, see JOB_POLICY). `npm run test:faults` (called by .ci/run after `npm test`) runs
// them one file at a time, apart from the rest of the suite.
import { defineConfig } from 'vitest/config';
import { FAULT_TESTS } from './vitest.config.js';

export default defineConfig({
  test: {
    include: FAULT_TESTS,
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 240_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
