/**
 * The roster of power: for each party of a partnership, who holds a power role there now, since
 * when, asked for by whom and confirmed by whom. Every participant may read it, so a surprise
 * signer is visible to the other party at once. No emails.
 */
import type { Executor } from '../../../db/connect'
import { POWER_ROLES, type Role } from '../../../shared/roles'

export async function roster(db: Executor, partnershipId: string) {
  const parties = await db
    .selectFrom('partnership_parties')
    .innerJoin('parties', 'parties.id', 'partnership_parties.party_id')
    .select(['parties.id', 'parties.code', 'parties.name'])
    .where('partnership_parties.partnership_id', '=', partnershipId)
    .orderBy('parties.code')
    .execute()
  const holders = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select([
      'memberships.user_id',
      'memberships.role',
      'memberships.created_at',
      'users.name',
      'users.party_id',
      'users.status',
    ])
    .where('memberships.partnership_id', '=', partnershipId)
    .where('memberships.role', 'in', [...POWER_ROLES])
    .execute()
  const grants = await db
    .selectFrom('role_grants')
    .leftJoin('users as requester', 'requester.id', 'role_grants.requested_by')
    .leftJoin('users as confirmer', 'confirmer.id', 'role_grants.confirmed_by')
    .select([
      'role_grants.user_id',
      'role_grants.role',
      'role_grants.source',
      'role_grants.confirmed_at',
      'role_grants.requested_at',
      'requester.name as requestedBy',
      'confirmer.name as confirmedBy',
    ])
    .where('role_grants.partnership_id', '=', partnershipId)
    .where('role_grants.status', '=', 'active')
    .execute()
  const grantOf = (userId: string, role: string) =>
    grants
      .filter((g) => g.user_id === userId && g.role === role)
      .sort((a, b) => (a.requested_at < b.requested_at ? 1 : -1))[0]
  const entries = holders
    .map((h) => {
      const grant = grantOf(h.user_id, h.role)
      return {
        partyId: h.party_id,
        userId: h.user_id,
        name: h.name,
        role: h.role as Role,
        active: h.status === 'active',
        since: grant?.confirmed_at ?? h.created_at,
        // operator: set up from the command line (or before grants were recorded)
        source: grant?.source ?? 'operator',
        requestedBy: grant?.requestedBy ?? null,
        confirmedBy: grant?.confirmedBy ?? null,
      }
    })
    .sort((a, b) => a.role.localeCompare(b.role) || a.name.localeCompare(b.name))
  const strip = ({ partyId: _, ...rest }: (typeof entries)[number]) => rest
  return {
    parties: [
      ...parties.map((p) => ({
        code: p.code as string | null,
        name: p.name,
        holders: entries.filter((e) => e.partyId === p.id).map(strip),
      })),
      {
        code: null,
        name: null,
        holders: entries.filter((e) => e.partyId === null).map(strip),
      },
    ],
  }
}
