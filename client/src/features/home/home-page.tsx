import { useQuery } from '@tanstack/react-query'
import { mayFile } from '../../../../shared/lifecycle'
import { hasAnyRole, PARTICIPANT_ROLES } from '../../../../shared/roles'
import type { InboxReason } from '../../../../shared/waiting'
import { isAdminAnywhere, useMe } from '../../auth'
import { type MessageKey, useI18n } from '../../i18n'
import { visibleNavItems } from '../../nav'
import { partyName, usePartnership } from '../../partnership'
import { Link } from '../../router'
import { useTRPC } from '../../trpc'
import { DecideBy } from '../../ui/decide-by'
import { Page } from '../../ui/page'
import { RoleTags } from '../../ui/role-list'
import { StateBadge } from '../../ui/state-badge'
import { EmptyState, ErrorState, Skeleton } from '../../ui/states'
import type { InboxItem, InboxView } from '../proposals/types'
import './home.css'

type Group = 'reviewsRequested' | 'signoffsOwed' | 'myProposals' | 'helpWanted' | 'overdue'
const GROUPS: Group[] = ['reviewsRequested', 'signoffsOwed', 'myProposals', 'helpWanted', 'overdue']

const TITLES: Record<Group, MessageKey> = {
  reviewsRequested: 'inbox.reviewsRequested',
  signoffsOwed: 'inbox.signoffsOwed',
  myProposals: 'inbox.myProposals',
  helpWanted: 'waits.inbox.helpWanted',
  overdue: 'inbox.overdue',
}
const EMPTY: Record<Group, MessageKey> = {
  reviewsRequested: 'inbox.reviewsRequested.empty',
  signoffsOwed: 'inbox.signoffsOwed.empty',
  myProposals: 'inbox.myProposals.empty',
  helpWanted: 'waits.inbox.helpWanted.empty',
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
      { enabled: Boolean(current) && hasAnyRole(roles, PARTICIPANT_ROLES) },
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
              {mayFile(roles, me.partyCode) ? (
                <Link to="/proposals/new" className="button button-primary">
                  {t('proposals.new')}
                </Link>
              ) : null}
            </div>
            {roles.length === 0 ? (
              <EmptyState>{t('home.noRoles')}</EmptyState>
            ) : !hasAnyRole(roles, PARTICIPANT_ROLES) ? (
              // Auditors and admins take no part in the joint work: nothing waits on them there.
              <ReaderHome />
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
              {visibleNavItems(roles, isAdminAnywhere(me))
                .filter((item) => item.to !== '/')
                .map((item) => (
                  <li key={item.to}>
                    <Link to={item.to}>{t(item.label)}</Link> — {t(EXPLORE[item.to] ?? item.label)}
                  </li>
                ))}
            </ul>
          </section>
        </div>
      )}
    </Page>
  )
}

/** What each page of the navigation is for, said on Home beside its link. */
const EXPLORE: Record<string, MessageKey> = {
  '/proposals': 'home.explore.proposals',
  '/decisions': 'home.explore.decisions',
  '/charter': 'home.explore.charter',
  '/workstreams': 'home.explore.workstreams',
  '/dashboard': 'home.explore.dashboard',
  '/audit': 'home.explore.audit',
  '/agenda': 'home.explore.agenda',
  '/admin': 'home.explore.admin',
}

/** Home for those who read and verify rather than take part: where their work is. */
function ReaderHome() {
  const { t } = useI18n()
  const { roles } = usePartnership()
  return (
    <div className="card">
      <p>{t('home.reader.lead')}</p>
      <p className="reader-links">
        {roles.includes('auditor') ? (
          <Link to="/audit" className="button button-primary">
            {t('home.reader.audit')}
          </Link>
        ) : null}
        <Link to="/decisions" className="button">
          {t('home.reader.decisions')}
        </Link>
      </p>
    </div>
  )
}

function Inbox({ data }: { data: InboxView }) {
  const { t, plural, formatNumber } = useI18n()
  return (
    <>
      <p className="inbox-total">
        {data.counts.total === 0 ? t('inbox.nothing') : plural('inbox.total', data.counts.total)}
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
                <InboxRow key={item.id} item={item} />
              ))}
            </ul>
          )}
        </section>
      ))}
    </>
  )
}

type Worded = Exclude<
  InboxReason,
  'concern' | 'reviewers_missing' | 'concern_raised' | 'charter_conflict' | 'concern_held'
>
const REASONS: Record<Worded, MessageKey> = {
  review: 'inbox.reason.review',
  signoff: 'inbox.reason.signoff',
  overdue: 'inbox.reason.overdue',
  draft: 'inbox.reason.draft',
  changes_requested: 'inbox.reason.changes_requested',
}

/** Why an item is here, in the UI's language, from the server's reason codes. */
function useReasonText(): (item: InboxItem) => string {
  const { t, plural } = useI18n()
  return (item) =>
    item.reasons
      .map((reason) => {
        switch (reason) {
          case 'concern':
            return plural('inbox.reason.concern', item.concerns.length, {
              titles: item.concerns.map((c) => c.title).join('; '),
            })
          case 'concern_raised':
            return t('waits.reason.concernRaised', {
              titles: item.concerns.map((c) => c.title).join('; '),
            })
          case 'concern_held':
            return t('concernGrounds.inboxHeld', {
              titles: item.concerns.map((c) => c.title).join('; '),
            })
          case 'reviewers_missing':
            return item.waits
              .flatMap((w) =>
                w.kind === 'reviewers_missing'
                  ? [
                      t('waits.reason.reviewersMissing', {
                        party: w.party,
                        have: w.have,
                        needed: w.needed,
                      }),
                    ]
                  : [],
              )
              .join(' ')
          case 'charter_conflict':
            return t('waits.reason.charterConflict', {
              codes: item.waits
                .flatMap((w) => (w.kind === 'charter_conflict' ? w.codes : []))
                .join(', '),
            })
          default:
            return t(REASONS[reason])
        }
      })
      .join(' ')
}

function InboxRow({ item }: { item: InboxItem }) {
  const reasonText = useReasonText()
  return (
    <li className="inbox-item">
      <p className="inbox-item-title">
        <span className="code">{item.code}</span>{' '}
        <Link to={`/proposals/${item.id}`}>{item.title}</Link>
      </p>
      <p className="inbox-item-meta">
        <StateBadge state={item.state} />
        <span>{reasonText(item)}</span>
        <DecideBy decideBy={item.decideBy} overdue={item.overdue} />
      </p>
    </li>
  )
}
