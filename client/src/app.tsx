import { useQuery, useQueryClient } from '@tanstack/react-query'
import { type ComponentType, lazy, Suspense, useEffect, useState } from 'react'
import { MeContext } from './auth'
import { byCode } from './features/search/code-address'
import { useI18n } from './i18n'
import { PartnershipProvider } from './partnership'
import { matchPath, navigate, safeReturnPath, useLocation } from './router'
import { noteSessionEnded, type SignInNotice, takeNotice } from './session'
import { EXPECTS_UNAUTHORIZED, isUnauthorized, setSessionEndedHandler, useTRPC } from './trpc'
import { Layout, PublicLayout } from './ui/layout'
import { ErrorState, PageSkeleton } from './ui/states'

// Every page is its own chunk: the first load carries only the frame.
const SignInPage = lazy(() =>
  import('./features/auth/sign-in-page').then((m) => ({ default: m.SignInPage })),
)
const HomePage = lazy(() =>
  import('./features/home/home-page').then((m) => ({ default: m.HomePage })),
)
const CharterPage = lazy(() =>
  import('./features/charter/charter-page').then((m) => ({ default: m.CharterPage })),
)
const WorkstreamsPage = lazy(() =>
  import('./features/workstreams/workstreams-page').then((m) => ({ default: m.WorkstreamsPage })),
)
const WorkstreamPage = lazy(() =>
  import('./features/workstreams/workstream-page').then((m) => ({ default: m.WorkstreamPage })),
)
const ProposalsPage = lazy(() =>
  import('./features/proposals/proposals-page').then((m) => ({ default: m.ProposalsPage })),
)
const ProposalPage = lazy(() =>
  import('./features/proposals/proposal-page').then((m) => ({ default: m.ProposalPage })),
)
const NewProposalPage = lazy(() =>
  import('./features/proposals/editor-page').then((m) => ({ default: m.NewProposalPage })),
)
const EditProposalPage = lazy(() =>
  import('./features/proposals/editor-page').then((m) => ({ default: m.EditProposalPage })),
)
const AdminPage = lazy(() =>
  import('./features/admin/admin-page').then((m) => ({ default: m.AdminPage })),
)
const DecisionsPage = lazy(() =>
  import('./features/decisions/decisions-page').then((m) => ({ default: m.DecisionsPage })),
)
const DecisionPage = lazy(() =>
  import('./features/decisions/decision-page').then((m) => ({ default: m.DecisionPage })),
)
const DashboardPage = lazy(() =>
  import('./features/dashboard/dashboard-page').then((m) => ({ default: m.DashboardPage })),
)
const AuditPage = lazy(() =>
  import('./features/audit/audit-page').then((m) => ({ default: m.AuditPage })),
)
const SearchPage = lazy(() =>
  import('./features/search/search-page').then((m) => ({ default: m.SearchPage })),
)
const NotificationsPage = lazy(() =>
  import('./features/notifications/notifications-page').then((m) => ({
    default: m.NotificationsPage,
  })),
)
const NotFoundPage = lazy(() =>
  import('./features/not-found-page').then((m) => ({ default: m.NotFoundPage })),
)

interface RouteDef {
  path: string
  // biome-ignore lint/suspicious/noExplicitAny: each page declares its own route parameters
  page: ComponentType<any>
}

/** The signed-in routes. Later pages (proposals, decisions, dashboard, audit) slot in here. */
const ROUTES: RouteDef[] = [
  { path: '/', page: HomePage },
  { path: '/charter', page: CharterPage },
  { path: '/workstreams', page: WorkstreamsPage },
  {
    path: '/workstreams/:workstreamId',
    page: byCode('workstream', 'workstreamId', WorkstreamPage),
  },
  { path: '/proposals', page: ProposalsPage },
  // "new" before ":proposalId", so it is not read as an id.
  { path: '/proposals/new', page: NewProposalPage },
  { path: '/proposals/:proposalId', page: byCode('proposal', 'proposalId', ProposalPage) },
  {
    path: '/proposals/:proposalId/edit',
    page: byCode('proposal', 'proposalId', EditProposalPage),
  },
  { path: '/decisions', page: DecisionsPage },
  { path: '/decisions/:decisionId', page: byCode('decision', 'decisionId', DecisionPage) },
  { path: '/dashboard', page: DashboardPage },
  { path: '/audit', page: AuditPage },
  { path: '/search', page: SearchPage },
  { path: '/admin', page: AdminPage },
  { path: '/notifications', page: NotificationsPage },
]

function Routes({ pathname }: { pathname: string }) {
  for (const route of ROUTES) {
    const params = matchPath(route.path, pathname)
    if (params) {
      const Page = route.page
      // A new key per path: a page's state does not leak into the next one.
      return <Page key={pathname} {...params} />
    }
  }
  return <NotFoundPage />
}

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
    <MeContext.Provider value={me.data}>
      <PartnershipProvider>
        <Layout>
          <Suspense fallback={<PageSkeleton />}>
            <Routes pathname={location.pathname} />
          </Suspense>
        </Layout>
      </PartnershipProvider>
    </MeContext.Provider>
  )
}
