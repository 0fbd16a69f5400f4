/**
 * The real Concord server for end-to-end tests: the same app as `npm start` (createApp + the
 * built client), in this process, on a free port, with a fresh data directory and the demo
 * partnership loaded. Tests get the database handle too, to change what a browser cannot
 * (end a session row, for instance).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { serve } from '@hono/node-server'
import { connect, type Db } from '../../db/connect'
import { migrateToLatest } from '../../db/migrate'
import { createApp } from '../../server/app'
import { loadConfig } from '../../server/config'
import { seedDemo } from '../../server/demo/seed'
import { DEMO_PASSWORD } from './api'

export const CLIENT_DIST = path.resolve(import.meta.dirname, '../../client/dist')

/** Signs the e2e server's email unsubscribe links (server/notify/unsubscribe-routes.ts). */
export const E2E_NOTIFY_SECRET = 'e2e-notify-secret-0123456789abcdef0123456789'

export interface TestServer {
  /** http://127.0.0.1:PORT */
  url: string
  db: Db
  partnershipId: string
  dataDir: string
  stop(): Promise<void>
}

export async function startTestServer(): Promise<TestServer> {
  if (!existsSync(path.join(CLIENT_DIST, 'index.html'))) {
    throw new Error('client/dist is missing: the e2e global setup builds it (npm run build)')
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'concord-e2e-'))
  const config = loadConfig({
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: '0',
    COOKIE_SECURE: 'never',
    SEED_DEMO: 'true',
    DEMO_PASSWORD,
  })
  const db = connect(config.database)
  await migrateToLatest(db)
  const { partnershipId } = await seedDemo(db, { password: DEMO_PASSWORD })
  const app = createApp({ db, config, clientDir: CLIENT_DIST, notifySecret: E2E_NOTIFY_SECRET })
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise<void>((resolve, reject) => {
    server.once('listening', () => resolve())
    server.once('error', reject)
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    db,
    partnershipId,
    dataDir,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        // Browsers keep connections alive; close them so the server can stop now.
        if ('closeAllConnections' in server) server.closeAllConnections()
      })
      await db.destroy()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
