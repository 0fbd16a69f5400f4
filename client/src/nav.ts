import type { Role } from '../../shared/roles'
import type { MessageKey } from './i18n'

export interface NavItem {
  to: string
  label: MessageKey
  /** Roles in the current partnership that show the item; empty: any role there. */
  roles: readonly Role[]
  /** Admin pages are about accounts, not one partnership: admins anywhere see them. */
  adminAnywhere?: boolean
}

/** The main navigation; each item shows only to the roles the server lets use its page. */
export const NAV_ITEMS: readonly NavItem[] = [
  { to: '/', label: 'nav.home', roles: [] },
  { to: '/proposals', label: 'nav.proposals', roles: [] },
  { to: '/decisions', label: 'nav.decisions', roles: [] },
  { to: '/charter', label: 'nav.charter', roles: [] },
  { to: '/workstreams', label: 'nav.workstreams', roles: [] },
  { to: '/dashboard', label: 'nav.dashboard', roles: [] },
  // The server lets only auditors and partnership leads read the ledger (audit.list).
  { to: '/audit', label: 'nav.audit', roles: ['auditor', 'partnership_lead'] },
  // The steering committee's agenda: the server lets only partnership leads read it (agenda.get).
  { to: '/agenda', label: 'nav.agenda', roles: ['partnership_lead'] },
  // Admins manage their party's people; partnership leads confirm grants and admissions there.
  { to: '/admin', label: 'nav.admin', roles: ['admin', 'partnership_lead'], adminAnywhere: true },
]

export function visibleNavItems(
  rolesHere: readonly Role[],
  adminAnywhere: boolean,
): readonly NavItem[] {
  return NAV_ITEMS.filter((item) => {
    if (item.adminAnywhere && adminAnywhere) return true
    if (item.roles.length === 0) return rolesHere.length > 0 || item.to === '/'
    return item.roles.some((role) => rolesHere.includes(role))
  })
}

/** The nav item a path belongs to ("/workstreams/x" belongs to "/workstreams"). */
export function isCurrent(item: NavItem, pathname: string): boolean {
  if (item.to === '/') return pathname === '/'
  return pathname === item.to || pathname.startsWith(`${item.to}/`)
}
