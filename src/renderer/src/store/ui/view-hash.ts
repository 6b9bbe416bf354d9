/** The view part of a hash (`#/timeline?…` → `timeline`); the Timeline's hash also carries its filters. */
export const viewOfHash = (hash: string): string => hash.replace(/^#\/?/, '').split('?', 1)[0]!
