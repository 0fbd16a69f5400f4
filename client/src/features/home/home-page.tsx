import { useQuery } from '@tanstack/react-query'
import { isAdminAnywhere, useMe } from '../../auth'
import { type MessageKey, useI18n } from '../../i18n'
import { partyName, usePartnership } from '../../partnership'
import { Link } from '../../router'
import { useTRPC } from '../../trpc'
import { Page } from '../../ui/page'
import { RoleTags } from '../../ui/role-list'
import { EmptyState, ErrorState, Skeleton } from '../../ui/states'
import { canFile, DecideBy, type InboxItem, type InboxView, StateBadge } from '../proposals/common'

type Group = 'reviewsRequested' | 'signoffsOwed' | 'myProposals' | 'overdue'
const GROUPS: Group[] = ['reviewsRequested', 'signoffsOwed', 'myProposals', 'overdue']

const TITLES: Record<Group, MessageKey> = {
  reviewsRequested: 'inbox.reviewsRequested',
  signoffsOwed: 'inbox.signoffsOwed',
  myProposals: 'inbox.myProposals',
  overdue: 'inbox.overdue',
}
const EMPTY: Record<Group, MessageKey> = {
  reviewsRequested: 'inbox.reviewsRequested.empty',
  signoffsOwed: 'inbox.signoffsOwed.empty',
  myProposals: 'inbox.myProposals.empty',
  overdue: 'inbox.overdue.empty',
}

/** Home is the inbox: what waits on the signed-in user, with counts, each item linking to it. */
export function HomePage() {
  const { t, lang } = useI18n()
  const me = useMe()
  const trpc = useTRPC()
  const { current, roles, isPending } = usePartnership()
  const party = current?.parties.find((p) => p.code === me.partyCode)
  const inbox = useQuery(
    trpc.inbox.get.queryOptions(
      { partnershipId: current?.id ?? '' },
      { enabled: Boolean(current) && roles.length > 0 },
    ),
  )

  return (
    <Page title={t('home.title')} lead={t('home.greeting', { name: me.name })}>
      {isPending ? (
        <Skeleton lines={4} />
      ) : !current ? (
        <EmptyState>{t('home.noPartnership')}</EmptyState>
      ) : (
        <div className="home-grid">
          <section className="inbox" aria-labelledby="inbox-heading">
            <div className="inbox-head">
              <h2 id="inbox-heading">{t('home.inbox.title')}</h2>
              {canFile(roles, me.partyCode) ? (
                <Link to="/proposals/new" className="button button-primary">
                  {t('proposals.new')}
                </Link>
              ) : null}
            </div>
            {roles.length === 0 ? (
              <EmptyState>{t('home.noRoles')}</EmptyState>
            ) : inbox.isPending ? (
              <Skeleton lines={6} label={t('inbox.loading')} />
            ) : inbox.error ? (
              <ErrorState error={inbox.error} onRetry={() => void inbox.refetch()} />
            ) : (
              <Inbox data={inbox.data} />
            )}
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
                <Link to="/proposals">{t('nav.proposals')}</Link> — {t('home.explore.proposals')}
              </li>
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

function Inbox({ data }: { data: InboxView }) {
  const { t, formatNumber } = useI18n()
  return (
    <>
      <p className="inbox-total">
        {data.counts.total === 0
          ? t('inbox.nothing')
          : t('inbox.total', { count: formatNumber(data.counts.total) })}
      </p>
      <ul className="inbox-counts">
        {GROUPS.map((group) => (
          <li key={group}>
            <a
              href={`#inbox-${group}`}
              className={data.counts[group] > 0 ? 'count-tile count-tile-active' : 'count-tile'}
            >
              <span className="count-number">{formatNumber(data.counts[group])}</span>
              <span className="count-label">{t(TITLES[group])}</span>
            </a>
          </li>
        ))}
      </ul>
      {GROUPS.map((group) => (
        <section
          key={group}
          className="card inbox-group"
          id={`inbox-${group}`}
          aria-labelledby={`inbox-${group}-heading`}
        >
          <h3 id={`inbox-${group}-heading`}>
            {t(TITLES[group])}{' '}
            <span className="badge badge-neutral">{formatNumber(data.counts[group])}</span>
          </h3>
          {data[group].length === 0 ? (
            <p className="muted">{t(EMPTY[group])}</p>
          ) : (
            <ul className="inbox-list">
              {data[group].map((item) => (
                <InboxRow key={item.id} item={item} group={group} />
              ))}
            </ul>
          )}
        </section>
      ))}
    </>
  )
}

/**
 * Why an item is here, in the UI's language. The server's `reason` is English; each group has
 * one kind of reason, so the sentence is rebuilt from the group and the item's state.
 */
function reasonOf(item: InboxItem, group: Group, t: ReturnType<typeof useI18n>['t']): string {
  switch (group) {
    case 'reviewsRequested':
      return t('inbox.reason.review')
    case 'signoffsOwed':
      return t('inbox.reason.signoff')
    case 'overdue':
      return t('inbox.reason.overdue')
    case 'myProposals':
      return item.state === 'draft' ? t('inbox.reason.draft') : t('inbox.reason.attention')
  }
}

function InboxRow({ item, group }: { item: InboxItem; group: Group }) {
  const { t, lang } = useI18n()
  return (
    <li className="inbox-item">
      <p className="inbox-item-title">
        <span className="code">{item.code}</span>{' '}
        <Link to={`/proposals/${item.id}`}>{item.title}</Link>
      </p>
      <p className="inbox-item-meta">
        <StateBadge state={item.state} />
        <span>{reasonOf(item, group, t)}</span>
        <DecideBy decideBy={item.decideBy} overdue={item.overdue} />
      </p>
      {group === 'myProposals' && lang === 'en' && item.state !== 'draft' ? (
        <p className="meta">{item.reason}</p>
      ) : null}
    </li>
  )
}
