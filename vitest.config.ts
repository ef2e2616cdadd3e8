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
