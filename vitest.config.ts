import os from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Slow tests run by their own command, `npm run test:faults` (vitest.faults.config.ts): each
 * starts the real product as child processes and kills them, or their Redis.
 */
export const FAULT_TESTS = ['test/reliability/crash.test.ts', 'test/reliability/intake-recovery.test.ts', 'test/reliability/crash-soak.test.ts', 'test/reliability/redis-outage.test.ts', 'test/reliability/process-roles.test.ts', 'test/reliability/split-recovery.test.ts'];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...FAULT_TESTS],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two files at a time even on 2 cores (vitest's default there is one: cores − 1): most files
    // wait on a server, a child process or a deliberate outage far more than they compute, so a
    // second file uses the idle core (npm test on this 2-core machine: 553 s → 278 s).
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    // `npm run coverage`: which lines of src/ the suite runs (in this process and its forks; the
    // product child processes of the fault tests are not measured).
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/generated/**'],
      reporter: ['text-summary', 'json-summary'],
      reportsDirectory: 'coverage',
      // A test that times out on a busy machine must not cost the whole measurement.
      reportOnFailure: true,
    },
  },
});
