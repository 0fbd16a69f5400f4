import { router } from '../trpc'
import { adminRouter } from './admin'
import { authRouter } from './auth'
import { charterRouter } from './charter'
import { partnershipRouter } from './partnership'
import { workstreamRouter } from './workstream'

export const appRouter = router({
  auth: authRouter,
  partnership: partnershipRouter,
  charter: charterRouter,
  workstream: workstreamRouter,
  admin: adminRouter,
})

export type AppRouter = typeof appRouter
