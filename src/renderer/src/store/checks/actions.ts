import type { CheckStart } from '../../../../shared/schemas/check'
import type { Subscription } from '../../../../shared/schemas/subscription'
import { api } from '../../api/transport'
import { call } from '../engine/call'
import { freshRead } from '../fresh-read'
import { download } from '../ui/download'
import { showView } from '../ui/actions'
import { type CheckErrors, errorsOfIssues, forSubscription, sentence } from './form'
import { setCheckHistory, setLoadedCheck, useChecks } from './state'

/** The check shown survives a reload of the page while the engine keeps it. */
const CURRENT_KEY = 'hookbench.check'

/** The checks the engine keeps (the last 50), newest first. */
export const loadCheckHistory = freshRead(() => call(api.listChecks({})), setCheckHistory).load

/** Starts a check and shows it; the problems to show in the form when the engine refuses it. */
export async function startCheck(input: CheckStart): Promise<CheckErrors | undefined> {
  const started = await api.startCheck(input)
  if (!started.ok) {
    const { issues, message } = started.error
    return issues?.length ? errorsOfIssues(issues) : { form: sentence(message) }
  }
  globalThis.sessionStorage?.setItem(CURRENT_KEY, started.data.id)
  await loadCheck(started.data.id)
  void loadCheckHistory()
  return undefined
}

async function loadCheck(id: string, options: { quiet?: boolean } = {}) {
  const result = await api.getCheck({ id })
  if (result.ok) {
    setLoadedCheck(result.data)
    // A reload's restore never replaces a check started meanwhile.
    useChecks.setState((s) => (options.quiet && s.current ? {} : { current: id, opened: undefined }))
  } else if (options.quiet) {
    // The engine restarted or forgot it: nothing to show back, and nothing to warn about.
    globalThis.sessionStorage?.removeItem(CURRENT_KEY)
  } else {
    await call(Promise.resolve(result))
  }
}

/** Shows again the check shown before a reload, if the engine still keeps it. */
export async function restoreCheck() {
  const remembered = globalThis.sessionStorage?.getItem(CURRENT_KEY)
  if (remembered) await loadCheck(remembered, { quiet: true })
}

/** Shows a kept check (the history's Open). */
export async function openCheck(id: string) {
  globalThis.sessionStorage?.setItem(CURRENT_KEY, id)
  await loadCheck(id)
}

/** Opens a case's detail, or closes it (undefined). */
export const openCase = (id: string | undefined) => useChecks.setState({ opened: id })

export async function cancelCheck(id: string | undefined) {
  if (!id) return
  const cancelled = await call(api.cancelCheck({ id }))
  if (cancelled) setLoadedCheck(cancelled)
}

export async function exportCheckReport(id: string | undefined, format: 'junit' | 'json') {
  if (!id) return
  const file = await call(api.getCheckReport({ id, format }))
  if (file) await download(file.filename, file.mimeType, file.text)
}

/** "Check this endpoint": the Check view with its form filled in for the subscription (not run yet). */
export function openCheckFor(subscription: Pick<Subscription, 'id' | 'provider'>) {
  useChecks.setState((state) => ({ form: forSubscription(state.form, subscription), errors: {} }))
  showView('check')
}
