import type { BrowserWindow, Dialog, IpcMain, IpcMainInvokeEvent } from 'electron'
import { IPC_SAVE_FILE_CHANNEL } from '../../shared/api/contract'
import { DownloadFile, type SaveFileResult } from '../../shared/schemas/download'
import { type Result, describeIssues, fail, formatIssues, ok } from '../../shared/result'

export interface SaveFileDeps {
  dialog: Pick<Dialog, 'showSaveDialog'>
  /** The window the dialog belongs to (modal to it). */
  windowOf(event: IpcMainInvokeEvent): BrowserWindow | null
  isTrustedUrl(url: string): boolean
  write(path: string, bytes: Buffer): Promise<void>
}

const EXTENSION_NAMES: Record<string, string> = { zip: 'Zip archive', har: 'HAR file', json: 'JSON', sh: 'Shell script', yaml: 'YAML' }

/** The dialog's file type filter for a name: its extension, and "All files". */
function filtersFor(filename: string) {
  const extension = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase()
  const all = { name: 'All files', extensions: ['*'] }
  return extension ? [{ name: EXTENSION_NAMES[extension] ?? extension.toUpperCase(), extensions: [extension] }, all] : [all]
}

/**
 * `saveFile` for the desktop app: checks the caller as the API's handlers do, validates the file
 * with zod, asks the user where to save it, and writes only there. Errors come back as values.
 */
export function registerSaveFile(ipcMain: Pick<IpcMain, 'handle'>, deps: SaveFileDeps) {
  ipcMain.handle(IPC_SAVE_FILE_CHANNEL, async (event: IpcMainInvokeEvent, input: unknown): Promise<Result<SaveFileResult>> => {
    const frameUrl = event.senderFrame?.url
    if (!frameUrl || !deps.isTrustedUrl(frameUrl) || event.senderFrame?.parent) return fail('forbidden', 'Files can only be saved from the Hookbench window')
    const parsed = DownloadFile.safeParse(input)
    if (!parsed.success) {
      const issues = describeIssues(parsed.error)
      return fail('invalid_input', `The file to save is not valid: ${formatIssues(issues)}`, issues)
    }
    const file = parsed.data
    const options = { title: 'Save export', defaultPath: file.filename, filters: filtersFor(file.filename) }
    const window = deps.windowOf(event)
    const choice = window ? await deps.dialog.showSaveDialog(window, options) : await deps.dialog.showSaveDialog(options)
    if (choice.canceled || !choice.filePath) return ok({ saved: false })
    try {
      await deps.write(choice.filePath, Buffer.from(file.base64, 'base64'))
    } catch (error) {
      return fail('internal', `${file.filename} could not be saved to ${choice.filePath}: ${error instanceof Error ? error.message : String(error)}`)
    }
    return ok({ saved: true, path: choice.filePath })
  })
}
