import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DemoWorld, demoWorld } from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'

describe.each(DATABASE_KINDS)('charter and workstreams of the demo (%s)', (kind) => {
  let world: DemoWorld
  beforeAll(async () => {
    world = await demoWorld(kind)
  })
  afterAll(() => world.destroy())

  it('shows the no-capital-merger constraint and the no-rebadging stance with screening terms', async () => {
    const lead = await world.as('lead@honda.example')
    const charter = await lead.charter.get({ partnershipId: world.partnershipId })
    expect(charter.version).toBe(1)
    const constraint = charter.items.constraint.find((i) => i.code === 'CON-1')
    expect(constraint?.title).toMatch(/capital merger/i)
    expect(constraint?.screeningTerms.en).toContain('share swap')
    expect(constraint?.screeningTerms.ja).toContain('資本提携')
    const stance = charter.items.stance.find((i) => i.code === 'ST-1')
    expect(stance?.title).toMatch(/rebadging/i)
    expect(charter.items.market.map((m) => m.title).sort()).toEqual(['Europe', 'North America'])
    expect(charter.items.objective).toHaveLength(4)
    expect(charter.items.area).toHaveLength(3)
  })

  it('lists the battery and software workstreams with a lead of each party', async () => {
    const member = await world.as('member@nissan.example')
    const list = await member.workstream.list({ partnershipId: world.partnershipId })
    const battery = list.find((w) => w.code === 'WS-BAT')
    const software = list.find((w) => w.code === 'WS-SW')
    expect(battery?.name).toMatch(/battery procurement/i)
    expect(software?.name).toMatch(/software platform/i)
    for (const ws of [battery, software]) {
      expect(ws?.leads.map((l) => l.partyCode).sort()).toEqual(['HONDA', 'NISSAN'])
    }
    const detail = await member.workstream.get({ workstreamId: battery?.id as string })
    expect(detail.areas.map((a) => a.code)).toEqual(['AREA-2'])
    expect(detail.markets.map((m) => m.code)).toEqual(['MKT-1', 'MKT-2'])
  })

  it('lists who takes part, with party and roles but no emails, to any member', async () => {
    const member = await world.as('member@nissan.example')
    const people = await member.partnership.members({ partnershipId: world.partnershipId })
    expect(people).toHaveLength(15)
    const lead = people.find((p) => p.name === 'Takeshi Mori')
    expect(lead).toEqual({
      id: lead?.id,
      name: 'Takeshi Mori',
      partyCode: 'HONDA',
      roles: ['member', 'partnership_lead'],
    })
    expect(JSON.stringify(people)).not.toContain('@')
    expect(people.find((p) => p.partyCode === null)?.roles).toEqual(['auditor'])
  })
})
