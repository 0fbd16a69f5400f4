import { randomUUID } from 'node:crypto'
import { type Db, type Trx, writeTransaction } from '../../db/connect'
import { DEFAULT_POLICY } from '../../shared/charter'
import { appendEvent, SYSTEM_ACTOR } from '../audit/ledger'
import { createUser, setRoles } from '../domain/users'
import { seedPartyCalendar } from './calendars'
import {
  DEMO_ACCOUNTS,
  DEMO_CHARTER,
  DEMO_PARTIES,
  DEMO_PARTNERSHIP,
  DEMO_WORKSTREAMS,
} from './demo-data'

export interface SeedResult {
  partnershipId: string
  /** Empty when the demo was there already and nothing was loaded. */
  accounts: { email: string; name: string; party: string | null; roles: string[] }[]
}

/**
 * Loads the demo partnership once; a second call finds it and loads nothing. `loadedAt` (default:
 * now) is when the demo is loaded: the parties' shutdown days are the coming ones from then. The
 * history runs this under its story clock, a year back, so it passes the real time.
 */
export async function seedDemo(
  db: Db,
  options: { password: string; loadedAt?: Date },
): Promise<SeedResult> {
  const loadedAt = options.loadedAt ?? new Date()
  return writeTransaction(db, async (trx) => {
    const existing = await trx
      .selectFrom('partnerships')
      .select('id')
      .where('slug', '=', DEMO_PARTNERSHIP.slug)
      .executeTakeFirst()
    if (existing) return { partnershipId: existing.id, accounts: [] }
    const partnershipId = await loadDemo(trx, options.password, loadedAt)
    return {
      partnershipId,
      accounts: DEMO_ACCOUNTS.map(({ email, name, party, roles }) => ({
        email,
        name,
        party,
        roles,
      })),
    }
  })
}

async function loadDemo(trx: Trx, password: string, loadedAt: Date): Promise<string> {
  const now = new Date().toISOString()
  const partyIds = new Map<string, string>()
  for (const party of DEMO_PARTIES) {
    const found = await trx
      .selectFrom('parties')
      .select('id')
      .where('code', '=', party.code)
      .executeTakeFirst()
    const id = found?.id ?? randomUUID()
    if (!found) {
      await trx
        .insertInto('parties')
        .values({ id, code: party.code, name: party.name, name_ja: party.nameJa })
        .execute()
      await appendEvent(trx, SYSTEM_ACTOR, {
        partnershipId: null,
        action: 'party.created',
        entityType: 'party',
        entityId: id,
        after: party,
      })
      await seedPartyCalendar(trx, id, party.code, loadedAt)
    }
    partyIds.set(party.code, id)
  }

  const partnershipId = randomUUID()
  await trx
    .insertInto('partnerships')
    .values({
      id: partnershipId,
      slug: DEMO_PARTNERSHIP.slug,
      name: DEMO_PARTNERSHIP.name,
      description: DEMO_PARTNERSHIP.description,
      status: 'active',
      charter_version: 1,
      approval_policy: JSON.stringify(DEFAULT_POLICY),
      next_proposal_number: 1,
      next_decision_number: 1,
      created_at: now,
    })
    .execute()
  await trx
    .insertInto('partnership_parties')
    .values([...partyIds.values()].map((party_id) => ({ partnership_id: partnershipId, party_id })))
    .execute()
  await appendEvent(trx, SYSTEM_ACTOR, {
    partnershipId,
    action: 'partnership.created',
    entityType: 'partnership',
    entityId: partnershipId,
    after: {
      ...DEMO_PARTNERSHIP,
      parties: DEMO_PARTIES.map((p) => p.code),
      policy: DEFAULT_POLICY,
    },
  })

  const itemIds = new Map<string, string>()
  for (const item of DEMO_CHARTER) {
    const id = randomUUID()
    itemIds.set(item.code, id)
    const terms = JSON.stringify(item.terms ?? { en: [], ja: [] })
    await trx
      .insertInto('charter_items')
      .values({
        id,
        partnership_id: partnershipId,
        code: item.code,
        kind: item.kind,
        title: item.title,
        statement: item.statement,
        title_ja: item.titleJa,
        statement_ja: item.statementJa,
        screening_terms: terms,
        procedure: item.procedure ? JSON.stringify(item.procedure) : null,
        status: 'active',
        introduced_version: 1,
        updated_version: 1,
        retired_version: null,
        created_at: now,
      })
      .execute()
    await trx
      .insertInto('charter_item_revisions')
      .values({
        item_id: id,
        version: 1,
        title: item.title,
        statement: item.statement,
        title_ja: item.titleJa,
        statement_ja: item.statementJa,
        screening_terms: terms,
        procedure: item.procedure ? JSON.stringify(item.procedure) : null,
        status: 'active',
        created_at: now,
      })
      .execute()
    await appendEvent(trx, SYSTEM_ACTOR, {
      partnershipId,
      action: 'charter.item_added',
      entityType: 'charter_item',
      entityId: id,
      after: {
        code: item.code,
        kind: item.kind,
        title: item.title,
        statement: item.statement,
        titleJa: item.titleJa,
        statementJa: item.statementJa,
        screeningTerms: item.terms ?? null,
        ...(item.procedure ? { procedure: item.procedure } : {}),
        version: 1,
      },
    })
  }
  await trx
    .insertInto('charter_versions')
    .values({
      partnership_id: partnershipId,
      version: 1,
      created_at: now,
      decision_id: null,
      summary: 'Charter as agreed when the partnership was announced.',
      changes: JSON.stringify(DEMO_CHARTER.map((i) => ({ op: 'add', code: i.code }))),
    })
    .execute()

  const workstreamIds = new Map<string, string>()
  for (const ws of DEMO_WORKSTREAMS) {
    const id = randomUUID()
    workstreamIds.set(ws.code, id)
    await trx
      .insertInto('workstreams')
      .values({
        id,
        partnership_id: partnershipId,
        code: ws.code,
        name: ws.name,
        description: ws.description,
        name_ja: ws.nameJa,
        description_ja: ws.descriptionJa,
        status: ws.status,
        created_at: now,
      })
      .execute()
    await trx
      .insertInto('workstream_charter_links')
      .values(
        ws.links.map((code) => ({
          workstream_id: id,
          charter_item_id: itemIds.get(code) as string,
        })),
      )
      .execute()
    await appendEvent(trx, SYSTEM_ACTOR, {
      partnershipId,
      action: 'workstream.created',
      entityType: 'workstream',
      entityId: id,
      after: {
        code: ws.code,
        name: ws.name,
        description: ws.description,
        nameJa: ws.nameJa,
        descriptionJa: ws.descriptionJa,
        status: ws.status,
        links: ws.links,
      },
    })
  }

  for (const account of DEMO_ACCOUNTS) {
    const { id } = await createUser(trx, SYSTEM_ACTOR, {
      email: account.email,
      name: account.name,
      password,
      partyCode: account.party,
      locale: account.locale,
    })
    await setRoles(trx, SYSTEM_ACTOR, { userId: id, partnershipId, roles: account.roles })
    for (const [code, role] of Object.entries(account.workstreams)) {
      const workstreamId = workstreamIds.get(code) as string
      await trx
        .insertInto('workstream_people')
        .values({ workstream_id: workstreamId, user_id: id, role })
        .execute()
      await appendEvent(trx, SYSTEM_ACTOR, {
        partnershipId,
        action: 'workstream.person_set',
        entityType: 'workstream',
        entityId: workstreamId,
        before: { userId: id, role: null },
        after: { userId: id, role },
      })
    }
  }
  return partnershipId
}
