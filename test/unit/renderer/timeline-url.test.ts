import { describe, expect, it } from 'vitest'
import { type TimelineUrlState, decodeTimelineHash, encodeTimelineHash } from '../../../src/renderer/src/store/deliveries/timeline-url'
import { viewOfHash } from '../../../src/renderer/src/store/ui/view-hash'

const state = (more: Partial<TimelineUrlState> = {}): TimelineUrlState => ({ filter: {}, mode: 'list', opened: undefined, ...more })

describe('the Timeline in the URL hash', () => {
  it('is a plain #/timeline with no filters, list mode and nothing open', () => {
    expect(encodeTimelineHash(state())).toBe('#/timeline')
    expect(decodeTimelineHash('#/timeline')).toEqual(state())
  })

  it('carries every filter, the mode and the opened delivery, and reads them back as they were', () => {
    const full = state({
      filter: {
        status: ['failed', 'retrying'],
        provider: 'qovery',
        event: 'DEPLOYMENT_FAILURE',
        subscriptionId: 'sub_1',
        runId: 'run_9',
        text: 'acme & co/prod?',
        searchBodies: true,
        from: '2026-11-01T10:00:00.000Z',
        to: '2026-11-01T11:00:00.000Z',
      },
      mode: 'time',
      opened: 'msg_42',
    })
    const hash = encodeTimelineHash(full)
    expect(hash).toBe(
      '#/timeline?status=failed%2Cretrying&platform=qovery&event=DEPLOYMENT_FAILURE&subscription=sub_1&run=run_9&text=acme+%26+co%2Fprod%3F&in=bodies&from=2026-11-01T10%3A00%3A00.000Z&to=2026-11-01T11%3A00%3A00.000Z&mode=time&open=msg_42',
    )
    expect(decodeTimelineHash(hash)).toEqual(full)
  })

  it('keeps a preset range as a preset (the last hour stays the last hour after a reload)', () => {
    const hash = encodeTimelineHash(state({ filter: { status: 'failed', text: 'acme', range: '1h' } }))
    expect(hash).toBe('#/timeline?status=failed&text=acme&range=1h')
    expect(decodeTimelineHash(hash)?.filter).toEqual({ status: 'failed', text: 'acme', range: '1h' })
  })

  it('leaves out what makes no sense rather than failing', () => {
    expect(decodeTimelineHash('#/timeline?status=lost,failed&range=week&from=yesterday&in=everything&mode=grid')).toEqual(state({ filter: { status: 'failed' } }))
  })

  it('is not the Timeline for other views, whose hashes stay plain', () => {
    expect(decodeTimelineHash('#/receiver')).toBeUndefined()
    expect(decodeTimelineHash('#/receiver?status=failed')).toBeUndefined()
    expect(viewOfHash('#/timeline?status=failed')).toBe('timeline')
    expect(viewOfHash('#/settings')).toBe('settings')
    expect(viewOfHash('')).toBe('')
  })
})
