import { lazy, Suspense, useEffect, useState } from 'react'
import { askWhoIAm, useAccount } from './account'
import { useI18n } from './i18n'
import { navigate, safeReturnPath, useLocation } from './router'
import { noteSessionEnded, type SignInNotice, takeNotice } from './session'
import { setSessionEndedHandler } from './trpc-client'
import { PublicLayout } from './ui/public-layout'
import { ErrorState, PageSkeleton } from './ui/states'

// The sign-in page and the signed-in app are chunks of their own: the first load of the sign-in
// page carries only the public frame (issue 16: its JavaScript ≤ 1.5× a bare Vite + React app).
const SignInPage = lazy(() =>
  import('./features/auth/sign-in-page').then((m) => ({ default: m.SignInPage })),
)
const loadSignedInApp = () => import('./signed-in-app')
const SignedInApp = lazy(() => loadSignedInApp().then((m) => ({ default: m.SignedInApp })))

function BootScreen() {
  return (
    <PublicLayout>
      <PageSkeleton />
    </PublicLayout>
  )
}

export function App() {
  const location = useLocation()
  const { adoptAccountLanguage, allMessages, needAllMessages } = useI18n()
  const account = useAccount()
  const me = account.status === 'signedIn' ? account.me : null
  const signedOut = account.status === 'signedOut'
  const [notice, setNotice] = useState<SignInNotice | null>(null)

  useEffect(() => {
    void askWhoIAm()
    setSessionEndedHandler(() => {
      noteSessionEnded()
      void askWhoIAm()
    })
  }, [])

  useEffect(() => {
    if (!me) return
    adoptAccountLanguage(me.locale)
    // The signed-in app says much more than the sign-in page: its messages load now, and its
    // code with them rather than after them.
    needAllMessages()
    void loadSignedInApp()
  }, [me, adoptAccountLanguage, needAllMessages])

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

  const signedIn = me !== null
  const next = location.search.get('next')
  useEffect(() => {
    if (signedIn && location.pathname === '/sign-in') {
      setNotice(null)
      navigate(safeReturnPath(next), { replace: true })
    }
  }, [signedIn, location.pathname, next])

  if (account.status === 'pending') return <BootScreen />
  if (me === null) {
    if (account.status === 'error') {
      return (
        <PublicLayout>
          <ErrorState error={account.error} onRetry={() => void askWhoIAm()} />
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
  if (location.pathname === '/sign-in' || !allMessages) return <BootScreen />

  return (
    <Suspense fallback={<BootScreen />}>
      <SignedInApp key={me.id} me={me} pathname={location.pathname} />
    </Suspense>
  )
}
