/** The header's bell: a link to the notifications, with the count of unread ones. */
import { useQuery } from '@tanstack/react-query'
import { useI18n } from '../../i18n'
import { Link, useLocation } from '../../router'
import { useTRPC } from '../../trpc'
import './bell.css'

/** How often the count is asked for again while the page is open. */
const REFRESH_MS = 30_000

export function NotificationBell() {
  const { plural, t, formatNumber } = useI18n()
  const trpc = useTRPC()
  const { pathname } = useLocation()
  const unread = useQuery(
    trpc.notification.unreadCount.queryOptions(undefined, { refetchInterval: REFRESH_MS }),
  )
  const count = unread.data?.count ?? 0
  return (
    <Link
      to="/notifications"
      className="notification-bell"
      aria-current={pathname === '/notifications' ? 'page' : undefined}
      aria-label={count > 0 ? plural('notifications.bellUnread', count) : t('notifications.title')}
      data-unread={count}
    >
      <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20" focusable="false">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
        />
      </svg>
      {count > 0 ? (
        <span className="notification-count" aria-hidden="true">
          {count > 99 ? '99+' : formatNumber(count)}
        </span>
      ) : null}
    </Link>
  )
}
