/**
 * Changing a proposal from its page: one hook fills the proposal and the version the page loaded,
 * refreshes everything that shows the proposal once the change is done, and keeps the refusal for
 * `ActionError` to show.
 */
import { type UseMutationOptions, useMutation, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useCallback } from 'react'
import { useI18n } from '../../i18n'
import { isApiError, useTRPC } from '../../trpc'
import { useErrorMessage } from '../../ui/states'
import { needsFreshAuthentication, useFreshAuthentication } from '../auth/fresh-authentication'

/** After any change to a proposal: everything that shows it is refetched. */
export function useRefreshProposal() {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  return useCallback(
    async () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.proposal.pathKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.inbox.pathKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.audit.timeline.pathKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.decision.pathKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.charter.pathKey() }),
      ]),
    [queryClient, trpc],
  )
}

/** What the hook fills in: the proposal, and the version the page showed when the user acted. */
interface Target {
  proposalId: string
  expectedVersion: number
}

/**
 * A change to the proposal `view`, from a procedure's mutation options
 * (`trpc.proposal.review.mutationOptions()`). `run` takes the rest of the input and resolves to
 * `true` once the change is made and the page refreshed, `false` when the server refused (the
 * refusal is then in `error`, for `ActionError`). A
 * comment is not versioned: pass `{ versioned: false }` and only the proposal is filled in.
 */
export function useProposalAction<TInput extends { proposalId: string }, TOutput, TError>(
  view: { id: string; version: number },
  options: UseMutationOptions<TOutput, TError, TInput>,
  { versioned = true }: { versioned?: boolean } = {},
) {
  const mutation = useMutation(options)
  const refresh = useRefreshProposal()
  // Acts that bind a party (sign-off, rejection, overriding a concern) may first ask for a fresh
  // sign-in; the act then runs again by itself, `done` included.
  const fresh = useFreshAuthentication()
  const run = async (input: Omit<TInput, keyof Target>, done?: () => void): Promise<boolean> => {
    const target = versioned
      ? { proposalId: view.id, expectedVersion: view.version }
      : { proposalId: view.id }
    let made = false
    try {
      await fresh.run(async () => {
        await mutation.mutateAsync({ ...input, ...target } as TInput)
        await refresh()
        made = true
        done?.()
      })
    } catch {
      return false
    }
    return made
  }
  /**
   * A form's submit handler: sends what `input()` gives (nothing when it gives null) and calls
   * `done` once the change is made.
   */
  const onSubmit =
    (input: () => Omit<TInput, keyof Target> | null, done?: () => void) =>
    async (event: FormEvent) => {
      event.preventDefault()
      const values = input()
      if (values) await run(values, done)
    }
  return {
    run,
    onSubmit,
    error: mutation.error,
    isPending: mutation.isPending,
    /** The fresh sign-in prompt while one is needed: render it beside the act's button. */
    prompt: fresh.prompt,
  }
}

export function isConflict(error: unknown): boolean {
  return isApiError(error) && error.data?.code === 'CONFLICT'
}

/**
 * A refused action: the server's message as it came, except a version conflict, which says what
 * happened in the UI's language and offers the reload.
 */
export function ActionError({ error }: { error: unknown }) {
  const { t } = useI18n()
  const message = useErrorMessage()
  const refresh = useRefreshProposal()
  // Asking for a fresh sign-in is not a refusal: the prompt beside the button says what to do.
  if (!error || needsFreshAuthentication(error)) return null
  if (isConflict(error)) {
    return (
      <div className="form-error action-error" role="alert">
        <p>{t('proposal.conflict')}</p>
        <button type="button" className="button" onClick={() => void refresh()}>
          {t('proposal.reload')}
        </button>
      </div>
    )
  }
  return (
    <p className="form-error action-error" role="alert">
      {message(error)}
    </p>
  )
}
