/** The end-to-end files already on Playwright (temporary, while the rest move). */
export const PLAYWRIGHT_FILES = ['actionable-errors', 'attempt-diff', 'command-palette', 'content-security-policy', 'web-ui']
