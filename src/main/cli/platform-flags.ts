import { PLATFORMS, type ProviderId, platformOf } from '../../shared/platforms'
import { type OptionInfo, describeOptions } from '../../shared/platforms/options'
import { type OptionSpecs, type OptionValues, UsageError, stringOption } from './command'

/** Every platform's subscription options, as `hookbench fire` flags (`--kind`, `--format`…). */
const BY_FLAG = new Map<string, { info: OptionInfo; providers: ProviderId[] }>()
for (const platform of PLATFORMS) {
  for (const info of describeOptions(platform.options)) {
    const known = BY_FLAG.get(info.flag)
    if (known) known.providers.push(platform.id)
    else BY_FLAG.set(info.flag, { info, providers: [platform.id] })
  }
}

const nameOf = (flag: string) => flag.slice(2)

export const PLATFORM_FLAGS: OptionSpecs = Object.fromEntries([...BY_FLAG.keys()].map((flag) => [nameOf(flag), { type: 'string' }]))

/** The options the flags give for `provider`; a flag of another platform is a usage error. */
export function platformOptionsFromFlags(provider: ProviderId, values: OptionValues): Record<string, unknown> {
  const options: Record<string, unknown> = {}
  for (const [flag, { info, providers }] of BY_FLAG) {
    const raw = stringOption(values, nameOf(flag))
    if (raw === undefined) continue
    if (!providers.includes(provider)) throw new UsageError(`${flag} is an option of ${providers.join(', ')}, not of ${provider}`)
    options[info.key] = info.kind === 'choices' || info.kind === 'list' ? raw.split(',').map((v) => v.trim()).filter(Boolean) : raw
  }
  return options
}

/** Help lines for one platform's options (every platform's when none is named). */
export function platformOptionsHelp(provider?: ProviderId): string {
  const platforms = provider ? [platformOf(provider)] : PLATFORMS
  const lines: string[] = []
  for (const platform of platforms) {
    const infos = describeOptions(platform.options)
    if (infos.length === 0) continue
    lines.push(`${platform.title} (${platform.id}) options:`)
    for (const info of infos) lines.push(...optionLines(info))
  }
  return lines.join('\n')
}

function optionLines(info: OptionInfo): string[] {
  const value = info.kind === 'choice' ? info.values.join('|') : info.kind === 'choices' ? `${info.values.join(',')}` : info.kind === 'list' ? 'A,B' : 'TEXT'
  const fallback = info.default === undefined ? '' : ` (default: ${Array.isArray(info.default) ? info.default.join(',') : String(info.default)})`
  return [`  ${info.flag} ${value}`, `      ${info.description}${fallback}`]
}
