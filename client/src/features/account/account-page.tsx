/** The person's own settings (issue 14): for now, their calendar feed of decide-by dates. */
import { useMe } from '../../auth'
import { useI18n } from '../../i18n'
import { Page } from '../../ui/page'
import { CalendarFeed } from '../agenda/calendar-feed'

export function AccountPage() {
  const { t } = useI18n()
  const me = useMe()
  return (
    <Page title={t('account.title')} lead={t('account.intro', { name: me.name })}>
      <CalendarFeed />
    </Page>
  )
}
