import type { DownloadFile } from '../../shared/schemas/download'
import { ApiFailure } from '../core/errors'
import { zipTexts } from '../core/zip'
import { scenarioExportName, uniqueFileNames } from '../../shared/scenario-export-name'
import type { ScenarioFiles } from './scenario-files'

/** Every scenario the user saved, as one zip of their files exactly as saved (comments and all), each named after its scenario. */
export async function savedScenariosArchive(scenarios: ScenarioFiles): Promise<DownloadFile> {
  const saved = (await scenarios.list()).filter((info) => !info.builtin)
  if (saved.length === 0) throw new ApiFailure('not_found', 'There are no saved scenarios to export yet: save one in Scenarios first')
  const files = await Promise.all(saved.map((info) => scenarios.get(info.id)))
  const names = uniqueFileNames(files.map((file) => scenarioExportName(file.name, file.fileName)))
  const entries = files.map((file, i) => ({ path: `scenarios/${names[i]}`, text: file.source }))
  return { filename: 'hookbench-scenarios.zip', mimeType: 'application/zip', base64: Buffer.from(zipTexts(entries)).toString('base64') }
}
