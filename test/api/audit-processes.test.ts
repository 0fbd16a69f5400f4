/**
 * Two real server processes on one database, writing at the same time over HTTP: the ledger stays
 * one linear chain that verifies, and the scheduled checkpoints of both processes chain too.
 * On PostgreSQL both processes share one fresh schema, reached through the URL's
 * `?options=-c search_path=...` (which this test also proves pg honours).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signingKey } from '../../server/audit/keys'
import { verifyLedger } from '../../server/audit/verify'
import { seedDemo } from '../../server/demo/seed'
import { DEMO_PASSWORD } from '../helpers/api'
import { DATABASE_KINDS, freshDatabase, type TestDatabase } from '../helpers/db'

const ROOT = path.resolve(import.meta.dirname, '../..')

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      )
    })
  })
}

async function waitHealthy(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const until = Date.now() + 60_000
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the server exited: ${log()}`)
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`)
      if (res.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`the server did not answer /healthz: ${log()}`)
}

async function login(port: number, email: string, password: string): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  })
  await res.arrayBuffer()
  return res.status
}

// Several instances means PostgreSQL; SQLite is one file served by one process (the README), so
// there one process takes the concurrent requests.
describe.each(DATABASE_KINDS)('server processes writing at once (%s)', (kind) => {
  const processes = kind === 'postgres' ? 2 : 1
  let database: TestDatabase
  let dataDir: string
  const children: ChildProcess[] = []

  beforeAll(async () => {
    database = await freshDatabase(kind)
    await seedDemo(database.db, { password: DEMO_PASSWORD })
    dataDir = mkdtempSync(path.join(tmpdir(), 'concord-two-'))
  })
  afterAll(async () => {
    for (const child of children) child.kill('SIGTERM')
    await Promise.all(
      children.map((c) =>
        c.exitCode === null ? new Promise((r) => c.once('exit', r)) : Promise.resolve(),
      ),
    )
    await database.destroy()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it(`${processes} process(es): one linear chain that verifies, with scheduled checkpoints`, async () => {
    const url =
      kind === 'postgres'
        ? `${database.url}?options=${encodeURIComponent(`-c search_path=${database.schema}`)}`
        : undefined
    const ports = processes === 2 ? [await freePort(), await freePort()] : [await freePort()]
    const logs = ports.map(() => '')
    ports.forEach((port, i) => {
      // `node --import tsx`: one process, so SIGTERM reaches the server itself (npx and the tsx
      // CLI would leave it running as an orphan).
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
        cwd: ROOT,
        env: {
          ...process.env,
          PORT: String(port),
          HOST: '127.0.0.1',
          // One DATA_DIR: one key file, so the instances sign with one key. On SQLite the
          // database file is the one the test seeded.
          DATA_DIR: kind === 'postgres' ? dataDir : path.dirname(database.file as string),
          ...(url ? { DATABASE_URL: url } : {}),
          SEED_DEMO: 'false',
          CHECKPOINT_EVERY: '10',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      child.stdout?.on('data', (d) => {
        logs[i] += String(d)
      })
      child.stderr?.on('data', (d) => {
        logs[i] += String(d)
      })
      children.push(child)
    })
    await Promise.all(
      ports.map((port, i) => waitHealthy(port, children[i] as ChildProcess, () => logs[i] ?? '')),
    )
    const before = await database.db
      .selectFrom('ledger_events')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow()

    // Interleaved sign-ins and failed sign-ins on both processes, all in flight together.
    const emails = ['member@honda.example', 'member@nissan.example', 'lead@honda.example']
    const attempts = Array.from({ length: 40 }, (_, i) => {
      const port = ports[i % ports.length] as number
      const email = emails[i % emails.length] as string
      return login(port, email, i % 5 === 0 ? 'a wrong password!' : DEMO_PASSWORD)
    })
    const statuses = await Promise.all(attempts)
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(24)
    expect(statuses.every((s) => s === 200 || s === 401 || s === 429)).toBe(true)

    // The events went into this schema (so search_path from the URL took effect)...
    const after = await database.db
      .selectFrom('ledger_events')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(after.n) - Number(before.n)).toBeGreaterThanOrEqual(40)

    // ...and the scheduler signs checkpoints (one on start: the demo is past the threshold;
    // one more after the sign-ins) within a few seconds.
    const until = Date.now() + 20_000
    let checkpoints = 0
    while (Date.now() < until) {
      const row = await database.db
        .withTables<{ ledger_checkpoints: { number: number } }>()
        .selectFrom('ledger_checkpoints')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
      checkpoints = Number(row.n)
      if (checkpoints >= 2) break
      await new Promise((r) => setTimeout(r, 500))
    }
    expect(checkpoints).toBeGreaterThanOrEqual(2)

    const seqs = (
      await database.db.selectFrom('ledger_events').select('seq').orderBy('seq').execute()
    ).map((r) => Number(r.seq))
    expect(seqs).toEqual(seqs.map((_, i) => i + 1))
    const report = await verifyLedger(database.db, {
      publicKey: signingKey(
        {
          dataDir: kind === 'postgres' ? dataDir : path.dirname(database.file as string),
          ledgerSigningKey: null,
        },
        { create: false },
      ).publicKey,
    })
    expect(report).toMatchObject({ ok: true, headSeq: seqs.length, checkpoints })
  }, 120_000)
})
