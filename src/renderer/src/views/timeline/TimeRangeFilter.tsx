import { useState } from 'react'
import { type DeliveryFilter, RANGE_PRESETS, isRangePreset } from '../../store/deliveries/filters'

const PRESET_LABELS: Record<keyof typeof RANGE_PRESETS, string> = { '5m': 'Last 5 minutes', '1h': 'Last hour', '1d': 'Last day' }

/** `datetime-local` shows local time without a zone: an ISO instant in the user's clock, to the minute. */
function toLocalInput(iso: string | undefined): string {
  if (iso === undefined) return ''
  const date = new Date(iso)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`
}
const fromLocalInput = (value: string): string | undefined => (value === '' || Number.isNaN(Date.parse(value)) ? undefined : new Date(value).toISOString())

type RangeChanges = Pick<DeliveryFilter, 'range' | 'from' | 'to'>

/** Any time, a preset counted back from now, or a custom range between two local times. */
export function TimeRangeFilter({ filter, onChange }: { filter: DeliveryFilter; onChange: (changes: RangeChanges) => void }) {
  const isCustom = filter.range === undefined && (filter.from !== undefined || filter.to !== undefined)
  const value = filter.range ?? (isCustom ? 'custom' : '')
  // A reversed range is kept here, said in words and not sent, until it is put right.
  const [draft, setDraft] = useState<{ from?: string; to?: string } | undefined>()
  const shown = draft ?? { from: filter.from, to: filter.to }
  const reversed = shown.from !== undefined && shown.to !== undefined && shown.from > shown.to
  const edit = (changes: { from?: string; to?: string }) => {
    const next = { ...shown, ...changes }
    if (next.from !== undefined && next.to !== undefined && next.from > next.to) return setDraft(next)
    setDraft(undefined)
    onChange(next)
  }
  return (
    <>
      <select
        className="filter-select"
        aria-label="Time range"
        title="Time range"
        value={value}
        data-testid="deliveries-range"
        data-active={value !== '' || undefined}
        onChange={(e) => {
          const next = e.target.value
          setDraft(undefined)
          if (isRangePreset(next)) onChange({ range: next, from: undefined, to: undefined })
          else if (next === 'custom') onChange({ range: undefined, from: new Date(Date.now() - RANGE_PRESETS['1h']).toISOString(), to: undefined })
          else onChange({ range: undefined, from: undefined, to: undefined })
        }}
      >
        <option value="">Any time</option>
        {Object.entries(PRESET_LABELS).map(([preset, label]) => (
          <option key={preset} value={preset}>
            {label}
          </option>
        ))}
        <option value="custom">Custom…</option>
      </select>
      {isCustom && (
        <span className="time-range-custom">
          <label>
            From{' '}
            <input type="datetime-local" value={toLocalInput(shown.from)} onChange={(e) => edit({ from: fromLocalInput(e.target.value) })} data-testid="deliveries-from" />
          </label>
          <label>
            to{' '}
            <input type="datetime-local" value={toLocalInput(shown.to)} onChange={(e) => edit({ to: fromLocalInput(e.target.value) })} data-testid="deliveries-to" aria-describedby={reversed ? 'range-problem' : undefined} />
          </label>
          {reversed && (
            <span id="range-problem" className="field-error" role="alert">
              The end is before the start: the range is not applied until it is put right.
            </span>
          )}
        </span>
      )}
    </>
  )
}
