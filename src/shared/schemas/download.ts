import { z } from 'zod'

/** A file made for the user to save (an export): its name, type and bytes as base64. */
export const DownloadFile = z.object({
  /** A plain file name, no folders: the user picks where it goes. */
  filename: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .refine((name) => !/[/\\]/.test(name) && !name.includes(String.fromCharCode(0)) && name !== '.' && name !== '..', 'must be a file name without folders'),
  mimeType: z.string().min(1).max(100),
  base64: z.base64(),
})
export type DownloadFile = z.infer<typeof DownloadFile>

/** What exports can hold: fixtures, JSON Schemas or both. */
export const PlatformFileKind = z.enum(['fixtures', 'schemas', 'both'])
export type PlatformFileKind = z.infer<typeof PlatformFileKind>

/** What the desktop app's save dialog did: saved where the user chose, or nothing when they cancelled. */
export const SaveFileResult = z.object({ saved: z.boolean(), path: z.string().optional() })
export type SaveFileResult = z.infer<typeof SaveFileResult>
