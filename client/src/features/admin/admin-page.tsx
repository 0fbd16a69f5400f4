import { isAdminAnywhere, useMe } from '../../auth'
import { useI18n } from '../../i18n'
import { Link } from '../../router'
import { Page } from '../../ui/page'
import { CreateUserForm } from './create-user-form'
import { UserList } from './user-list'

export function AdminPage() {
  const { t } = useI18n()
  const me = useMe()
  if (!isAdminAnywhere(me)) {
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
      <div className="admin-grid">
        <CreateUserForm />
        <UserList />
      </div>
    </Page>
  )
}
