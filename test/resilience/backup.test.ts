/**
 * Backup and restore: `concord backup` runs while the server is under write load; the backup is
 * restored into an empty database, which passes its integrity check, whose ledger verifies with
 * every signed checkpoint holding, and which holds every write acknowledged before the backup
 * began — an exact prefix of the live ledger.
 */
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import SQLite from 'better-sqlite3'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { connect, type DatabaseTarget } from '../../db/connect'
import { signingKey } from '../../server/audit/keys'
import { verifyLedger } from '../../server/audit/verify'
import { DATABASE_KINDS, type DatabaseKind } from '../helpers/db'
import { HttpClient, startServerProcess } from '../helpers/process'

const run = promisify(execFile)
const ROOT = path.resolve(import.meta.dirname, '../..')
const PG = process.env.TEST_DATABASE_URL

function cli(args: string[], env: Record<string, string>) {
  return run(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
  })
}

async function newSchema(): Promise<{ schema: string; url: string }> {
  const schema = `bk_${randomBytes(5).toString('hex')}`
  const client = new pg.Client({ connectionString: PG })
  await client.connect()
  await client.query(`create schema ${schema}`)
  await client.end()
  return { schema, url: `${PG}?options=${encodeURIComponent(`-c search_path=${schema}`)}` }
}

describe.each(DATABASE_KINDS)(
  'backup under write load, then restore (%s)',
  (kind: DatabaseKind) => {
    const dirs: string[] = []
    const schemas: string[] = []
    const tempDir = () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'concord-backup-'))
      dirs.push(dir)
      return dir
    }
    afterAll(async () => {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
      if (schemas.length && PG) {
        const client = new pg.Client({ connectionString: PG })
        await client.connect()
        for (const schema of schemas) await client.query(`drop schema ${schema} cascade`)
        await client.end()
      }
    })

    it('restores a consistent copy whose ledger and checkpoints verify', {
      timeout: 180_000,
    }, async () => {
      const dataDir = tempDir()
      const env: Record<string, string> = { DATA_DIR: dataDir, CHECKPOINT_EVERY: '15' }
      let source: DatabaseTarget = { kind: 'sqlite', file: path.join(dataDir, 'concord.sqlite') }
      if (kind === 'postgres') {
        const { schema, url } = await newSchema()
        schemas.push(schema)
        env.DATABASE_URL = url
        source = { kind: 'postgres', url: PG as string, schema }
      }
      const server = await startServerProcess(env)
      const client = new HttpClient(server.url)
      await client.login('member@honda.example')
      const partnershipId = (await client.query<{ id: string }[]>('partnership.list')).data[0]?.id
      const proposal = await client.mutation<{ id: string }>('proposal.create', {
        partnershipId,
        type: 'decision',
        content: { title: 'Backed-up proposal' },
      })

      const acknowledged: { id: string; at: number }[] = []
      let writing = true
      const writers = Array.from({ length: 3 }, async (_, w) => {
        for (let n = 0; writing; n++) {
          const res = await client.mutation<{ id: string }>('comment.add', {
            proposalId: proposal.data.id,
            body: `during backup ${w}.${n}`,
            visibility: 'joint',
          })
          expect(res.status).toBe(200)
          acknowledged.push({ id: res.data.id, at: Date.now() })
        }
      })
      await new Promise((resolve) => setTimeout(resolve, 1500))
      const backupFile = path.join(
        tempDir(),
        kind === 'sqlite' ? 'concord-backup.sqlite' : 'concord-backup.jsonl',
      )
      const startedAt = Date.now()
      const { stdout } = await cli(['backup', '--out', backupFile], env)
      const during = acknowledged.length
      await new Promise((resolve) => setTimeout(resolve, 500))
      writing = false
      await Promise.all(writers)
      await server.kill()
      expect(stdout).toMatch(/Backed up .* ledger up to sequence \d+/)
      const backedUpTo = Number(/ledger up to sequence (\d+)/.exec(stdout)?.[1])

      // Restore into an empty place, with the signing key carried over as an operator would.
      const restoredDir = tempDir()
      mkdirSync(restoredDir, { recursive: true })
      copyFileSync(
        path.join(dataDir, 'ledger-signing-key.pem'),
        path.join(restoredDir, 'ledger-signing-key.pem'),
      )
      const restoredEnv: Record<string, string> = { DATA_DIR: restoredDir }
      let restored: DatabaseTarget = {
        kind: 'sqlite',
        file: path.join(restoredDir, 'concord.sqlite'),
      }
      if (kind === 'postgres') {
        const { schema, url } = await newSchema()
        schemas.push(schema)
        restoredEnv.DATABASE_URL = url
        restored = { kind: 'postgres', url: PG as string, schema }
      }
      await cli(['restore', '--from', backupFile], restoredEnv)
      if (restored.kind === 'sqlite') {
        const raw = new SQLite(restored.file, { readonly: true })
        expect(raw.pragma('integrity_check', { simple: true })).toBe('ok')
        raw.close()
        // The backup file itself holds no session, not even the hash of the live one's token.
        const file = new SQLite(backupFile, { readonly: true })
        expect(file.prepare('select count(*) as n from sessions').get()).toEqual({ n: 0 })
        file.close()
        const liveSessions = new SQLite(path.join(dataDir, 'concord.sqlite'), { readonly: true })
        const hashes = liveSessions.prepare('select id from sessions').all() as { id: string }[]
        liveSessions.close()
        expect(hashes.length).toBeGreaterThan(0)
        const bytes = readFileSync(backupFile).toString('latin1')
        for (const { id } of hashes) expect(bytes.includes(id)).toBe(false)
      }
      // The session that was live at backup time does not work on the restored database.
      const restoredServer = await startServerProcess({ ...restoredEnv, SEED_DEMO: 'false' })
      try {
        const me = await client.at(restoredServer.url).query('auth.me')
        expect(me.status).toBe(401)
      } finally {
        await restoredServer.kill()
      }

      const live = connect(source)
      const copy = connect(restored)
      try {
        const key = signingKey({ dataDir: restoredDir, ledgerSigningKey: null }, { create: false })
        const report = await verifyLedger(copy, { publicKey: key.publicKey })
        expect(report.ok, JSON.stringify(report)).toBe(true)
        if (!report.ok) return
        expect(report.checkpoints).toBeGreaterThan(0)
        // The copy is the live ledger as it stood at one moment: an exact prefix of it, up to the
        // head the backup reported. (The restored server may append after that, for instance the
        // checkpoint it owes at start when the backup's tail was not checkpointed yet.)
        expect(report.headSeq).toBeGreaterThanOrEqual(backedUpTo)
        const copied = await copy
          .selectFrom('ledger_events')
          .select(['seq', 'hash'])
          .where('seq', '<=', backedUpTo)
          .orderBy('seq')
          .execute()
        const original = await live
          .selectFrom('ledger_events')
          .select(['seq', 'hash'])
          .where('seq', '<=', backedUpTo)
          .orderBy('seq')
          .execute()
        expect(copied.length).toBe(backedUpTo)
        expect(copied).toEqual(original)
        const liveHead = await live
          .selectFrom('ledger_events')
          .select('seq')
          .orderBy('seq', 'desc')
          .limit(1)
          .executeTakeFirstOrThrow()
        expect(liveHead.seq).toBeGreaterThan(backedUpTo) // writes went on after the snapshot
        // Every write acknowledged before the backup started is in the copy.
        const comments = new Set(
          (await copy.selectFrom('comments').select('id').execute()).map((c) => c.id),
        )
        const before = acknowledged.filter((a) => a.at < startedAt)
        expect(before.length).toBeGreaterThan(0)
        expect(before.filter((a) => !comments.has(a.id))).toEqual([])
        console.info(
          `backup (${kind}): ${acknowledged.length} writes acknowledged (${during} by the end of the backup); copy holds the ledger up to ${report.headSeq} with ${report.checkpoints} checkpoint(s); live went on to ${liveHead.seq}`,
        )
      } finally {
        await live.destroy()
        await copy.destroy()
      }
    })
  },
)
