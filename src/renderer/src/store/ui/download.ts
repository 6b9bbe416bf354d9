import { desktopSaveFile } from '../../api/transport'
import { call } from '../engine/call'
import { addNotice } from '../notices/actions'

/** What a download holds: text (HAR, cURL) or bytes as base64 (a zip). */
export type DownloadData = string | { base64: string }

/** Base64 of text's UTF-8 bytes, a chunk at a time (spreading a large array overflows the stack). */
function base64OfText(text: string): string {
  const bytes = new TextEncoder().encode(text)
  let binary = ''
  for (let at = 0; at < bytes.length; at += 0x8000) binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000))
  return btoa(binary)
}

const bytesOf = (data: DownloadData): BlobPart => (typeof data === 'string' ? data : Uint8Array.from(atob(data.base64), (c) => c.charCodeAt(0)))

/**
 * Saves an export. In the desktop app a save dialog asks where (the preload's `saveFile`); in
 * the browser the file goes where downloads go. A failure becomes a notice; resolves once done.
 */
export async function download(filename: string, mimeType: string, data: DownloadData): Promise<void> {
  const saveFile = desktopSaveFile()
  if (saveFile) {
    const base64 = typeof data === 'string' ? base64OfText(data) : data.base64
    const saved = await call(saveFile({ filename, mimeType, base64 }))
    if (saved?.saved) addNotice('info', `Saved ${saved.path ?? filename}`)
    return
  }
  const url = URL.createObjectURL(new Blob([bytesOf(data)], { type: mimeType }))
  const link = document.createElement('a')
  link.href = url
  link.download = filename
  link.click()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
  addNotice('info', `Downloaded ${filename}: your browser keeps it with its other downloads`)
}
