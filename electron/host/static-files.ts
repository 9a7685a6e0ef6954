import { createReadStream } from 'node:fs'
import { realpath, stat } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { extname, join, resolve, sep } from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json'
}

/**
 * Serves one file of the built renderer. Paths are decoded and resolved first, and anything
 * that lands outside the root, or on a directory, is a 404: no traversal, no listings. Symbolic
 * links are followed only to see where they lead: a file whose real path is outside the root's
 * real path is a 404 too, so a link in the build cannot publish the rest of the disk.
 */
export async function serveStatic(root: string, pathname: string, res: ServerResponse, headers: Record<string, string>): Promise<void> {
  const rootDir = await realpath(resolve(root)).catch(() => null)
  if (rootDir === null) return notFound(res)
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    return notFound(res)
  }
  if (decoded.includes('\0')) return notFound(res)
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '')
  const file = resolve(join(rootDir, relative))
  if (!file.startsWith(rootDir + sep)) return notFound(res)
  const real = await realpath(file).catch(() => null)
  if (real === null || !real.startsWith(rootDir + sep)) return notFound(res)
  const info = await stat(real).catch(() => null)
  if (!info?.isFile()) return notFound(res)
  const type = TYPES[extname(file)] ?? 'application/octet-stream'
  res.writeHead(200, {
    ...headers,
    'Content-Type': type,
    'Content-Length': String(info.size),
    'Cache-Control': type.startsWith('text/html') ? 'no-store' : 'private, max-age=3600'
  })
  createReadStream(real).pipe(res)
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found')
}
