import { readFile, writeFile } from 'node:fs/promises'
import { WindowBounds } from '../../shared/schemas/window-state'

export const DEFAULT_SIZE = { width: 1280, height: 820 }

/** Reads the last window bounds; anything unreadable just means "use the default size". */
export async function loadWindowBounds(file: string): Promise<WindowBounds | undefined> {
  try {
    const parsed = WindowBounds.safeParse(JSON.parse(await readFile(file, 'utf8')))
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}

export async function saveWindowBounds(file: string, bounds: WindowBounds): Promise<void> {
  await writeFile(file, JSON.stringify(bounds))
}

interface Rect {
  x: number
  y: number
  width: number
  height: number
}

/** Saved bounds are used only if they still overlap a display (monitors get unplugged). */
export function isVisibleOnSomeDisplay(bounds: Rect, displays: Rect[]): boolean {
  return displays.some(
    (d) =>
      bounds.x < d.x + d.width - 50 &&
      bounds.x + bounds.width > d.x + 50 &&
      bounds.y < d.y + d.height - 50 &&
      bounds.y + bounds.height > d.y,
  )
}
