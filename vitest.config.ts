import { configDefaults, defineConfig } from 'vitest/config';

/** Slow tests run by their own command, `npm run test:faults` (vitest.faults.config.ts). */
export const FAULT_TESTS = ['test/reliability/crash.test.ts', 'test/reliability/intake-recovery.test.ts', 'test/reliability/crash-soak.test.ts', 'test/reliability/redis-outage.test.ts', 'test/reliability/process-roles.test.ts'];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...FAULT_TESTS],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
