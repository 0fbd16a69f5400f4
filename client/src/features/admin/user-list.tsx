import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query'
import type { inferRouterOutputs } from '@trpc/server'
import { useDeferredValue, useId, useState } from 'react'
import type { AppRouter } from '../../../../server/routers'
import { useMe } from '../../auth'
import { useI18n } from '../../i18n'
import { usePartnership } from '../../partnership'
import { useTRPC } from '../../trpc'
import { RoleTags } from '../../ui/role-list'
import { EmptyState, ErrorState, Skeleton, StatusMessage, useErrorMessage } from '../../ui/states'
import { ManageUser } from './manage-user'

export type AdminUser = inferRouterOutputs<AppRouter>['admin']['listUsers']['items'][number]

const PAGE_SIZE = 10

export function UserList() {
  const { t, formatNumber } = useI18n()
  const trpc = useTRPC()
  const me = useMe()
  const queryClient = useQueryClient()
  const errorMessage = useErrorMessage()
  const { current } = usePartnership()
  const searchId = useId()
  const [search, setSearch] = useState('')
  // Typing stays responsive; the list follows a moment later.
  const query = useDeferredValue(search.trim())
  const [open, setOpen] = useState<string | null>(null)
  const [status, setStatus] = useState('')
  const [actionError, setActionError] = useState('')

  const users = useInfiniteQuery(
    trpc.admin.listUsers.infiniteQueryOptions(
      { limit: PAGE_SIZE, query: query || null },
      { getNextPageParam: (last) => last.nextCursor ?? undefined, placeholderData: (p) => p },
    ),
  )

  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.admin.listUsers.pathKey() })
  const disable = useMutation(trpc.admin.disableUser.mutationOptions())
  const enable = useMutation(trpc.admin.enableUser.mutationOptions())

  const setActive = async (user: AdminUser, active: boolean) => {
    setStatus('')
    setActionError('')
    try {
      if (active) await enable.mutateAsync({ userId: user.id })
      else await disable.mutateAsync({ userId: user.id })
      setStatus(t(active ? 'admin.users.enabled' : 'admin.users.disabled', { email: user.email }))
      await refresh()
    } catch (error) {
      setActionError(errorMessage(error))
    }
  }

  const items = users.data?.pages.flatMap((page) => page.items) ?? []
  const busy = disable.isPending || enable.isPending

  return (
    <section className="card" aria-labelledby="users-heading">
      <h2 id="users-heading">{t('admin.users.title')}</h2>
      <div className="field">
        <label htmlFor={searchId}>{t('admin.users.search')}</label>
        <input
          id={searchId}
          type="search"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
      </div>
      <StatusMessage>{status}</StatusMessage>
      {actionError ? (
        <p className="form-error" role="alert">
          {actionError}
        </p>
      ) : null}
      {users.isError ? (
        <ErrorState error={users.error} onRetry={() => void users.refetch()} />
      ) : !users.data ? (
        <Skeleton lines={8} />
      ) : items.length === 0 ? (
        <EmptyState>{t('admin.users.empty')}</EmptyState>
      ) : (
        <>
          <ul className="user-list">
            {items.map((user) => {
              const isMe = user.id === me.id
              const expanded = open === user.id
              const panelId = `manage-${user.id}`
              const active = user.status === 'active'
              return (
                <li key={user.id} className={`user-row${active ? '' : ' user-row-disabled'}`}>
                  <div className="user-row-main">
                    <div className="user-ident">
                      <span className="user-name">
                        {user.name}
                        {isMe ? <span className="muted"> ({t('admin.users.you')})</span> : null}
                      </span>
                      <span className="user-email">{user.email}</span>
                    </div>
                    <span className="party-tag">{user.partyCode ?? t('party.none')}</span>
                    <span className={`badge badge-user-${active ? 'active' : 'disabled'}`}>
                      {t(active ? 'admin.users.status.active' : 'admin.users.status.disabled')}
                    </span>
                    <div className="user-roles">
                      <RoleTags
                        roles={current ? (user.roles[current.id] ?? []) : []}
                        empty={t('admin.users.noRoles')}
                      />
                    </div>
                    <div className="user-actions">
                      <button
                        type="button"
                        className="button button-quiet"
                        aria-expanded={expanded}
                        aria-controls={panelId}
                        aria-label={t('admin.users.manageLabel', { name: user.name })}
                        onClick={() => setOpen(expanded ? null : user.id)}
                      >
                        {t('admin.users.manage')}
                      </button>
                      {isMe ? null : (
                        <button
                          type="button"
                          className={`button ${active ? 'button-danger' : ''}`}
                          disabled={busy}
                          aria-label={t(
                            active ? 'admin.users.disableLabel' : 'admin.users.enableLabel',
                            { name: user.name },
                          )}
                          onClick={() => void setActive(user, !active)}
                        >
                          {t(active ? 'admin.users.disable' : 'admin.users.enable')}
                        </button>
                      )}
                    </div>
                  </div>
                  {expanded ? (
                    <div id={panelId}>
                      <ManageUser user={user} onSaved={refresh} />
                    </div>
                  ) : null}
                </li>
              )
            })}
          </ul>
          <div className="list-footer">
            <span className="muted" aria-live="polite">
              {t('admin.users.shown', { count: formatNumber(items.length) })}
            </span>
            {users.hasNextPage ? (
              <button
                type="button"
                className="button"
                disabled={users.isFetchingNextPage}
                onClick={() => void users.fetchNextPage()}
              >
                {users.isFetchingNextPage ? t('common.loadingMore') : t('common.loadMore')}
              </button>
            ) : null}
          </div>
        </>
      )}
    </section>
  )
}
