import { useEffect } from 'react'
import { CommandPalette } from './components/CommandPalette'
import { Navigation, VIEWS } from './components/Navigation'
import { Notices } from './components/Notices'
import { StatusBar } from './components/StatusBar'
import { useThemeAttribute } from './components/use-theme'
import { useHookbench } from './store/app-store'
import { startEngineSync } from './store/sync'
import { showView } from './store/ui/actions'
import type { ViewId } from './store/ui/slice'
import { viewOfHash } from './store/ui/view-hash'
import { ReceiverView } from './views/ReceiverView'
import { CheckView } from './views/CheckView'
import { FireView } from './views/FireView'
import { ScenariosView } from './views/ScenariosView'
import { SettingsView } from './views/SettingsView'
import { SubscriptionsView } from './views/SubscriptionsView'
import { TimelineView } from './views/TimelineView'

const VIEW_COMPONENTS: Record<ViewId, () => React.JSX.Element> = {
  scenarios: ScenariosView,
  fire: FireView,
  subscriptions: SubscriptionsView,
  timeline: TimelineView,
  receiver: ReceiverView,
  settings: SettingsView,
  check: CheckView,
}

function viewFromHash(): ViewId | undefined {
  // The Timeline's hash carries its filters after the view (`#/timeline?status=failed`).
  const id = viewOfHash(globalThis.location.hash)
  return VIEWS.find((v) => v.id === id)?.id
}

export function App() {
  const view = useHookbench((s) => s.view)
  const connection = useHookbench((s) => s.connection)
  useThemeAttribute()

  useEffect(() => startEngineSync(), [])
  useEffect(() => {
    const sync = () => {
      const fromHash = viewFromHash()
      if (fromHash) showView(fromHash)
    }
    sync()
    window.addEventListener('hashchange', sync)
    return () => window.removeEventListener('hashchange', sync)
  }, [])
  useEffect(() => {
    // Ctrl/Cmd + 1…7 switches views, like tabs in a browser.
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return
      const target = VIEWS[Number(event.key) - 1]
      if (target) {
        event.preventDefault()
        showView(target.id)
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  const View = VIEW_COMPONENTS[view]
  return (
    <div className="app" data-app-state={connection === 'connected' ? 'loaded' : connection}>
      <Navigation current={view} />
      <main className="content" id="main" tabIndex={-1}>
        <View />
      </main>
      <StatusBar />
      <Notices />
      <CommandPalette />
    </div>
  )
}
