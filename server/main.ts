import { existsSync } from 'node:fs'
import path from 'node:path'
import { serve } from '@hono/node-server'
import { connect, startStorageMaintenance } from '../db/connect'
import { migrateToLatest } from '../db/migrate'
import { createApp } from './app'
import { startCheckpointer } from './audit/checkpoints'
import { startDemoWitnesses } from './audit/demo-witnesses'
import { keyFileMode, signingKey } from './audit/keys'
import { startRefusalFlusher } from './audit/refusals'
import { loadConfig } from './config'
import { seedDemoWithHistory } from './demo/history'
import { seedDemo } from './demo/seed'
import { remindAbout, setReminderPolicy } from './domain/proposals/notices'
import { loadNotifyConfig } from './notify/config'
import { createEmailChannel } from './notify/email'
import { startDeliveryWorker } from './notify/outbox'
import { createWebhookChannel } from './notify/webhooks'
import { checkAnchor, checkSigningKey, checkSqliteFile, StartupError, saveAnchor } from './startup'

export async function startServer(env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(env)
  // Checked before anything may create or change the file (docs/decisions/0011-hardening.md).
  if (config.database.kind === 'sqlite') checkSqliteFile(config.database.file, config.dataDir)
  const db = connect(config.database)
  const ran = await migrateToLatest(db)
  if (ran.length > 0) console.log(`Migrated the database: ${ran.join(', ')}`)
  // Before the demo is seeded: an emptied database must be refused, never filled again.
  await checkAnchor(db, config.dataDir)
  if (config.seedDemo) {
    // A year of the partnership's history comes with it on first start (server/demo/history.ts).
    const password = config.demoPassword
    const seeded = config.demoHistory
      ? await seedDemoWithHistory(db, { password })
      : await seedDemo(db, { password })
    if (seeded.accounts.length > 0) printAccounts(seeded.accounts, config.demoPassword)
  }
  // The checkpoint signing key: made on first start (DATA_DIR, mode 0600) unless configured, and
  // once the ledger has checkpoints, only ever the key that signed them.
  const key = await checkSigningKey(db, config, (create) => signingKey(config, { create }))
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
    // DATA_DIR keeps the latest checkpoint, so a database put back older is noticed at start.
    onCheckpoint: (checkpoint) => saveAnchor(config.dataDir, checkpoint),
  })
  // The demo shows the whole picture: each party's witness cosigns in this process (ADR 0025).
  const stopWitnesses = config.demoWitnesses
    ? startDemoWitnesses(db, key, config.dataDir, {
        everyMs: config.demoWitnessEveryMs,
        onError: (error) =>
          console.error('demo witnesses:', error instanceof Error ? error.message : error),
      })
    : async () => {}
  const stopFlusher = startRefusalFlusher(db, {
    onError: (error) =>
      console.error(
        'could not record counted refusals:',
        error instanceof Error ? error.message : error,
      ),
  })
  const stopMaintenance = startStorageMaintenance(db, {
    onRecovered: () => console.log('The database can write again (disk space was freed).'),
  })
  const clientDir = path.resolve(import.meta.dirname, '../client/dist')
  if (!existsSync(path.join(clientDir, 'index.html'))) {
    console.warn(
      'The web UI is not built (client/dist is missing): run "npm run build". The API runs.',
    )
  }
  // Notifications: the outbox's worker sends email (when SMTP_URL is set) and webhooks, and
  // fires decide-by reminders (docs/decisions/0013-notification-outbox.md).
  const notifyConfig = loadNotifyConfig(env, config.dataDir)
  setReminderPolicy(notifyConfig)
  const emailChannel = createEmailChannel(notifyConfig)
  if (!emailChannel)
    console.log('Email is off (SMTP_URL is not set): notifications stay in the app.')
  const worker = startDeliveryWorker(db, {
    email: emailChannel,
    webhook: createWebhookChannel(),
    onReminder: (trx, reminder) => remindAbout(trx, reminder),
    pollMs: notifyConfig.pollMs,
    onError: (error) =>
      console.error('notification worker:', error instanceof Error ? error.message : error),
  })
  const app = createApp({ db, config, clientDir, notifySecret: notifyConfig.secret })
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    const where = config.database.kind === 'sqlite' ? config.database.file : 'PostgreSQL'
    console.log(`Concord is listening on http://localhost:${info.port} (data: ${where})`)
  })
  const stop = () => {
    server.close()
    stopMaintenance()
    void Promise.all([
      stopCheckpointer(),
      stopWitnesses(),
      stopFlusher(),
      worker.stop().then(() => emailChannel?.close()),
    ])
      .then(() => db.destroy())
      .finally(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  return { server, db, config, stopCheckpointer, worker }
}

/** One line for the person starting the server, and an exit code that says what kind of failure. */
export function describeStartupFailure(error: unknown): { line: string; exitCode: number } {
  if (error instanceof StartupError) return { line: error.message, exitCode: error.exitCode }
  const message = error instanceof Error ? error.message : String(error)
  if (message.startsWith('Invalid configuration:'))
    return { line: message.replace(/\n\s*/g, ' '), exitCode: 2 }
  const code = String((error as { code?: unknown } | null)?.code ?? '')
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === '28P01' || code === '3D000')
    return {
      line: `Cannot reach the database (DATABASE_URL): ${message.split('\n')[0]}`,
      exitCode: 2,
    }
  return { line: message.split('\n')[0] ?? 'The server could not start.', exitCode: 1 }
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
    const { line, exitCode } = describeStartupFailure(error)
    console.error(`Concord cannot start: ${line}`)
    process.exit(exitCode)
  })
}
