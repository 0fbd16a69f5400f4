/** Follow or unfollow a proposal: followers are told of concerns, changes asked and the outcome. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useI18n } from '../../i18n'
import { useTRPC } from '../../trpc'
import { StatusMessage, useErrorMessage } from '../../ui/states'

export function FollowButton({ proposalId }: { proposalId: string }) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const message = useErrorMessage()
  const [status, setStatus] = useState('')
  const following = useQuery(trpc.notification.following.queryOptions({ proposalId }))
  const done = (data: { proposalId: string; following: boolean }) => {
    queryClient.setQueryData(trpc.notification.following.queryKey({ proposalId }), data)
    setStatus(data.following ? t('notifications.followed') : t('notifications.unfollowed'))
  }
  const follow = useMutation(trpc.notification.follow.mutationOptions({ onSuccess: done }))
  const unfollow = useMutation(trpc.notification.unfollow.mutationOptions({ onSuccess: done }))
  if (!following.data) return null
  const on = following.data.following
  const pending = follow.isPending || unfollow.isPending
  const error = follow.error ?? unfollow.error
  return (
    <div className="follow">
      <button
        type="button"
        className="button"
        aria-pressed={on}
        disabled={pending}
        title={t('notifications.followHelp')}
        onClick={() => (on ? unfollow : follow).mutate({ proposalId })}
      >
        {on ? t('notifications.following') : t('notifications.follow')}
      </button>
      <StatusMessage>{error ? message(error) : status}</StatusMessage>
    </div>
  )
}
