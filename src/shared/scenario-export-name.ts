/**
 * The name a saved scenario's file is exported under: its current name as a slug (so a scenario
 * renamed since it was saved exports under its new name), the file's kind kept.
 */
export function scenarioExportName(name: string, fileName: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '')
  const extension = /\.json$/i.test(fileName) ? '.json' : '.yaml'
  return `${slug || fileName.replace(/\.(ya?ml|json)$/i, '')}${extension}`
}

/** Names made unique within one archive: a second `rollout.yaml` becomes `rollout-2.yaml`. */
export function uniqueFileNames(names: string[]): string[] {
  const used = new Set<string>()
  return names.map((name) => {
    const dot = name.lastIndexOf('.')
    const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, '']
    let candidate = name
    for (let n = 2; used.has(candidate); n++) candidate = `${stem}-${n}${extension}`
    used.add(candidate)
    return candidate
  })
}
