import { describe, expect, it } from 'vitest'
import { SubscriptionFilters } from '../../../src/shared/schemas/filters'
import { filterMismatch, matchesFilters, projectNameMatches } from '../../../src/main/delivery/filters'

describe('Qovery project name rules (spec §2)', () => {
  it.each([
    ['product*', 'Production-EU', true],
    ['product*', 'product', true],
    ['product*', 'my-product', false],
    ['prod', 'PROD', true],
    ['prod', 'prod-2', false],
    ['*', 'anything at all', true],
    ['  Shop  ', 'shop', true],
    ['*-eu', 'checkout-EU', true],
    ['a?c', 'abc', false],
    ['a?c', 'a?c', true],
    ['api.v2', 'apixv2', false],
  ])('%j vs %j → %s', (pattern, name, expected) => {
    expect(projectNameMatches(pattern, name)).toBe(expected)
  })
})

describe('subscription filters (AND of every non-empty part)', () => {
  const subject = { event: 'DEPLOYMENT_FAILURE', environmentType: 'PRODUCTION', projectName: 'Production-EU', payload: { payload: { id: 'd1', tags: ['a'] } } }
  const f = (input: object) => SubscriptionFilters.parse(input)

  it.each([
    ['no filters', {}, true],
    ['event listed', { events: ['DEPLOYMENT_FAILURE'] }, true],
    ['event not listed', { events: ['DEPLOYMENT_STARTED'] }, false],
    ['env type, any case', { environmentTypes: ['production'] }, true],
    ['env type not listed', { environmentTypes: ['STAGING', 'PREVIEW'] }, false],
    ['project glob', { projectNames: ['product*'] }, true],
    ['project not matched', { projectNames: ['staging-*'] }, false],
    ['all parts match', { events: ['DEPLOYMENT_FAILURE'], environmentTypes: ['PRODUCTION'], projectNames: ['prod*'] }, true],
    ['one part fails', { events: ['DEPLOYMENT_FAILURE'], environmentTypes: ['PRODUCTION'], projectNames: ['shop'] }, false],
    ['where equal', { where: [{ path: 'payload.id', equals: 'd1' }] }, true],
    ['where deep equal', { where: [{ path: 'payload.tags', equals: ['a'] }] }, true],
    ['where different', { where: [{ path: 'payload.id', equals: 'd2' }] }, false],
    ['where missing path', { where: [{ path: 'payload.nope', equals: 'x' }] }, false],
  ])('%s', (_name, filters, expected) => {
    expect(matchesFilters(f(filters), subject)).toBe(expected)
  })

  it('an event without a project or environment fails a non-empty filter on it', () => {
    const bare = { event: 'release', payload: {} }
    expect(matchesFilters(f({ projectNames: ['*'] }), bare)).toBe(false)
    expect(matchesFilters(f({ environmentTypes: ['PRODUCTION'] }), bare)).toBe(false)
  })

  it('explains a mismatch', () => {
    expect(filterMismatch(f({ projectNames: ['shop', 'api*'] }), subject)).toBe('project Production-EU matches none of shop, api*')
  })
})

describe('filter truth table', () => {
  const f = (input: object) => SubscriptionFilters.parse(input)
  const filters = f({ events: ['DEPLOYMENT_STARTED'], environmentTypes: ['PRODUCTION', 'staging'], projectNames: ['shop*', 'api'], where: [{ path: 'payload.current_status', equals: 'DEPLOYING' }] })
  const base = { event: 'DEPLOYMENT_STARTED', environmentType: 'PRODUCTION', projectName: 'Shop-EU', payload: { payload: { current_status: 'DEPLOYING' } } }

  it.each([
    ['every part matches', {}, true],
    ['other event', { event: 'DEPLOYMENT_FAILURE' }, false],
    ['lower-case env type', { environmentType: 'staging' }, true],
    ['env type in other case than the filter', { environmentType: 'Staging' }, true],
    ['env type not listed', { environmentType: 'PREVIEW' }, false],
    ['no env type', { environmentType: undefined }, false],
    ['second project entry, exact', { projectName: 'API' }, true],
    ['project prefix only without glob', { projectName: 'api-2' }, false],
    ['no project', { projectName: undefined }, false],
    ['where differs', { payload: { payload: { current_status: 'DEPLOYED' } } }, false],
    ['where path missing', { payload: {} }, false],
  ])('%s → %s', (_name, change, expected) => {
    const subject = { ...base, ...change }
    expect(matchesFilters(filters, subject)).toBe(expected)
    expect(filterMismatch(filters, subject) === undefined).toBe(expected)
  })

  it('empty filters match everything, even events without project or environment', () => {
    expect(matchesFilters(f({}), { event: 'release', payload: null })).toBe(true)
  })

  it('where compares JSON values deeply: objects, numbers, null, false', () => {
    const payload = { a: { b: [1, { c: null }] }, n: 0, f: false }
    expect(matchesFilters(f({ where: [{ path: 'a.b', equals: [1, { c: null }] }] }), { event: 'e', payload })).toBe(true)
    expect(matchesFilters(f({ where: [{ path: 'a.b.1.c', equals: null }] }), { event: 'e', payload })).toBe(true)
    expect(matchesFilters(f({ where: [{ path: 'n', equals: 0 }, { path: 'f', equals: false }] }), { event: 'e', payload })).toBe(true)
    expect(matchesFilters(f({ where: [{ path: 'n', equals: '0' }] }), { event: 'e', payload })).toBe(false)
    expect(matchesFilters(f({ where: [{ path: 'f', equals: null }] }), { event: 'e', payload })).toBe(false)
  })
})
