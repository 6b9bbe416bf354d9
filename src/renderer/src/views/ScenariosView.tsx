import { useEffect, useState } from 'react'
import { Page } from '../components/Page'
import { CodeEditor } from '../components/CodeEditor'
import { run } from '../api/run'
import { api } from '../api/transport'
import { ScenarioForm } from './studio/form/ScenarioForm'

/** The scenario studio: library, editor, runs. (Temporary preview of the form view until the studio lands.) */
export function ScenariosView() {
  const [file, setFile] = useState<{ source: string; fileName: string }>()
  useEffect(() => {
    const id = new URLSearchParams(globalThis.location.search).get('scenario') ?? 'charlescd-idempotency-drill'
    void run(api.getScenario({ id })).then((loaded) => loaded && setFile({ source: loaded.source, fileName: loaded.fileName }))
  }, [])
  return (
    <Page title="Scenarios" intro="Rollout and deploy stories told as webhooks: write, run and replay them.">
      {file && (
        <div style={{ display: "grid", gridTemplateColumns: "minmax(0, 3fr) minmax(0, 2fr)", gap: 16, alignItems: "start" }}>
          <ScenarioForm source={file.source} fileName={file.fileName} onChange={(source) => setFile({ ...file, source })} />
          <CodeEditor value={file.source} onChange={(source) => setFile({ ...file, source })} language="yaml" label="Source" testId="form-preview-source" />
        </div>
      )}
    </Page>
  )
}
