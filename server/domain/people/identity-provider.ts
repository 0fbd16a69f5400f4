/**
 * A party's own identity provider (OpenID Connect), configured by that party's admins only:
 * issuer, client, write-only secret, the group claim, password sign-in on or off. The mapping
 * from groups to roles gives power, so a change of it waits for a second person of the party
 * (an admin or partnership lead, not the requester), as a grant does
 * (docs/decisions/0010-party-governance.md, "SSO").
 */
import { randomUUID } from 'node:crypto'
import { type Db, type Executor, type Trx, writeTransaction } from '../../../db/connect'
import { DomainError } from '../../../shared/errors'
import { CONFIRMER_ROLES, type Role } from '../../../shared/roles'
import type { RoleMappingEntry } from '../../../shared/schemas/sso'
import { appendEvent } from '../../audit/ledger'
import { requireFreshAuthentication } from '../../auth/fresh'
import { providerConfiguration } from '../../auth/oidc'
import { actorOf, isAdminAnywhere, type SessionUser } from '../users'

/** Where the provider sends people back; register `<Concord's address>` + this path. */
export const CALLBACK_PATH = '/auth/oidc/callback'

export function parseMapping(text: string): RoleMappingEntry[] {
  return JSON.parse(text) as RoleMappingEntry[]
}

/** Mapping lines in one order, so equal mappings compare and hash alike. */
function sortMapping(mapping: RoleMappingEntry[]): RoleMappingEntry[] {
  const key = (e: RoleMappingEntry) => `${e.partnershipId}\u0000${e.role}\u0000${e.group}`
  const unique = new Map(mapping.map((e) => [key(e), e]))
  return [...unique.values()].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
}

async function partyByCode(db: Executor, code: string) {
  return db
    .selectFrom('parties')
    .select(['id', 'code', 'name'])
    .where('code', '=', code)
    .executeTakeFirst()
}

function refuseOtherParty(user: SessionUser, partyCode: string): DomainError {
  return new DomainError(
    'FORBIDDEN',
    user.partyCode
      ? `You manage the sign-in of ${user.partyCode} only: ${partyCode}'s provider is configured by its own admins.`
      : `You belong to no party, so you configure no party's sign-in (${partyCode}'s admins do).`,
    { field: 'partyCode' },
  )
}

function holdsAnywhere(user: SessionUser, roles: readonly Role[]): boolean {
  return Object.values(user.roles).some((held) => held.some((r) => roles.includes(r)))
}

/** The caller's own party, when they are its admin (configure) or a confirmer there (read). */
async function ownParty(
  db: Executor,
  user: SessionUser,
  partyCode: string,
  need: 'admin' | 'confirmer',
) {
  if (user.partyCode !== partyCode) throw refuseOtherParty(user, partyCode)
  const allowed = need === 'admin' ? isAdminAnywhere(user) : holdsAnywhere(user, CONFIRMER_ROLES)
  if (!allowed) {
    throw new DomainError(
      'FORBIDDEN',
      need === 'admin'
        ? "Configuring your party's sign-in needs the admin role."
        : "Your party's sign-in settings are for its admins and partnership leads.",
      { field: 'partyCode' },
    )
  }
  const party = await partyByCode(db, partyCode)
  if (!party) throw new DomainError('NOT_FOUND', 'No such party.', { field: 'partyCode' })
  return party
}

/** The partnerships a party is in: the only ones its mapping may name. */
async function partnershipsOf(db: Executor, partyId: string) {
  return db
    .selectFrom('partnership_parties')
    .innerJoin('partnerships', 'partnerships.id', 'partnership_parties.partnership_id')
    .select(['partnerships.id', 'partnerships.name'])
    .where('partnership_parties.party_id', '=', partyId)
    .orderBy('partnerships.name')
    .execute()
}

/** Public (the sign-in page): the parties that sign their people in through a provider. */
export async function providerParties(db: Db) {
  const rows = await db
    .selectFrom('identity_providers')
    .innerJoin('parties', 'parties.id', 'identity_providers.party_id')
    .select(['parties.id', 'parties.name', 'parties.name_ja'])
    .orderBy('parties.name')
    .execute()
  return rows.map((r) => ({ id: r.id, name: r.name, nameJa: r.name_ja }))
}

/** The party's settings as its admins and partnership leads see them; never the secret. */
export async function readProvider(db: Db, user: SessionUser, partyCode: string) {
  const party = await ownParty(db, user, partyCode, 'confirmer')
  const row = await db
    .selectFrom('identity_providers')
    .leftJoin('users', 'users.id', 'identity_providers.updated_by')
    .select([
      'identity_providers.issuer',
      'identity_providers.client_id',
      'identity_providers.group_claim',
      'identity_providers.role_mapping',
      'identity_providers.password_sign_in',
      'identity_providers.updated_at',
      'users.name as updatedBy',
    ])
    .where('identity_providers.party_id', '=', party.id)
    .executeTakeFirst()
  const pending = await db
    .selectFrom('role_mapping_changes')
    .innerJoin('users', 'users.id', 'role_mapping_changes.requested_by')
    .select([
      'role_mapping_changes.id',
      'role_mapping_changes.role_mapping',
      'role_mapping_changes.requested_by',
      'role_mapping_changes.requested_at',
      'users.name',
    ])
    .where('role_mapping_changes.party_id', '=', party.id)
    .where('role_mapping_changes.status', '=', 'pending')
    .orderBy('role_mapping_changes.requested_at')
    .execute()
  const mayConfirm = holdsAnywhere(user, CONFIRMER_ROLES)
  return {
    party: { code: party.code, name: party.name },
    callbackPath: CALLBACK_PATH,
    partnerships: await partnershipsOf(db, party.id),
    provider: row
      ? {
          issuer: row.issuer,
          clientId: row.client_id,
          /** The secret itself is write-only: only that one is stored. */
          clientSecretSet: true as const,
          groupClaim: row.group_claim,
          passwordSignIn: row.password_sign_in === 1,
          mapping: parseMapping(row.role_mapping),
          updatedAt: row.updated_at,
          updatedBy: row.updatedBy,
        }
      : null,
    pendingMappings: pending.map((p) => ({
      id: p.id,
      mapping: parseMapping(p.role_mapping),
      requestedBy: { id: p.requested_by, name: p.name },
      requestedAt: p.requested_at,
      canConfirm: mayConfirm && p.requested_by !== user.id,
    })),
  }
}

/**
 * Connects or changes the party's provider. The issuer is checked by reading its discovery
 * document first. A new issuer is a new source of identities: the mapping in force is cleared
 * (a second person confirms one for it) so one admin cannot hand power to a provider of their own.
 */
export async function configureProvider(
  db: Db,
  user: SessionUser,
  input: {
    partyCode: string
    issuer: string
    clientId: string
    clientSecret?: string
    groupClaim: string
    passwordSignIn: boolean
  },
) {
  const party = await ownParty(db, user, input.partyCode, 'admin')
  const stored = await db
    .selectFrom('identity_providers')
    .select('client_secret')
    .where('party_id', '=', party.id)
    .executeTakeFirst()
  const newSecret = input.clientSecret ? input.clientSecret : null
  const secret = newSecret ?? stored?.client_secret
  if (!secret) {
    throw new DomainError(
      'VALIDATION',
      'clientSecret: give the client secret your provider issued for Concord.',
      { field: 'clientSecret' },
    )
  }
  // Outside the transaction: a network call never holds the write lock.
  await providerConfiguration({
    issuer: input.issuer,
    clientId: input.clientId,
    clientSecret: secret,
  })
  return writeTransaction(db, async (trx) => {
    const before = await trx
      .selectFrom('identity_providers')
      .selectAll()
      .where('party_id', '=', party.id)
      .executeTakeFirst()
    const now = new Date().toISOString()
    const issuerChanged = before !== undefined && before.issuer !== input.issuer
    const values = {
      issuer: input.issuer,
      client_id: input.clientId,
      client_secret: secret,
      group_claim: input.groupClaim,
      password_sign_in: input.passwordSignIn ? 1 : 0,
      updated_by: user.id,
      updated_at: now,
    }
    if (before) {
      await trx
        .updateTable('identity_providers')
        .set({ ...values, ...(issuerChanged ? { role_mapping: '[]' } : {}) })
        .where('party_id', '=', party.id)
        .execute()
    } else {
      await trx
        .insertInto('identity_providers')
        .values({ party_id: party.id, role_mapping: '[]', ...values })
        .execute()
    }
    if (issuerChanged) {
      await trx
        .updateTable('role_mapping_changes')
        .set({ status: 'cancelled' })
        .where('party_id', '=', party.id)
        .where('status', 'in', ['pending', 'active'])
        .execute()
    }
    // No secret in the ledger: only whether it changed.
    await appendEvent(trx, actorOf(user), {
      partnershipId: null,
      action: 'identity_provider.configured',
      entityType: 'party',
      entityId: party.id,
      before: before
        ? {
            issuer: before.issuer,
            clientId: before.client_id,
            groupClaim: before.group_claim,
            passwordSignIn: before.password_sign_in === 1,
          }
        : null,
      after: {
        party: party.code,
        issuer: input.issuer,
        clientId: input.clientId,
        groupClaim: input.groupClaim,
        passwordSignIn: input.passwordSignIn,
        secretChanged: newSecret !== null && newSecret !== before?.client_secret,
        mappingCleared: issuerChanged,
      },
    })
    return { ok: true as const, mappingCleared: issuerChanged }
  })
}

/** An admin asks for a new group → role mapping; it waits for a second person. */
export async function requestMapping(
  db: Db,
  user: SessionUser,
  input: { partyCode: string; mapping: RoleMappingEntry[] },
) {
  const party = await ownParty(db, user, input.partyCode, 'admin')
  return writeTransaction(db, async (trx) => {
    const provider = await trx
      .selectFrom('identity_providers')
      .select('party_id')
      .where('party_id', '=', party.id)
      .executeTakeFirst()
    if (!provider) {
      throw new DomainError(
        'INVALID_TRANSITION',
        'Connect the provider first (issuer, client id and secret), then map its groups to roles.',
        { field: 'partyCode' },
      )
    }
    const allowed = new Set((await partnershipsOf(trx, party.id)).map((p) => p.id))
    const index = input.mapping.findIndex((e) => !allowed.has(e.partnershipId))
    if (index !== -1) {
      throw new DomainError(
        'VALIDATION',
        `mapping.${index}.partnershipId: ${party.code} is not a party to that partnership.`,
        { field: `mapping.${index}.partnershipId` },
      )
    }
    const mapping = sortMapping(input.mapping)
    const replaced = await trx
      .selectFrom('role_mapping_changes')
      .select('id')
      .where('party_id', '=', party.id)
      .where('status', '=', 'pending')
      .execute()
    if (replaced.length > 0) {
      await trx
        .updateTable('role_mapping_changes')
        .set({ status: 'cancelled' })
        .where(
          'id',
          'in',
          replaced.map((r) => r.id),
        )
        .execute()
    }
    const id = randomUUID()
    await trx
      .insertInto('role_mapping_changes')
      .values({
        id,
        party_id: party.id,
        role_mapping: JSON.stringify(mapping),
        status: 'pending',
        requested_by: user.id,
        requested_at: new Date().toISOString(),
        confirmed_by: null,
        confirmed_at: null,
      })
      .execute()
    await appendEvent(trx, actorOf(user), {
      partnershipId: null,
      action: 'identity_provider.mapping_requested',
      entityType: 'party',
      entityId: party.id,
      after: { party: party.code, changeId: id, mapping, replaces: replaced.map((r) => r.id) },
    })
    return { changeId: id, status: 'pending' as const }
  })
}

async function loadChange(trx: Trx, changeId: string) {
  const change = await trx
    .selectFrom('role_mapping_changes')
    .innerJoin('parties', 'parties.id', 'role_mapping_changes.party_id')
    .select([
      'role_mapping_changes.id',
      'role_mapping_changes.party_id',
      'role_mapping_changes.role_mapping',
      'role_mapping_changes.status',
      'role_mapping_changes.requested_by',
      'parties.code',
    ])
    .where('role_mapping_changes.id', '=', changeId)
    .executeTakeFirst()
  if (!change) throw new DomainError('NOT_FOUND', 'No such mapping change.', { field: 'changeId' })
  return change
}

/**
 * A second person of the party confirms the mapping, freshly authenticated: it is in force from
 * the next sign-in of each person. They must be an admin or partnership lead in every partnership
 * the old or the new mapping names.
 */
export function confirmMapping(db: Db, user: SessionUser, sessionId: string, changeId: string) {
  return writeTransaction(db, async (trx) => {
    const change = await loadChange(trx, changeId)
    if (user.partyId !== change.party_id) throw refuseOtherParty(user, change.code)
    if (change.requested_by === user.id) {
      throw new DomainError(
        'FORBIDDEN',
        'You asked for this mapping change: a second person of your party must confirm it.',
        { field: 'changeId' },
      )
    }
    const provider = await trx
      .selectFrom('identity_providers')
      .select('role_mapping')
      .where('party_id', '=', change.party_id)
      .executeTakeFirstOrThrow()
    const before = parseMapping(provider.role_mapping)
    const after = parseMapping(change.role_mapping)
    const confirmerIn = (partnershipId: string) =>
      (user.roles[partnershipId] ?? []).some((r) => CONFIRMER_ROLES.includes(r))
    const named = new Set([...before, ...after].map((e) => e.partnershipId))
    const allowed =
      named.size === 0 ? holdsAnywhere(user, CONFIRMER_ROLES) : [...named].every(confirmerIn)
    if (!allowed) {
      throw new DomainError(
        'FORBIDDEN',
        'Confirming a mapping needs the admin or partnership-lead role in every partnership it names.',
        { field: 'changeId' },
      )
    }
    if (change.status !== 'pending') {
      throw new DomainError(
        'CONFLICT',
        `This mapping change is ${change.status === 'active' ? 'confirmed' : change.status} already.`,
        { field: 'changeId' },
      )
    }
    const authentication = await requireFreshAuthentication(trx, sessionId)
    const now = new Date().toISOString()
    await trx
      .updateTable('role_mapping_changes')
      .set({ status: 'cancelled' })
      .where('party_id', '=', change.party_id)
      .where('status', '=', 'active')
      .execute()
    await trx
      .updateTable('role_mapping_changes')
      .set({ status: 'active', confirmed_by: user.id, confirmed_at: now })
      .where('id', '=', change.id)
      .execute()
    await trx
      .updateTable('identity_providers')
      .set({ role_mapping: change.role_mapping })
      .where('party_id', '=', change.party_id)
      .execute()
    await appendEvent(trx, actorOf(user), {
      partnershipId: null,
      action: 'identity_provider.mapping_confirmed',
      entityType: 'party',
      entityId: change.party_id,
      before: { mapping: before },
      after: {
        party: change.code,
        changeId: change.id,
        mapping: after,
        requestedBy: change.requested_by,
        authentication: {
          method: authentication.method,
          at: authentication.at,
          issuer: authentication.issuer,
        },
      },
    })
    return { changeId: change.id, status: 'active' as const }
  })
}

/** The mapping in force for a party, and who asked for and confirmed it (for the roster). */
export async function mappingInForce(db: Executor, partyId: string) {
  const provider = await db
    .selectFrom('identity_providers')
    .select('role_mapping')
    .where('party_id', '=', partyId)
    .executeTakeFirst()
  const change = await db
    .selectFrom('role_mapping_changes')
    .select(['requested_by', 'confirmed_by'])
    .where('party_id', '=', partyId)
    .where('status', '=', 'active')
    .orderBy('confirmed_at', 'desc')
    .executeTakeFirst()
  return {
    mapping: provider ? parseMapping(provider.role_mapping) : [],
    requestedBy: change?.requested_by ?? null,
    confirmedBy: change?.confirmed_by ?? null,
  }
}
