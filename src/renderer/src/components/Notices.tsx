import { useHookbench } from '../store/app-store'
import { dismissNotice } from '../store/notices/actions'

export function Notices() {
  const notices = useHookbench((s) => s.notices)
  if (notices.length === 0) return null
  return (
    <div className="notices" aria-live="polite">
      {notices.map((notice) => (
        <div key={notice.id} className={`notice notice-${notice.level}`} role={notice.level === 'error' ? 'alert' : 'status'}>
          <span>
            {notice.message}
            {notice.count > 1 && <span className="muted"> (×{notice.count})</span>}
          </span>
          <button type="button" aria-label="Dismiss" onClick={() => dismissNotice(notice.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  )
}
