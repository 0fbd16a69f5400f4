import { isAdminAnywhere, useMe } from '../../auth'
import { useI18n } from '../../i18n'
import { partyName, usePartnership } from '../../partnership'
import { Link } from '../../router'
import { Page } from '../../ui/page'
import { RoleTags } from '../../ui/role-list'
import { EmptyState, Skeleton } from '../../ui/states'

/** Home. It becomes the inbox ("what waits on me") once the workflow API exists. */
export function HomePage() {
  const { t, lang } = useI18n()
  const me = useMe()
  const { current, roles, isPending } = usePartnership()
  const party = current?.parties.find((p) => p.code === me.partyCode)

  return (
    <Page title={t('home.title')} lead={t('home.greeting', { name: me.name })}>
      {isPending ? (
        <Skeleton lines={4} />
      ) : !current ? (
        <EmptyState>{t('home.noPartnership')}</EmptyState>
      ) : (
        <div className="grid-2">
          <section className="card" aria-labelledby="inbox-heading">
            <h2 id="inbox-heading">{t('home.inbox.title')}</h2>
            <EmptyState>{t('home.inbox.soon')}</EmptyState>
          </section>
          <section className="card" aria-labelledby="me-heading">
            <h2 id="me-heading">{current.name}</h2>
            <dl className="facts">
              <dt>{t('home.party')}</dt>
              <dd>{me.partyCode ? partyName(party, lang, me.partyCode) : t('party.none')}</dd>
              <dt>{t('home.roles')}</dt>
              <dd>
                <RoleTags roles={roles} empty={t('home.noRoles')} />
              </dd>
            </dl>
            <h3>{t('home.explore')}</h3>
            <ul className="link-list">
              <li>
                <Link to="/charter">{t('nav.charter')}</Link> — {t('home.explore.charter')}
              </li>
              <li>
                <Link to="/workstreams">{t('nav.workstreams')}</Link> —{' '}
                {t('home.explore.workstreams')}
              </li>
              {isAdminAnywhere(me) ? (
                <li>
                  <Link to="/admin">{t('nav.admin')}</Link> — {t('home.explore.admin')}
                </li>
              ) : null}
            </ul>
          </section>
        </div>
      )}
    </Page>
  )
}
