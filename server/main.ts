import { existsSync } from 'node:fs'
import path from 'node:path'
import { serve } from '@hono/node-server'
import { connect } from '../db/connect'
import { migrateToLatest } from '../db/migrate'
import { seedDemo } from '../db/seed/demo'
import { createApp } from './app'
import { startCheckpointer } from './audit/checkpoints'
import { keyFileMode, signingKey } from './audit/keys'
import { loadConfig } from './config'

export async function startServer(env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(env)
  const db = connect(config.database)
  const ran = await migrateToLatest(db)
  if (ran.length > 0) console.log(`Migrated the database: ${ran.join(', ')}`)
  if (config.seedDemo) {
    const seeded = await seedDemo(db, { password: config.demoPassword })
    if (seeded.accounts.length > 0) printAccounts(seeded.accounts, config.demoPassword)
  }
  // The checkpoint signing key: made on first start (DATA_DIR, mode 0600) unless configured.
  const key = signingKey(config)
  const mode = config.ledgerSigningKey ? null : keyFileMode(config.dataDir)
  if (mode !== null && (mode & 0o077) !== 0)
    console.warn(
      `Warning: ${key.source} is readable by others (mode ${mode.toString(8)}); chmod 600 it.`,
    )
  const stopCheckpointer = startCheckpointer(db, key, {
    every: config.checkpointEvery,
    onError: (error) =>
      console.error(
        'could not make a ledger checkpoint:',
        error instanceof Error ? error.message : error,
      ),
  })
  const clientDir = path.resolve(import.meta.dirname, '../client/dist')
  if (!existsSync(path.join(clientDir, 'index.html'))) {
    console.warn(
      'The web UI is not built (client/dist is missing): run "npm run build". The API runs.',
    )
  }
  const app = createApp({ db, config, clientDir })
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    const where = config.database.kind === 'sqlite' ? config.database.file : 'PostgreSQL'
    console.log(`Concord is listening on http://localhost:${info.port} (data: ${where})`)
  })
  const stop = () => {
    server.close()
    void stopCheckpointer()
      .then(() => db.destroy())
      .finally(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  return { server, db, config, stopCheckpointer }
}

function printAccounts(
  accounts: { email: string; name: string; party: string | null; roles: string[] }[],
  password: string,
) {
  console.log(
    '\nLoaded the demo partnership (Honda–Nissan EV). Demo accounts, all with the password',
  )
  console.log(`  ${password}\n`)
  for (const a of accounts) {
    console.log(
      `  ${a.email.padEnd(34)} ${(a.party ?? 'external').padEnd(8)} ${a.roles.join(', ').padEnd(28)} ${a.name}`,
    )
  }
  console.log('\nThis list is printed once, when the demo is loaded.\n')
}

if (
  import.meta.url === `file://${process.argv[1]}` ||
  process.argv[1]?.endsWith('server/main.ts')
) {
  startServer().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  })
}
