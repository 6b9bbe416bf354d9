/// <reference types="vite/client" />

/** The built-in scenarios, bundled as text (their comments are part of the lesson). */
const FILES = import.meta.glob<string>('./library/*.yaml', { query: '?raw', import: 'default', eager: true })

export interface LibraryScenario {
  id: string
  fileName: string
  source: string
}

export const LIBRARY: LibraryScenario[] = Object.entries(FILES)
  .map(([path, source]) => {
    const fileName = path.split('/').at(-1)!
    return { id: fileName.replace(/\.yaml$/, ''), fileName, source }
  })
  .sort((a, b) => a.id.localeCompare(b.id))
