/** The end-to-end files already on Playwright (temporary, while the rest move). */
export const PLAYWRIGHT_FILES = ['actionable-errors', 'attempt-diff', 'command-palette', 'content-security-policy', 'web-ui', 'endpoint-check', 'fire-panel', 'inspector', 'product-story', 'receiver-script', 'scenario-studio', 'storage-health', 'subscription-edit', 'subscription-form', 'subscription-tools']
