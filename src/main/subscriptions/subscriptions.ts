import { type Subscription, SubscriptionDraft, type SubscriptionPatch, SubscriptionShape } from '../../shared/schemas/subscription'
import type { HookbenchDocument } from '../../shared/schemas/document'
import type { FilterPreview, FilterPreviewRequest } from '../../shared/schemas/filter-preview'
import { ApiFailure } from '../core/errors'
import type { DocumentStore } from '../persistence/document-store'
import type { Clock } from '../core/clock'
import { applyPatch } from '../../shared/schemas/patch'
import { newId } from '../core/ids'
import { checkedWhole } from '../core/merged'
import type { DeliveryLog } from '../delivery/delivery-log'
import { previewFilters, recentEventDeliveries } from './filter-preview'

export interface SubscriptionsDeps {
  store: DocumentStore<HookbenchDocument>
  clock: Clock
  /** The deliveries a filter preview judges (the platform's latest events). */
  deliveries: Pick<DeliveryLog, 'summaries' | 'getMany'>
  onChange(): void
}

/**
 * Subscriptions live in the hot document; every change is durable before the call returns.
 * Drafts and patches arrive parsed (the API checked them); an edit is checked once more as the
 * whole subscription it makes.
 */
export function createSubscriptions(deps: SubscriptionsDeps) {
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

  async function update({ id, changes }: SubscriptionPatch): Promise<Subscription> {
    const current = find(id)
    const { id: _id, createdAt: _created, updatedAt: _updated, ...fields } = current
    // Options belong to one platform: a new platform starts from its own defaults.
    const base = changes.provider && changes.provider !== current.provider ? { ...fields, options: {} } : fields
    const next = checkedWhole(SubscriptionDraft, applyPatch(SubscriptionShape, base, changes))
    const updated: Subscription = { ...next, id, createdAt: current.createdAt, updatedAt: new Date(clock.now()).toISOString() }
    await save((list) => list.splice(list.indexOf(current), 1, updated))
    return updated
  }

  return {
    list: (): Subscription[] => all(),
    get: find,
    find: (id: string) => all().find((s) => s.id === id),

    async create(draft: SubscriptionDraft): Promise<Subscription> {
      const now = new Date(clock.now()).toISOString()
      const subscription: Subscription = { ...draft, id: newId('sub'), createdAt: now, updatedAt: now }
      await save((list) => list.push(subscription))
      return subscription
    },

    update,

    async remove(id: string): Promise<void> {
      const current = find(id)
      await save((list) => list.splice(list.indexOf(current), 1))
    },

    /** Switched off by a 410 Gone (Standard Webhooks rules); a deleted one stays deleted. */
    async disable(id: string): Promise<void> {
      if (all().some((s) => s.id === id)) await update({ id, changes: { enabled: false } })
    },

    /** Filters being edited, judged by the engine's own checks over the latest events of the platform. */
    async previewFilters(request: FilterPreviewRequest): Promise<FilterPreview> {
      const ids = recentEventDeliveries(deps.deliveries.summaries(), request.provider, request.limit)
      return previewFilters(request, await deps.deliveries.getMany(ids))
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
