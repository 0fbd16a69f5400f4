import { router } from '../trpc'
import { adminRouter } from './admin'
import { agendaRouter, calendarFeedRouter } from './agenda'
import { auditRouter } from './audit'
import { authRouter } from './auth'
import { calendarRouter } from './calendar'
import { charterRouter } from './charter'
import { codeRouter } from './code'
import { commentRouter } from './comment'
import { decisionRouter } from './decision'
import { inboxRouter } from './inbox'
import { notificationRouter } from './notifications'
import { partnershipRouter } from './partnership'
import { peopleRouter } from './people'
import { proposalRouter } from './proposal'
import { searchRouter } from './search'
import { ssoRouter } from './sso'
import { statsRouter } from './stats'
import { visitRouter } from './visit'
import { webhookRouter } from './webhook'
import { workstreamRouter } from './workstream'

export const appRouter = router({
  auth: authRouter,
  partnership: partnershipRouter,
  charter: charterRouter,
  workstream: workstreamRouter,
  admin: adminRouter,
  people: peopleRouter,
  sso: ssoRouter,
  audit: auditRouter,
  proposal: proposalRouter,
  decision: decisionRouter,
  comment: commentRouter,
  inbox: inboxRouter,
  stats: statsRouter,
  search: searchRouter,
  notification: notificationRouter,
  code: codeRouter,
  webhook: webhookRouter,
  calendar: calendarRouter,
  visit: visitRouter,
  agenda: agendaRouter,
  calendarFeed: calendarFeedRouter,
})

export type AppRouter = typeof appRouter
