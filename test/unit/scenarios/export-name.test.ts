import { describe, expect, it } from 'vitest'
import { scenarioExportName, uniqueFileNames } from '../../../src/shared/scenario-export-name'

describe('the file name a saved scenario exports under', () => {
  it('is its current name as a slug, the file’s kind kept', () => {
    expect(scenarioExportName('Checkout canary', 'checkout-rollout.yaml')).toBe('checkout-canary.yaml')
    expect(scenarioExportName('Déploiement #2 — prod', 'old.json')).toBe('deploiement-2-prod.json')
    expect(scenarioExportName('???', 'kept-name.yml')).toBe('kept-name.yaml')
  })

  it('is unique within one archive', () => {
    expect(uniqueFileNames(['a.yaml', 'b.yaml', 'a.yaml', 'a.yaml'])).toEqual(['a.yaml', 'b.yaml', 'a-2.yaml', 'a-3.yaml'])
  })
})
