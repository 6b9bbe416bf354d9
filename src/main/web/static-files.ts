import { createReadStream } from 'node:fs'
import { realpath, stat } from 'node:fs/promises'
import { extname, join, sep } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { resolveStaticPath } from './static-path'

export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
}

/** Serves the built renderer; unknown paths fall back to index.html (client-side routes). */
export function registerStaticFiles(app: FastifyInstance, rootDir: string) {
  app.get('/*', async (request, reply) => {
    const resolved = resolveStaticPath(rootDir, request.url)
    if (!resolved.ok) return reply.code(400).type('text/plain; charset=utf-8').send(`Bad path: ${resolved.reason}\n`)
    const found = await isFile(resolved.path)
    if (found && !(await isInside(rootDir, resolved.path))) return reply.code(404).send()
    const file = found ? resolved.path : join(rootDir, 'index.html')
    if (!(await isFile(file))) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The Hookbench UI has not been built yet: run "npm run build".\n')
    }
    reply.type(CONTENT_TYPES[extname(file)] ?? 'application/octet-stream')
    reply.header('Cache-Control', file.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable')
    return reply.send(createReadStream(file))
  })
}

/** A link inside the UI directory may point anywhere: the real path must stay inside too. */
async function isInside(rootDir: string, path: string): Promise<boolean> {
  const [root, real] = await Promise.all([realpath(rootDir), realpath(path)])
  return real.startsWith(root + sep)
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile()
  } catch {
    return false
  }
}
