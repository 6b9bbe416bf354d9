import { addNotice } from '../notices/actions'

/** Puts text on the clipboard; false when it is not available (permission refused, not a secure context). */
export async function writeClipboard(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    return false
  }
}

/**
 * Copies text and says so; false when the clipboard is not available, so the caller shows the
 * text to copy by hand instead (and the notice says where).
 */
export async function copyText(text: string, what: string): Promise<boolean> {
  const copied = await writeClipboard(text)
  if (copied) addNotice('info', `${what} copied`)
  else addNotice('warning', `The clipboard is not available here: select the ${what.toLowerCase()} below and copy it`)
  return copied
}
