#!/usr/bin/env node
// The CLI runs from the build (npm install builds it through the "prepare" script).
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url))
if (!existsSync(cli)) {
  console.error('workbench: the app is not built yet. Run `npm run build` (npm install does it for you).')
  process.exit(1)
}
await import(cli)
