/**
 * Start-up faults against the real server process (`node --import tsx server/main.ts`): each
 * must end in one clear line and its exit code, never in a server that runs on the wrong data
 * (a re-seeded demo, a new signing key, a rolled-back ledger). And /healthz must notice a
 * damaged file that `select 1` would not.
 */
import { spawn } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import {
  closeSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect } from '../../db/connect'
import { createApp } from '../../server/app'
import { ANCHOR_FILE_NAME, type LedgerAnchor } from '../../server/startup'
import { testConfig } from '../helpers/api'
import { HttpClient, startServerProcess } from '../helpers/process'

const ROOT = path.resolve(import.meta.dirname, '../..')
const KEY = 'ledger-signing-key.pem'
const DB = 'concord.sqlite'

/** Starts the server and waits for it to exit on its own (a refusal) within 40 s. */
function startExpectingRefusal(dataDir: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => {
      output += c.toString()
    })
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString()
    })
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`the server did not refuse within 40 s:\n${output}${stderr}`))
    }, 40_000)
    child.once('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, output: stderr })
      void output
    })
  })
}

function expectOneLine(stderr: string, pattern: RegExp) {
  const lines = stderr.trim().split('\n')
  expect(lines, stderr).toHaveLength(1)
  expect(lines[0]).toMatch(/^Concord cannot start: /)
  expect(lines[0]).toMatch(pattern)
}

function anchorOf(dataDir: string): LedgerAnchor | null {
  const file = path.join(dataDir, ANCHOR_FILE_NAME)
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as LedgerAnchor) : null
}

async function waitFor(check: () => boolean, what: string) {
  for (let i = 0; i < 300; i++) {
    if (check()) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`timed out waiting for ${what}`)
}

describe('start-up faults (real server process, SQLite)', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'concord-faults-'))
  /** A data directory whose ledger has signed checkpoints and whose anchor was saved. */
  const base = path.join(work, 'base')
  /** The same deployment's database as it was one checkpoint earlier. */
  const older = path.join(work, 'older.sqlite')
  let copies = 0
  const copyOfBase = () => {
    const dir = path.join(work, `case-${++copies}`)
    cpSync(base, dir, { recursive: true })
    return dir
  }

  beforeAll(async () => {
    let server = await startServerProcess({ DATA_DIR: base, CHECKPOINT_EVERY: '20' })
    await waitFor(() => anchorOf(base) !== null, 'the first anchor')
    await server.kill('SIGTERM')
    copyFileSync(path.join(base, DB), older)
    const first = anchorOf(base)?.number ?? 0
    // More history and a later checkpoint: the older copy no longer covers it.
    server = await startServerProcess({ DATA_DIR: base, CHECKPOINT_EVERY: '20' })
    const lead = new HttpClient(server.url)
    await lead.login('lead@honda.example')
    const partnerships = await lead.query<{ id: string }[]>('partnership.list')
    const made = await lead.mutation('audit.createCheckpoint', {
      partnershipId: partnerships.data[0]?.id,
    })
    expect(made.status).toBe(200)
    await waitFor(() => (anchorOf(base)?.number ?? 0) > first, 'the anchor to move on')
    await server.kill('SIGTERM')
  }, 120_000)
  afterAll(() => rmSync(work, { recursive: true, force: true }))

  it('starts again on its own intact data (the control case)', async () => {
    const server = await startServerProcess({ DATA_DIR: copyOfBase() })
    const res = await fetch(`${server.url}/healthz`)
    expect(res.status).toBe(200)
    await server.kill('SIGTERM')
  })

  it('refuses to start when the signing key is missing and the ledger has checkpoints (no new key made)', async () => {
    const dir = copyOfBase()
    rmSync(path.join(dir, KEY))
    const { code, output } = await startExpectingRefusal(dir)
    expectOneLine(
      output,
      /signed checkpoints .* no usable signing key at .*ledger-signing-key\.pem.*rotate-key/,
    )
    expect(code).toBe(3)
    expect(existsSync(path.join(dir, KEY))).toBe(false)
  })

  it('refuses to start with a different signing key', async () => {
    const dir = copyOfBase()
    const { privateKey } = generateKeyPairSync('ed25519')
    writeFileSync(path.join(dir, KEY), privateKey.export({ type: 'pkcs8', format: 'pem' }), {
      mode: 0o600,
    })
    const { code, output } = await startExpectingRefusal(dir)
    expectOneLine(output, /is not the key that signed the ledger's latest checkpoint #\d+/)
    expect(code).toBe(3)
  })

  it('refuses a 0-byte database file and never seeds the demo into it', async () => {
    const dir = copyOfBase()
    truncateSync(path.join(dir, DB), 0)
    rmSync(path.join(dir, `${DB}-wal`), { force: true })
    rmSync(path.join(dir, `${DB}-shm`), { force: true })
    const { code, output } = await startExpectingRefusal(dir)
    expectOneLine(output, /is empty \(0 bytes\).*restore --from FILE/)
    expect(code).toBe(3)
    expect(statSync(path.join(dir, DB)).size).toBe(0)
  })

  it('refuses a database file that was deleted while the anchor remembers a ledger', async () => {
    const dir = copyOfBase()
    for (const f of [DB, `${DB}-wal`, `${DB}-shm`]) rmSync(path.join(dir, f), { force: true })
    const { code, output } = await startExpectingRefusal(dir)
    expectOneLine(output, /is missing, but .*ledger-anchor\.json shows this server had a ledger/)
    expect(code).toBe(3)
    expect(existsSync(path.join(dir, DB))).toBe(false)
  })

  it('refuses an older copy of the database put back, saying what it found', async () => {
    const dir = copyOfBase()
    for (const f of [`${DB}-wal`, `${DB}-shm`]) rmSync(path.join(dir, f), { force: true })
    copyFileSync(older, path.join(dir, DB))
    const anchor = anchorOf(dir) as LedgerAnchor
    const { code, output } = await startExpectingRefusal(dir)
    expectOneLine(
      output,
      new RegExp(
        `does not extend the last checkpoint #${anchor.number} at sequence ${anchor.seq} .*: its ledger ends at sequence \\d+ \\(truncated, or an older copy\\)`,
      ),
    )
    expect(code).toBe(3)
  })

  it('refuses a file with a damaged page', async () => {
    const dir = copyOfBase()
    const file = path.join(dir, DB)
    // Fold the WAL in first, so the damage is not hidden behind newer copies of the pages.
    const sqlite = new SQLite(file)
    sqlite.pragma('wal_checkpoint(TRUNCATE)')
    const root = sqlite
      .prepare(`select rootpage from sqlite_master where name = 'users'`)
      .get() as {
      rootpage: number
    }
    const pageSize = sqlite.pragma('page_size', { simple: true }) as number
    sqlite.close()
    const fd = openSync(file, 'r+')
    writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (root.rootpage - 1) * pageSize)
    closeSync(fd)
    const { code, output } = await startExpectingRefusal(dir)
    expectOneLine(output, /is damaged .*restore --from FILE/)
    expect(code).toBe(3)
  })

  it('refuses a file locked by another process', async () => {
    const dir = copyOfBase()
    const holder = new SQLite(path.join(dir, DB))
    holder.exec('begin exclusive')
    try {
      const { code, output } = await startExpectingRefusal(dir)
      expectOneLine(output, /is locked by another process/)
      expect(code).toBe(2)
    } finally {
      holder.exec('rollback')
      holder.close()
    }
  })

  it('refuses a directory where the database file should be', async () => {
    const dir = copyOfBase()
    for (const f of [DB, `${DB}-wal`, `${DB}-shm`]) rmSync(path.join(dir, f), { force: true })
    mkdirSync(path.join(dir, DB))
    const { code, output } = await startExpectingRefusal(dir)
    expectOneLine(output, /concord\.sqlite is a directory, not a database file/)
    expect(code).toBe(2)
  })

  it('/healthz answers 503 on a file with damaged pages, where select 1 still answers', async () => {
    const dir = copyOfBase()
    const file = path.join(dir, DB)
    const sqlite = new SQLite(file)
    sqlite.pragma('wal_checkpoint(TRUNCATE)')
    const root = sqlite
      .prepare(`select rootpage from sqlite_master where name = 'sessions'`)
      .get() as {
      rootpage: number
    }
    const pageSize = sqlite.pragma('page_size', { simple: true }) as number
    sqlite.close()
    const fd = openSync(file, 'r+')
    writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, (root.rootpage - 1) * pageSize)
    closeSync(fd)
    const db = connect({ kind: 'sqlite', file })
    try {
      const app = createApp({ db, config: testConfig({ dataDir: dir }) })
      const res = await app.request('/healthz')
      expect(res.status).toBe(503)
      expect(await res.json()).toEqual({ ok: false })
    } finally {
      await db.destroy()
    }
  })
})
