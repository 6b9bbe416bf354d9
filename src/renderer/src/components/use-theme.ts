import { useEffect } from 'react'
import { useHookbench } from '../store/app-store'

/** Puts the chosen theme on <html>; "system" follows the OS and changes with it. */
export function useThemeAttribute() {
  const theme = useHookbench((s) => s.theme)
  useEffect(() => {
    const media = window.matchMedia('(prefers-color-scheme: dark)')
    const apply = () => {
      const resolved = theme === 'system' ? (media.matches ? 'dark' : 'light') : theme
      document.documentElement.dataset.theme = resolved
    }
    apply()
    media.addEventListener('change', apply)
    return () => media.removeEventListener('change', apply)
  }, [theme])
}
