import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
          hookTimeout: 30_000
        }
      },
      {
        test: {
          // Against a real Secret Service: run inside scripts/with-keyring.sh (npm test does).
          name: 'keychain',
          include: ['tests/keychain/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          fileParallelism: false
        }
      },
      {
        test: {
          // `npm run bench`: figures against a baseline measured in the same run, never in `npm test`.
          name: 'bench',
          include: ['tests/bench/**/*.bench.test.ts'],
          environment: 'node',
          testTimeout: 600_000,
          fileParallelism: false
        }
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 120_000,
          // One browser at a time on a two-core machine.
          fileParallelism: false
        }
      }
    ]
  }
})
