/**
 * Whether a fire goes to a subscription: as the user ticked it; one never ticked nor unticked is
 * chosen only when it is the one subscription the event reaches, so a fire goes where the user
 * meant, never to every subscription by default.
 */
export function isChosen(picks: Readonly<Record<string, boolean>>, id: string, candidates: number): boolean {
  return picks[id] ?? candidates === 1
}

/** The picks once a subscription shown as `chosen` is ticked or unticked. */
export function togglePick(picks: Readonly<Record<string, boolean>>, id: string, chosen: boolean): Record<string, boolean> {
  return { ...picks, [id]: !chosen }
}
