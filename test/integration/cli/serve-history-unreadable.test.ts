import type * as Fs from 'node:fs'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { describe, expect, it, vi } from 'vitest'
import { seededDelivery } from '../../../bench/lib/seed-history'
import { commands } from '../../../src/main/cli/commands'
import { serveCommand } from '../../../src/main/cli/commands/serve'
import { openDeliveryHistory } from '../../../src/main/persistence/delivery-history'
import { runCliCaptured } from '../../support/run-cli'

/** While set, reading `deliveries.index` fails part way, as a failing disk would. */
const broken = vi.hoisted(() => ({ index: false }))
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof Fs>()
  const failingRead = () =>
    new Readable({
      read() {
        this.destroy(Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' }))
      },
    })
  return {
    ...fs,
    createReadStream: ((path: string, options?: object) => (broken.index && String(path).endsWith('deliveries.index') ? failingRead() : fs.createReadStream(path, options))) as typeof fs.createReadStream,
  }
})

describe('serve with a history that cannot be read', () => {
  it('answers first, then stops with the cause in words once the reading fails, releasing the data directory', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hookbench-unreadable-history-'))
    // Large enough to be read in the background (over 1 MB).
    const history = await openDeliveryHistory(join(dataDir, 'deliveries.index'), 100_000)
    await Promise.all(Array.from({ length: 5_000 }, (_, i) => history.save(seededDelivery(i, Date.parse('2026-11-01T00:00:00Z')))))
    await history.close()

    broken.index = true
    try {
      const all = [serveCommand(mkdtempSync(join(tmpdir(), 'hookbench-static-'))), ...commands]
      const served = await runCliCaptured(['serve', '--port', '0', '--receiver-port', '0', '--no-open', '--data-dir', dataDir], { cwd: tmpdir(), all })
      expect(served.stdout).toMatch(/Hookbench UI:\s+http/)
      expect(served.code).toBe(1)
      expect(served.stderr).toMatch(/hookbench serve: EIO: i\/o error/)
      expect(existsSync(join(dataDir, 'hookbench.lock'))).toBe(false)
    } finally {
      broken.index = false
    }
  }, 60_000)
})
