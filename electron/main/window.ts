import { BrowserWindow } from 'electron'

export interface WindowOptions {
  preloadPath: string
  /** app://workbench/index.html, or the Vite dev server in development. */
  url: string
}

/** The one window: sandboxed, isolated, no Node, and shown only once it has painted. */
export function createMainWindow({ preloadPath, url }: WindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 640,
    minHeight: 420,
    show: false,
    title: 'LLM Workbench',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false
    }
  })
  win.once('ready-to-show', () => win.show())
  win.loadURL(url).catch((err: unknown) => console.error(`[window] could not load ${url}:`, err))
  return win
}
