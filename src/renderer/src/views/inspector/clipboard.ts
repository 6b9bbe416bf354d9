import { addNotice } from '../../store/store'

/**
 * Copies text and says so; false when the clipboard is not available (permission refused, not a
 * secure context), so the caller shows the text to copy by hand instead.
 */
export async function copyText(text: string, what: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text)
    addNotice('info', `${what} copied`)
    return true
  } catch {
    addNotice('warning', `The clipboard is not available here: select the ${what.toLowerCase()} below and copy it`)
    return false
  }
}
