import { useQuery, useQueryClient } from '@tanstack/react-query'
import { lazy, Suspense, useEffect, useState } from 'react'
import { useI18n } from './i18n'
import { navigate, safeReturnPath, useLocation } from './router'
import { noteSessionEnded, type SignInNotice, takeNotice } from './session'
import { EXPECTS_UNAUTHORIZED, isUnauthorized, setSessionEndedHandler, useTRPC } from './trpc'
import { PublicLayout } from './ui/public-layout'
import { ErrorState, PageSkeleton } from './ui/states'

// The sign-in page and the signed-in app are chunks of their own: the first load of the sign-in
// page carries only the public frame (issue 16: its JavaScript ≤ 1.5× a bare Vite + React app).
const SignInPage = lazy(() =>
  import('./features/auth/sign-in-page').then((m) => ({ default: m.SignInPage })),
)
const SignedInApp = lazy(() => import('./signed-in-app').then((m) => ({ default: m.SignedInApp })))

function BootScreen() {
  return (
    <PublicLayout>
      <PageSkeleton />
    </PublicLayout>
  )
}

export function App() {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const location = useLocation()
  const { adoptAccountLanguage } = useI18n()
  const me = useQuery(
    trpc.auth.me.queryOptions(undefined, {
      meta: EXPECTS_UNAUTHORIZED,
      retry: false,
      staleTime: 60_000,
    }),
  )
  const signedOut = me.isError && isUnauthorized(me.error)
  const [notice, setNotice] = useState<SignInNotice | null>(null)

  useEffect(() => {
    setSessionEndedHandler(() => {
      noteSessionEnded()
      void queryClient.resetQueries({ queryKey: trpc.auth.me.queryKey() })
    })
  }, [queryClient, trpc])

  useEffect(() => {
    if (me.data) adoptAccountLanguage(me.data.locale)
  }, [me.data, adoptAccountLanguage])

  useEffect(() => {
    if (!signedOut) return
    // Keep an earlier notice when nothing new happened (StrictMode runs effects twice).
    setNotice((previous) => takeNotice() ?? (noteSessionEnded() ? 'expired' : previous))
  }, [signedOut])

  useEffect(() => {
    if (signedOut && location.pathname !== '/sign-in') {
      // Keep where the user was going; sign-in brings them back.
      navigate(`/sign-in?next=${encodeURIComponent(location.href)}`, { replace: true })
    }
  }, [signedOut, location.pathname, location.href])

  const signedIn = Boolean(me.data) && !signedOut
  const next = location.search.get('next')
  useEffect(() => {
    if (signedIn && location.pathname === '/sign-in') {
      setNotice(null)
      navigate(safeReturnPath(next), { replace: true })
    }
  }, [signedIn, location.pathname, next])

  if (me.isPending) return <BootScreen />
  if (!signedIn || !me.data) {
    if (me.isError && !signedOut) {
      return (
        <PublicLayout>
          <ErrorState error={me.error} onRetry={() => void me.refetch()} />
        </PublicLayout>
      )
    }
    return (
      <PublicLayout>
        <Suspense fallback={<PageSkeleton />}>
          <SignInPage notice={notice} />
        </Suspense>
      </PublicLayout>
    )
  }
  if (location.pathname === '/sign-in') return <BootScreen />

  return (
    <Suspense fallback={<BootScreen />}>
      <SignedInApp me={me.data} pathname={location.pathname} />
    </Suspense>
  )
}
