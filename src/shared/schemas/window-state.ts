import { z } from 'zod'

/** The Electron window's last size and position, saved in `window-state.json`. */
export const WindowBounds = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(400),
  height: z.number().int().min(300),
  maximized: z.boolean().default(false),
})
export type WindowBounds = z.infer<typeof WindowBounds>
