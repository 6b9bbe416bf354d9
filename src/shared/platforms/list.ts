import { charlesCd } from './charlescd'
import { divshot } from './divshot'
import { generic } from './generic'
import { oceanCd } from './ocean-cd'
import { qovery } from './qovery'

/**
 * Every platform Hookbench plays, in the order it lists them. A new platform is a folder beside
 * these (its `index.ts` calls `definePlatform`) and one entry here; everything else reads this list
 * through `index.ts` (the registry).
 */
export const PLATFORMS = [oceanCd, qovery, charlesCd, divshot, generic] as const
