import { z } from 'zod'

/**
 * How a request proves where it came from. `native` is the platform's own way: the secret
 * itself, in plain text, in the platform's header (Qovery `Qovery-Secret`, CharlesCD
 * `x-application-key`): an auth token, not a signature. In a file of its own so the secret rules
 * (secrets.ts) can name it without importing the signing configuration that uses them.
 */
export const SigningScheme = z.enum(['standard', 'github', 'stripe', 'hmac-sha256', 'native', 'none'])
export type SigningScheme = z.infer<typeof SigningScheme>
