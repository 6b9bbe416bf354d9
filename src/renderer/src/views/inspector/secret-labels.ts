import type { HeaderPair } from '../../../../shared/schemas/http'

/** How the engine shows a secret it keeps back: `sha256:` and the first 16 hex of its SHA-256. */
const SECRET_LABEL = /sha256:[0-9a-f]{16}…/

/** Whether some header value shows a secret as its fingerprint (the engine kept the value back). */
export const hidesSecrets = (headers: readonly HeaderPair[]) => headers.some(([, value]) => SECRET_LABEL.test(value))

/** A command or file as exported, without the comment lines above the command (what is copied). */
export const withoutLeadingComments = (text: string) => text.replace(/^(?:#.*\n|[ \t]*\n)+/, '').trim()
