import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import type { FastifyInstance } from 'fastify'

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
    const pathname = decodeURIComponent(new URL(request.url, 'http://x').pathname)
    const candidate = normalize(join(rootDir, pathname))
    if (candidate !== rootDir && !candidate.startsWith(rootDir + sep)) return reply.code(404).send()
    const file = (await isFile(candidate)) ? candidate : join(rootDir, 'index.html')
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

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile()
  } catch {
    return false
  }
}
