/** Placeholder for the scenario form (built on another branch and swapped in at merge). */
export function ScenarioForm(_props: { source: string; fileName: string; onChange: (source: string) => void }) {
  return <p className="muted">The form view needs a valid file; edit it in Source for now.</p>
}
