import { readFileSync } from 'node:fs'
import type { TestProject } from 'vitest/node'
import { ensureBuiltApp } from './built-app'

/** Source text of a test that runs the built app (bin/workbench.mjs or out/): through these helpers, or by path. */
const RUNS_BUILT_APP = /workbench-cli|killable-cli|serve-process|browser-session|electron-app|\.\.\/out\/main|'out\/renderer'/

/**
 * vitest globalSetup: before a run that includes a test of the built app (the CLI, serve, crash
 * safety, the forked core, end to end), build out/ once if it is missing or older than its
 * sources. `npm test` built it already, so this is a freshness check there; a developer running
 * one such file gets a current build instead of a stale one or a skip. A run of only pure unit
 * files never builds.
 */
export default async function setup(project: TestProject): Promise<void> {
  // The file filters given on the command line (vitest keeps them on the instance); none: every file.
  const filters = (project.vitest as unknown as { filenamePattern?: string[] }).filenamePattern ?? []
  const { testFiles } = await project.globTestFiles(filters)
  if (testFiles.some((file) => RUNS_BUILT_APP.test(readFileSync(file, 'utf8')))) ensureBuiltApp()
}
