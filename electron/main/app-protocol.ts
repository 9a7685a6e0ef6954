import { readFile } from 'node:fs/promises'
import { protocol } from 'electron'
import { mimeTypeFor, resolveAppAsset } from './security/app-asset'
import { APP_SCHEME } from './security/trusted-origins'

/**
 * Declares app:// as a standard, secure scheme. Must run before the app is ready: it gives
 * the page a real origin (unlike file://, which shares one with every local file).
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }])
}

/** Serves the built renderer, and nothing else, on app://workbench/, each response carrying our CSP. */
export function serveAppProtocol(rendererRoot: string, csp: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = request.method === 'GET' ? resolveAppAsset(rendererRoot, request.url) : null
    const body = file ? await readFile(file).catch(() => null) : null
    if (!file || !body) return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Security-Policy': csp } })
    return new Response(new Uint8Array(body), {
      status: 200,
      headers: { 'Content-Type': mimeTypeFor(file), 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff' }
    })
  })
}
