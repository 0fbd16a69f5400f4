import { useQuery } from '@tanstack/react-query'
import { DELEGATOR_ROLES } from '../../../../shared/delegation'
import { isAdminAnywhere, useMe } from '../../auth'
import { useI18n } from '../../i18n'
import { usePartnership } from '../../partnership'
import { Link } from '../../router'
import { useTRPC } from '../../trpc'
import { Page } from '../../ui/page'
import { DelegationsSection } from '../people/delegations'
import { RosterSection } from '../people/roster'
import { CreateUserForm } from './create-user-form'
import { Admissions, PendingGrants } from './governance'
import { ShutdownDays } from './shutdown-days'
import { SsoSettings } from './sso-settings'
import { UserList } from './user-list'
import { WebhookSettings } from './webhooks'

/**
 * Administration of the admin's own party's people, and the second person's part (grants and
 * admissions) for admins and partnership leads. No one here manages another party's people.
 */
export function AdminPage() {
  const { t } = useI18n()
  const me = useMe()
  const { current } = usePartnership()
  const admin = isAdminAnywhere(me)
  const confirmerHere = Boolean(
    current?.myRoles.some((r) => r === 'admin' || r === 'partnership_lead'),
  )
  if (!admin && !confirmerHere) {
    return (
      <Page title={t('error.forbidden.title')} lead={t('error.forbidden.body')}>
        <p>
          <Link to="/">{t('error.goHome')}</Link>
        </p>
      </Page>
    )
  }
  return (
    <Page title={t('admin.title')} lead={t('admin.intro')}>
      {admin ? <EmailOffNotice /> : null}
      <div className="admin-grid">
        {current && confirmerHere ? (
          <>
            <PendingGrants partnershipId={current.id} />
            <Admissions
              partnershipId={current.id}
              canRequest={Boolean(current.myRoles.includes('admin'))}
            />
          </>
        ) : null}
        {admin ? (
          <>
            <CreateUserForm />
            <UserList />
          </>
        ) : null}
        {me.partyCode && (admin || confirmerHere) ? (
          <SsoSettings partyCode={me.partyCode} isAdmin={admin} />
        ) : null}
        {current && me.partyCode && current.myRoles.includes('admin') ? (
          <>
            <ShutdownDays partnershipId={current.id} party={me.partyCode} />
            <WebhookSettings partnershipId={current.id} party={me.partyCode} />
          </>
        ) : null}
        {current ? <RosterSection partnershipId={current.id} /> : null}
        {current ? (
          <DelegationsSection
            partnershipId={current.id}
            canDelegate={current.myRoles.some((r) => DELEGATOR_ROLES.includes(r))}
          />
        ) : null}
      </div>
    </Page>
  )
}

/** Without SMTP the app works the same; its admins are told that nobody gets email. */
function EmailOffNotice() {
  const { t } = useI18n()
  const trpc = useTRPC()
  const prefs = useQuery(trpc.notification.preferences.queryOptions())
  if (!prefs.data || prefs.data.emailAvailable) return null
  return <p className="notice notice-warning">{t('admin.emailOff')}</p>
}
