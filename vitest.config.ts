import { configDefaults, defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    setupFiles: ['test/setup/fail-on-console-error.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Two cores here: more workers only make each database-heavy file slower.
    maxWorkers: 2,
    reporters: ['default'],
    // `npm test` runs both projects: the fast suites first, then the browser.
    projects: [
      {
        extends: true,
        test: {
          name: 'unit-api',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/e2e/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // Builds client/dist when it is missing or older than its sources.
          globalSetup: ['test/e2e/global-setup.ts'],
          // One Chromium at a time: two cores cannot run two browsers and a server each.
          fileParallelism: false,
          testTimeout: 90_000,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
})
