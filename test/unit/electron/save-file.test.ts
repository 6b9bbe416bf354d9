import { mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeFile } from 'node:fs/promises'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { IPC_SAVE_FILE_CHANNEL } from '../../../src/shared/api/contract'

type Handler = (event: unknown, input: unknown) => Promise<unknown>

const electron = vi.hoisted(() => ({
  dialog: { showSaveDialog: vi.fn<(...args: unknown[]) => Promise<{ canceled: boolean; filePath?: string }>>() },
  ipcMain: { handle: vi.fn() },
}))
vi.mock('electron', () => electron)

const { dialog } = await import('electron')
const { registerSaveFile } = await import('../../../src/main/electron/save-file')

const APP_URL = 'app://hookbench/index.html'
const fromApp = { senderFrame: { url: APP_URL, parent: null }, sender: {} }
const ZIP = { filename: 'hookbench-fixtures.zip', mimeType: 'application/zip', base64: Buffer.from('PK\u0003\u0004 zip bytes').toString('base64') }

function register(write = (path: string, bytes: Buffer) => writeFile(path, bytes)) {
  const handlers = new Map<string, Handler>()
  registerSaveFile({ handle: (channel: string, fn: Handler) => handlers.set(channel, fn) } as never, {
    dialog,
    windowOf: () => null,
    isTrustedUrl: (url) => url === APP_URL,
    write,
  })
  return handlers.get(IPC_SAVE_FILE_CHANNEL)!
}

describe('saving an export from the desktop app', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hookbench-save-'))
    electron.dialog.showSaveDialog.mockReset()
  })

  it('asks where with a save dialog named after the file, and writes the bytes only there', async () => {
    const target = join(dir, 'chosen.zip')
    electron.dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: target })
    await expect(register()(fromApp, ZIP)).resolves.toEqual({ ok: true, data: { saved: true, path: target } })
    expect(electron.dialog.showSaveDialog).toHaveBeenCalledWith(expect.objectContaining({ defaultPath: 'hookbench-fixtures.zip', filters: [{ name: 'Zip archive', extensions: ['zip'] }, { name: 'All files', extensions: ['*'] }] }))
    expect(readFileSync(target)).toEqual(Buffer.from(ZIP.base64, 'base64'))
    expect(readdirSync(dir)).toEqual(['chosen.zip'])
  })

  it('writes nothing when the user cancels', async () => {
    electron.dialog.showSaveDialog.mockResolvedValue({ canceled: true })
    const write = vi.fn(() => Promise.resolve())
    await expect(register(write)(fromApp, ZIP)).resolves.toEqual({ ok: true, data: { saved: false } })
    expect(write).not.toHaveBeenCalled()
  })

  it.each([
    ['a path instead of a name', { ...ZIP, filename: '../../etc/passwd' }],
    ['bytes that are not base64', { ...ZIP, base64: 'not base64!' }],
    ['no file at all', 'a string'],
  ])('refuses %s before any dialog opens', async (_what, input) => {
    const result = await register()(fromApp, input)
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect((result as { error: { message: string } }).error.message).toMatch(/^The file to save is not valid/)
    expect(electron.dialog.showSaveDialog).not.toHaveBeenCalled()
  })

  it('refuses calls from other pages and from iframes', async () => {
    const handler = register()
    await expect(handler({ senderFrame: { url: 'https://evil.example/', parent: null } }, ZIP)).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } })
    await expect(handler({ senderFrame: { url: APP_URL, parent: {} } }, ZIP)).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(electron.dialog.showSaveDialog).not.toHaveBeenCalled()
  })

  it('says where it could not write, as a value', async () => {
    electron.dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: join(dir, 'missing', 'x.zip') })
    await expect(register()(fromApp, ZIP)).resolves.toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('could not be saved to') as string } })
  })
})
