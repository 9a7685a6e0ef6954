import { defineConfig } from 'vitest/config'

// Builds out/ once before a run that includes a test of the built app (CLI, serve, crash safety,
// the forked core, end to end) when it is missing or older than its sources: see the file.
const BUILD_OUT = ['tests/support/build-out.global.ts']

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
          environment: 'node',
          // Hang detectors, not targets: the integration files spawn the CLI and serve, which take
          // seconds each when the machine is busy.
          testTimeout: 60_000,
          hookTimeout: 60_000,
          globalSetup: BUILD_OUT,
          // vitest's default on two cores is one worker (cores - 1), and these files mostly wait on
          // sockets, child processes and SQLite: two run side by side without starving each other.
          // No test here asserts wall-clock time, so a busier machine cannot fail them.
          maxWorkers: 2
        }
      },
      {
        test: {
          // Against a real Secret Service: run inside scripts/with-keyring.sh (npm test does).
          name: 'keychain',
          include: ['tests/keychain/**/*.test.ts'],
          environment: 'node',
          globalSetup: BUILD_OUT,
          testTimeout: 90_000,
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
          // Seeding a long history or starting a door is part of setting a bench up.
          hookTimeout: 300_000,
          fileParallelism: false
        }
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: BUILD_OUT,
          testTimeout: 90_000,
          hookTimeout: 120_000,
          // One browser at a time on a two-core machine.
          fileParallelism: false
        }
      }
    ]
  }
})
