// The slow fault tests: each starts the real product as child processes, kills them or its
// Redis, and waits out BullMQ's 30 s job locks. `npm run test:faults` (called by .ci/run after
// `npm test`) runs them one file at a time, apart from the rest of the suite.
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
