import { useMutation, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useId, useRef, useState } from 'react'
import { useI18n } from '../../i18n'
import { navigate, safeReturnPath, useLocation } from '../../router'
import { markSignedIn, type SignInNotice } from '../../session'
import { EXPECTS_UNAUTHORIZED, useTRPC } from '../../trpc'
import { Page } from '../../ui/page'
import { useErrorMessage } from '../../ui/states'

export function SignInPage({ notice }: { notice: SignInNotice | null }) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const location = useLocation()
  const errorMessage = useErrorMessage()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const emailId = useId()
  const passwordId = useId()
  const errorId = useId()
  const passwordRef = useRef<HTMLInputElement>(null)
  const meKey = trpc.auth.me.queryKey()

  const login = useMutation(
    trpc.auth.login.mutationOptions({
      meta: EXPECTS_UNAUTHORIZED,
      onSuccess: (result) => {
        markSignedIn(result.user.id)
        // Nothing cached for the previous session survives into this one.
        queryClient.removeQueries({
          predicate: (query) => JSON.stringify(query.queryKey) !== JSON.stringify(meKey),
        })
        queryClient.setQueryData(meKey, result.user)
        navigate(safeReturnPath(location.search.get('next')), { replace: true })
      },
      onError: () => {
        setPassword('')
        passwordRef.current?.focus()
      },
    }),
  )

  const submit = (event: FormEvent) => {
    event.preventDefault()
    login.mutate({ email, password })
  }

  const failed = login.isError
  return (
    <Page title={t('auth.title')} lead={t('auth.intro')}>
      {notice ? (
        <p className={`notice ${notice === 'expired' ? 'notice-warning' : ''}`} role="status">
          {notice === 'expired' ? t('auth.expired') : t('auth.signedOut')}
        </p>
      ) : null}
      <form className="card form sign-in-form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={emailId}>{t('auth.email')}</label>
          <input
            id={emailId}
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            aria-invalid={failed || undefined}
            aria-describedby={failed ? errorId : undefined}
          />
        </div>
        <div className="field">
          <label htmlFor={passwordId}>{t('auth.password')}</label>
          <input
            id={passwordId}
            ref={passwordRef}
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            aria-invalid={failed || undefined}
            aria-describedby={failed ? errorId : undefined}
          />
        </div>
        <div className="form-error-slot">
          {failed ? (
            <div className="form-error" role="alert" id={errorId}>
              <strong>{t('auth.failed')}</strong> {errorMessage(login.error)}
            </div>
          ) : null}
        </div>
        <button type="submit" className="button button-primary" disabled={login.isPending}>
          {login.isPending ? t('auth.submitting') : t('auth.submit')}
        </button>
      </form>
    </Page>
  )
}
