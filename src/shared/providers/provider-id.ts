import { z } from 'zod'

/** The platforms Hookbench plays, plus `generic` for anything else. */
export const ProviderId = z.enum(['ocean-cd', 'qovery', 'charlescd', 'divshot', 'generic'])
export type ProviderId = z.infer<typeof ProviderId>
