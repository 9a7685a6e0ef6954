/**
 * The page may run only its own scripts and talk only to itself; everything else goes
 * through the preload bridge. 'unsafe-inline' styles are allowed because React sets style
 * attributes; scripts never get it in production.
 */
export function contentSecurityPolicy(options: { devServerOrigin?: string } = {}): string {
  const dev = options.devServerOrigin
  const directives: Record<string, string> = {
    'default-src': "'self'",
    // Vite's dev server injects an inline React Refresh preamble and talks over a WebSocket.
    'script-src': dev ? "'self' 'unsafe-inline'" : "'self'",
    'style-src': "'self' 'unsafe-inline'",
    'img-src': "'self' data:",
    'connect-src': dev ? `'self' ${dev.replace(/^http/, 'ws')}` : "'self'",
    'object-src': "'none'",
    'base-uri': "'none'",
    'frame-ancestors': "'none'",
    'form-action': "'none'"
  }
  return Object.entries(directives)
    .map(([name, value]) => `${name} ${value}`)
    .join('; ')
}

/** Response headers with our CSP replacing any the server sent, whatever its capitalisation. */
export function withContentSecurityPolicy(
  headers: Record<string, string | string[]> | undefined,
  policy: string
): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'content-security-policy') continue
    out[name] = Array.isArray(value) ? value : [value]
  }
  out['Content-Security-Policy'] = [policy]
  return out
}
