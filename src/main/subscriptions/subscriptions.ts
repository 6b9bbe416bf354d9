import { type Subscription, SubscriptionDraft, type SubscriptionPatch, SubscriptionShape } from '../../shared/schemas/subscription'
import type { HookbenchDocument } from '../../shared/schemas/document'
import { ApiFailure } from '../core/errors'
import { describeIssues, formatIssues } from '../../shared/result'
import type { DocumentStore } from '../persistence/document-store'
import type { Clock } from '../core/clock'
import { applyPatch } from '../../shared/schemas/patch'
import { newId } from '../core/ids'

/** Validates a draft, its platform's options included, with the platform's defaults filled in. */
function normalize(input: unknown): SubscriptionDraft {
  const parsed = SubscriptionDraft.safeParse(input)
  if (parsed.success) return parsed.data
  const issues = describeIssues(parsed.error)
  throw new ApiFailure('invalid_input', formatIssues(issues), issues)
}

/** Subscriptions live in the hot document; every change is durable before the call returns. */
export function createSubscriptions(deps: { store: DocumentStore<HookbenchDocument>; clock: Clock; onChange: () => void }) {
  const { store, clock } = deps
  const all = () => store.read().subscriptions

  const find = (id: string): Subscription => {
    const found = all().find((s) => s.id === id)
    if (!found) throw new ApiFailure('not_found', `No subscription with id "${id}"`)
    return found
  }

  const save = async (mutate: (list: Subscription[]) => void) => {
    await store.update((doc) => mutate(doc.subscriptions))
    deps.onChange()
  }

  return {
    list: (): Subscription[] => all(),
    get: find,
    find: (id: string) => all().find((s) => s.id === id),

    /** Validates the draft (any shape: callers pass user input) and stores it. */
    async create(draft: unknown): Promise<Subscription> {
      const now = new Date(clock.now()).toISOString()
      const subscription: Subscription = { ...normalize(draft), id: newId('sub'), createdAt: now, updatedAt: now }
      await save((list) => list.push(subscription))
      return subscription
    },

    async update({ id, changes }: SubscriptionPatch): Promise<Subscription> {
      const current = find(id)
      const { id: _id, createdAt: _created, updatedAt: _updated, ...fields } = current
      // Options belong to one platform: a new platform starts from its own defaults.
      const base = changes.provider && changes.provider !== current.provider ? { ...fields, options: {} } : fields
      const next = normalize(applyPatch(SubscriptionShape, base, changes))
      const updated: Subscription = { ...next, id, createdAt: current.createdAt, updatedAt: new Date(clock.now()).toISOString() }
      await save((list) => list.splice(list.indexOf(current), 1, updated))
      return updated
    },

    async remove(id: string): Promise<void> {
      const current = find(id)
      await save((list) => list.splice(list.indexOf(current), 1))
    },

    /**
     * Points subscriptions that targeted the built-in receiver at its new address (the port can
     * change between runs), so the default inbox subscription keeps working.
     */
    async rebaseReceiverUrls(previousBase: string | undefined, nextBase: string): Promise<void> {
      if (!previousBase || previousBase === nextBase) return
      const stale = all().filter((s) => s.url.startsWith(previousBase))
      if (stale.length === 0) return
      await save((list) => {
        for (const s of list) if (s.url.startsWith(previousBase)) s.url = nextBase + s.url.slice(previousBase.length)
      })
    },
  }
}
export type Subscriptions = ReturnType<typeof createSubscriptions>
