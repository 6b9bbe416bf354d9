import { useHookbench } from '../../store/app-store'
import { GENERIC_EXAMPLE } from '../../store/fire/draft'
import { showView } from '../../store/ui/actions'
import { FireChoice } from './FireChoice'
import { FireTargets } from './FireTargets'
import { PayloadSection } from './PayloadSection'
import { SaveAsStep } from './SaveAsStep'
import { useFirePanel } from './use-fire-panel'

/**
 * The fire panel: choose a platform's event and its context, see the payload generated live (and
 * edit it), the headers each subscription will get, choose who receives it, fire, or save it as a
 * scenario step. Its state and actions are useFirePanel's; the parts only render and call them.
 */
export function FirePanel() {
  const catalog = useHookbench((s) => s.catalog)
  const panel = useFirePanel()
  const { draft, fire } = panel
  const generic = draft.provider === 'generic'
  return (
    <div className="fire-panel">
      <FireChoice catalog={catalog} draft={draft} event={fire.event} events={panel.events} onChange={panel.changeChoice} />
      <div className="fire-grid">
        <PayloadSection
          generic={generic}
          template={draft.template}
          parsedTemplate={fire.template}
          onTemplate={(text) => panel.changeChoice({ template: text })}
          text={panel.editorText}
          edited={fire.edited}
          staleEdit={draft.staleEdit}
          preview={panel.preview}
          previewError={panel.previewError}
          problems={panel.problems}
          event={fire.event}
          sendAnyway={draft.sendAnyway}
          onEdit={panel.editPayload}
          lint={panel.lintPayload}
          onRegenerate={panel.regenerate}
          onSendAnyway={panel.setSendAnyway}
        />
        <FireTargets
          preview={panel.preview}
          isChosen={panel.isTarget}
          onToggle={panel.toggleTarget}
          chosen={panel.chosen.length}
          firing={panel.firing}
          ready={panel.ready}
          onFire={() => void panel.send()}
          blocked={panel.blocked}
          result={draft.result}
          onOpenTimeline={() => showView('timeline')}
        />
      </div>
      <SaveAsStep provider={draft.provider} event={fire.event} context={fire.context} seed={draft.seed} edits={panel.payloadEdits} customTemplate={generic && draft.template !== GENERIC_EXAMPLE} />
    </div>
  )
}
