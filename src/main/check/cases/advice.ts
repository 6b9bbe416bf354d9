import type { CheckCase } from './case'
import { startingWith } from '../check-target'

export const unauthenticatedCase: CheckCase = {
  id: 'unauthenticated',
  title: 'The platform signs nothing',
  expected: 'mitigated',
  required: false,
  applies: (t) => t.scheme === 'none',
  run: async (ctx) => ({
    verdict: 'info',
    got: 'no signature',
    reason:
      ctx.target.secretHeaders.length > 0
        ? `No secret was given, and ${ctx.target.platformTitle} sends its ${ctx.target.secretHeaders.join('/')} header only when the webhook has one: without it your endpoint cannot tell ${ctx.target.platformTitle}'s requests from anyone else's. Set a secret on both sides and check again with it.`
        : `${startingWith(ctx.target.platformTitle)} sends no signature or secret: your endpoint cannot tell its requests from anyone else's who knows the URL.`,
    fix: 'Put a long random secret in the URL path (…/hooks/<random>), treat each notification as a hint and confirm it with the platform\'s API before acting, and limit what an unauthenticated request can trigger.',
    exchanges: [],
  }),
}

export const noReplayProtectionCase: CheckCase = {
  id: 'no-timestamp',
  title: 'Nothing in the request expires',
  expected: 'deduplicated',
  required: false,
  applies: (t) => t.scheme === 'github' || t.scheme === 'hmac-sha256' || t.scheme === 'native',
  run: async (ctx) => ({
    verdict: 'info',
    got: ctx.target.scheme === 'native' ? 'plain secret header' : 'no signed timestamp',
    reason:
      ctx.target.scheme === 'native'
        ? `${startingWith(ctx.target.platformTitle)} sends the secret itself in a header: it proves who sent the request but not that the body is intact, and a captured request can be sent again forever.`
        : 'The signature covers the body only: a captured request can be sent again forever and still verify.',
    fix: 'Record the ids of the deliveries you processed and skip repeats; serve the endpoint over HTTPS only.',
    exchanges: [],
  }),
}
