import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { app, type BrowserWindow, safeStorage, session } from 'electron'
import { registerAppScheme, serveAppProtocol } from './app-protocol'
import { builtPaths, chooseDataDir, electronSqliteBindingPath } from './app-paths'
import type { CoreClient } from './core-client'
import { startCoreProcess } from './core-process'
import { registerIpc, sendEvent } from './ipc/register-ipc'
import { createSafeStorageCipher } from './safe-storage-cipher'
import { hardenSession, hardenWebContents } from './security'
import { contentSecurityPolicy } from './security/content-security-policy'
import { APP_ENTRY_URL, APP_ORIGIN, trustedOrigins } from './security/trusted-origins'
import { createMainWindow } from './window'

// The composition root of the Electron door: window, IPC relay, and the core in its own process.
const paths = builtPaths(dirname(fileURLToPath(import.meta.url)))
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL
const origins = trustedOrigins(devServerUrl)
const devOrigin = origins.find((o) => o !== APP_ORIGIN)

// Both must happen before 'ready'.
app.enableSandbox()
registerAppScheme()

if (!app.requestSingleInstanceLock()) {
  // Two apps on one database would fight over it: the first one is focused instead.
  app.quit()
} else {
  run()
}

function run(): void {
  let win: BrowserWindow | null = null
  let core: CoreClient | null = null
  let quit: 'running' | 'closing-core' | 'done' = 'running'

  const openWindow = (): void => {
    win = createMainWindow({ preloadPath: paths.preload, url: devOrigin && devServerUrl ? devServerUrl : APP_ENTRY_URL })
    win.on('closed', () => (win = null))
  }

  app.on('second-instance', () => {
    if (!win) return
    if (win.isMinimized()) win.restore()
    win.focus()
  })

  app
    .whenReady()
    .then(() => {
      const csp = contentSecurityPolicy(devOrigin ? { devServerOrigin: devOrigin } : {})
      hardenSession(session.defaultSession, csp)
      hardenWebContents(app, origins)
      serveAppProtocol(paths.renderer, csp)
      core = startCoreProcess({
        modulePath: paths.coreProcess,
        home: chooseDataDir(process.env, app.getPath('userData')),
        // Development only: node_modules keeps Node's build for the tests, the app needs Electron's.
        sqliteBinding: app.isPackaged ? undefined : electronSqliteBindingPath(app.getAppPath(), process.versions.electron),
        onEvent: (name, payload) => sendEvent(win, name, payload),
        // Offered to the user only when no keychain answers, and only if the OS protects its key.
        cipher: createSafeStorageCipher(safeStorage),
        window: () => win
      })
      registerIpc({ core, window: () => win, origins })
      openWindow()
      app.on('activate', () => win ?? openWindow())
    })
    .catch((err: unknown) => {
      console.error('[main] startup failed:', err)
      app.exit(1)
    })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })

  // Quitting waits for the core to finish its writes and close the database, then quits for real.
  app.on('will-quit', (event) => {
    if (!core || quit === 'done') return
    event.preventDefault()
    if (quit === 'closing-core') return
    quit = 'closing-core'
    core
      .shutdown()
      .catch((err: unknown) => console.error('[main] the core did not shut down cleanly:', err))
      .finally(() => {
        quit = 'done'
        app.quit()
      })
  })
}
