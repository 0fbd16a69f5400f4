/**
 * The app once signed in: the account in context, the partnership, the signed-in frame and the
 * pages. A chunk of its own (app.tsx loads it lazily), so the sign-in page never downloads it.
 */
import { QueryClientProvider } from '@tanstack/react-query'
import { type ComponentType, lazy, Suspense, useState } from 'react'
import { type Me, MeContext } from './auth'
import { byCode } from './features/search/code-address'
import { LiveUpdates } from './live'
import { PartnershipProvider } from './partnership'
import { matchPath } from './router'
import { makeQueryClient, TRPCProvider } from './trpc'
import { sessionEnded, trpcClient } from './trpc-client'
import { Layout } from './ui/layout'
import { PageSkeleton } from './ui/states'

// Every page is its own chunk: the signed-in app's first load carries only the frame.
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
const AgendaPage = lazy(() =>
  import('./features/agenda/agenda-page').then((m) => ({ default: m.AgendaPage })),
)
const AccountPage = lazy(() =>
  import('./features/account/account-page').then((m) => ({ default: m.AccountPage })),
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
  { path: '/agenda', page: AgendaPage },
  { path: '/account', page: AccountPage },
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

/**
 * One query cache per signed-in account (app.tsx keys this by the account's id): nothing cached
 * for a previous session survives into the next one.
 */
export function SignedInApp({ me, pathname }: { me: Me; pathname: string }) {
  const [queryClient] = useState(() => makeQueryClient(sessionEnded))
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <MeContext.Provider value={me}>
          <LiveUpdates />
          <PartnershipProvider>
            <Layout>
              <Suspense fallback={<PageSkeleton />}>
                <Routes pathname={pathname} />
              </Suspense>
            </Layout>
          </PartnershipProvider>
        </MeContext.Provider>
      </TRPCProvider>
    </QueryClientProvider>
  )
}
