import { useI18n } from '../i18n'
import { Link } from '../router'
import { Page } from '../ui/page'

export function NotFoundPage() {
  const { t } = useI18n()
  return (
    <Page title={t('error.notFound.title')} lead={t('error.notFound.body')}>
      <p>
        <Link to="/">{t('error.goHome')}</Link>
      </p>
    </Page>
  )
}
