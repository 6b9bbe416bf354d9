import { useEffect } from 'react'
import { Page } from '../components/Page'
import { Library } from './studio/Library'
import { RunDetail } from './studio/RunDetail'
import { RunPanel } from './studio/RunPanel'
import { RunsHistory } from './studio/RunsHistory'
import { ScenarioEditor } from './studio/ScenarioEditor'
import { startStudio } from '../store/scenarios/actions'

/** The scenario studio: the library, the editor (form or source), runs and their history. */
export function ScenariosView() {
  useEffect(() => {
    void startStudio()
  }, [])
  return (
    <Page title="Scenarios" intro="Rollout and deploy stories told as webhooks: write, run and replay them.">
      <div className="studio" data-testid="scenario-studio">
        <Library />
        <div className="studio-main">
          <ScenarioEditor />
          <div className="studio-runs">
            <section className="studio-run" aria-labelledby="studio-run-title">
              <h3 id="studio-run-title">Run</h3>
              <RunPanel />
              <RunDetail />
            </section>
            <RunsHistory />
          </div>
        </div>
      </div>
    </Page>
  )
}
