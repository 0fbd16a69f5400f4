import { describe, expect, test } from 'vitest'
import { visibleNavItems } from '../../client/src/nav'
import { matchPath, safeReturnPath } from '../../client/src/router'

describe('matchPath', () => {
  test('matches literal and parameter segments', () => {
    expect(matchPath('/', '/')).toEqual({})
    expect(matchPath('/charter', '/charter')).toEqual({})
    expect(matchPath('/charter', '/charter/')).toEqual({})
    expect(matchPath('/workstreams/:workstreamId', '/workstreams/abc%20d')).toEqual({
      workstreamId: 'abc d',
    })
    expect(matchPath('/workstreams/:workstreamId', '/workstreams')).toBeNull()
    expect(matchPath('/workstreams', '/workstreams/x')).toBeNull()
    expect(matchPath('/admin', '/charter')).toBeNull()
  })
})

describe('safeReturnPath', () => {
  test.each([
    ['/charter', '/charter'],
    ['/workstreams/1?x=2', '/workstreams/1?x=2'],
    [null, '/'],
    ['', '/'],
    ['https://evil.example/', '/'],
    ['//evil.example/', '/'],
    ['/\\evil.example/', '/'],
    ['javascript:alert(1)', '/'],
    ['/sign-in?next=/admin', '/'],
  ])('%j → %j', (input, output) => {
    expect(safeReturnPath(input)).toBe(output)
  })
})

describe('navigation by role', () => {
  const labels = (roles: Parameters<typeof visibleNavItems>[0], admin = false) =>
    visibleNavItems(roles, admin).map((item) => item.to)

  test('members see the partnership pages; admins also see Admin', () => {
    const everyone = ['/', '/proposals', '/decisions', '/charter', '/workstreams', '/dashboard']
    expect(labels(['member'])).toEqual(everyone)
    // The ledger is for auditors and partnership leads, as the server allows.
    expect(labels(['auditor'])).toEqual([...everyone, '/audit'])
    // Partnership leads also confirm their party's grants and admissions on the Admin page, and
    // read the steering committee's agenda (agenda.get allows only them).
    expect(labels(['member', 'partnership_lead'])).toEqual([
      ...everyone,
      '/audit',
      '/agenda',
      '/admin',
    ])
    expect(labels(['workstream_lead'])).not.toContain('/agenda')
    expect(labels(['admin'], true)).toEqual([...everyone, '/admin'])
    // An admin of another partnership still manages accounts from here.
    expect(labels(['auditor'], true)).toEqual([...everyone, '/audit', '/admin'])
  })

  test('someone with no role in the partnership sees only Home', () => {
    expect(labels([])).toEqual(['/'])
  })
})
