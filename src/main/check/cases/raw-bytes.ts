import type { CheckCase } from './case'
import type { CheckContext } from '../check-requests'
import { answerOf, isAccepted, judgeAccepted } from '../judge'

/** The field the raw-bytes body adds: text with escapes a re-serialiser writes otherwise, and numbers in other forms. */
export const RAW_BYTES_FIELD = 'hookbench_raw_bytes'
const RAW_FIELD_TEXT = '{ "note" : "d\\u00e9j\\u00e0 vu \\/ caf\\u00e9", "ratio" : 1.0, "limit" : 1E3 }'

/**
 * The same JSON values written as another sender's encoder might write them: a line per member
 * and spaces around colons, every non-ASCII character and every `/` escaped (`\u00e9`, `\/`), keys
 * in the order sent, and a first member whose text has `1.0` and `1E3`. No JSON.parse →
 * JSON.stringify gives these bytes back, so a handler that verifies re-serialised JSON fails.
 */
export function rawBytesBody(body: string): string {
  const value: unknown = JSON.parse(body)
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return `\n  ${write(value, '  ')}\n`
  const members = Object.entries(value).map(([key, member]) => `  ${writeString(key)} : ${write(member, '  ')}`)
  return `{\n  ${writeString(RAW_BYTES_FIELD)} : ${RAW_FIELD_TEXT},\n${members.join(',\n')}\n}\n`
}

function write(value: unknown, indent: string): string {
  if (typeof value === 'string') return writeString(value)
  if (Array.isArray(value)) return value.length === 0 ? '[ ]' : `[ ${value.map((v) => write(v, indent)).join(', ')} ]`
  if (value && typeof value === 'object') {
    const inner = `${indent}  `
    const members = Object.entries(value).map(([key, member]) => `${inner}${writeString(key)} : ${write(member, inner)}`)
    return members.length === 0 ? '{ }' : `{\n${members.join(',\n')}\n${indent}}`
  }
  return JSON.stringify(value)
}

/** A JSON string with `/` and every character outside printable ASCII as escapes. */
function writeString(text: string): string {
  return JSON.stringify(text).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).replace(/\//g, '\\/')
}

const RAW_BYTES_FIX = [
  'Compute the signature over the body bytes exactly as received, before any JSON parsing, and parse only once it verifies. Re-serialised JSON (JSON.stringify(JSON.parse(body)), json.dumps(json.loads(body)), a framework\'s parsed body) has other whitespace, escapes, number forms or key order, so genuine requests fail. Where frameworks hide the raw bytes:',
  'Express: express.json() consumes the body; mount express.raw({ type: "application/json" }) on the webhook route, or keep the bytes with express.json({ verify: (req, res, buf) => { req.rawBody = buf } }).',
  'Fastify: add a content-type parser with parseAs: "buffer" for the webhook route (or the fastify-raw-body plugin) and verify the Buffer.',
  'Next.js: in pages/api set export const config = { api: { bodyParser: false } } and read the stream; in a route handler use await request.text() before JSON.parse.',
  'Koa (koa-bodyparser), NestJS (rawBody: true, then req.rawBody), AWS Lambda (event.body, base64-decoded when isBase64Encoded): verify those bytes, not the parsed object.',
  'Flask: request.get_data(); Django: request.body; FastAPI/Starlette: await request.body(); Rails: request.raw_post; Go: io.ReadAll(r.Body) before json.Unmarshal.',
].join('\n')

/**
 * A correctly signed body whose text differs from what a parse-and-stringify round trip gives
 * back: only a handler that verifies the raw bytes accepts it. Every scheme that signs the body.
 */
export const rawBytesCase: CheckCase = {
  id: 'raw-bytes',
  title: 'Signed bytes another encoder wrote',
  expected: 'accepted (2xx)',
  required: true,
  applies: (t) => t.scheme === 'standard' || t.scheme === 'github' || t.scheme === 'stripe' || t.scheme === 'hmac-sha256',
  run: async (ctx: CheckContext) => {
    const payload = ctx.payload(undefined, undefined, 'raw-bytes')
    const body = rawBytesBody(payload.body)
    const sent = await ctx.send(ctx.signed(payload, body, { messageId: ctx.messageId('raw_bytes') }), body)
    const what = 'a correctly signed body written with other whitespace, escapes (\\u00e9, \\/) and number forms (1.0, 1E3), and a first member it does not know'
    const judged = judgeAccepted(sent, what, ctx.target.timeoutMs)
    if (judged.verdict === 'fail' && !isAccepted(sent) && sent.result.kind === 'response' && sent.result.response.status < 500) {
      return {
        verdict: 'fail',
        got: answerOf(sent),
        reason: `${what} was refused with ${answerOf(sent)}, although its signature is right: the handler most likely verifies re-serialised JSON instead of the bytes it received (if it also fails unknown-field, it refuses unknown members instead)`,
        fix: RAW_BYTES_FIX,
        exchanges: [sent.exchange],
      }
    }
    return { ...judged, exchanges: [sent.exchange] }
  },
}
