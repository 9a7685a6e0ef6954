import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'
import type { Plugin } from 'vite'

/**
 * The built page carries its CSP as a meta tag too, as a second line behind the headers that
 * the app protocol and `workbench serve` send. Build only: the dev server needs an inline
 * preamble. frame-ancestors is header-only, so it is not repeated here.
 */
function contentSecurityPolicyMeta(): Plugin {
  const policy =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
    "connect-src 'self' ws://127.0.0.1:* ws://localhost:*; object-src 'none'; base-uri 'none'; form-action 'none'"
  return {
    name: 'workbench-csp-meta',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: policy }, injectTo: 'head-prepend' }]
  }
}

/**
 * One build for every runtime. "main" holds every Node entry (the Electron main process, the
 * core that runs in a utility process, and the headless host/CLI), so all three doors ship the
 * same core. Dependencies stay external: better-sqlite3 and the keyring are native.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          'core-process': resolve(__dirname, 'electron/core/process-entry.ts'),
          cli: resolve(__dirname, 'electron/host/cli-main.ts')
        }
      }
    }
  },
  preload: {
    build: {
      // A sandboxed preload cannot require() packages: bundle everything it imports.
      externalizeDeps: false,
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
        // A sandboxed preload cannot load ES modules or require siblings: one CommonJS file.
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false }
      }
    }
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react(), contentSecurityPolicyMeta()],
    build: {
      minify: true,
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: resolve(__dirname, 'renderer/index.html') }
    }
  }
})
