/**
 * What the server checks before it serves anything (docs/decisions/0011-hardening.md). Each
 * refusal is one line a person can act on and a distinct exit code:
 *
 * - 2: the configuration or the data directory is unusable (a directory where the database
 *   file should be, a file locked by another process);
 * - 3: the data is not what this deployment had (an empty or damaged database file, a database
 *   that does not extend the last checkpoint this server saw, a signing key that is missing or
 *   not the one that signed the ledger).
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  writeSync,
} from 'node:fs'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import type { Db } from '../db/connect'
import type { Checkpoint } from '../shared/audit-verify'
import { latestCheckpoint } from './audit/checkpoints'
import { KEY_FILE_NAME, type SigningKey } from './audit/keys'
import type { AppConfig } from './config'

export class StartupError extends Error {
  constructor(
    message: string,
    readonly exitCode: 2 | 3,
  ) {
    super(message)
    this.name = 'StartupError'
  }
}

export const ANCHOR_FILE_NAME = 'ledger-anchor.json'

/** The latest checkpoint this server saw, kept in DATA_DIR: outside the database it vouches for. */
export interface LedgerAnchor {
  number: number
  seq: number
  headHash: string
  hash: string
  keyId: string
  savedAt: string
}

const RESTORE_HINT =
  'Restore the latest backup into an empty DATA_DIR (npm run concord -- restore --from FILE)'

/**
 * Checks the SQLite file before anything opens it for writing: a directory in its place, a file
 * of 0 bytes (never silently seeded again), a file that is not SQLite or fails its quick check,
 * and a file another process holds locked.
 */
export function checkSqliteFile(file: string, dataDir: string): void {
  if (!existsSync(file)) {
    if (existsSync(path.join(dataDir, ANCHOR_FILE_NAME)))
      throw new StartupError(
        `The database ${file} is missing, but ${path.join(dataDir, ANCHOR_FILE_NAME)} shows this server had a ledger. ${RESTORE_HINT}; to start a new deployment on purpose, move ${ANCHOR_FILE_NAME} away first.`,
        3,
      )
    return
  }
  const stat = statSync(file)
  if (stat.isDirectory())
    throw new StartupError(
      `${file} is a directory, not a database file: move it away (or point DATA_DIR elsewhere).`,
      2,
    )
  if (stat.size === 0)
    throw new StartupError(
      `The database ${file} is empty (0 bytes): it was truncated or emptied. ${RESTORE_HINT}; to start a new deployment on purpose, delete the file${existsSync(path.join(dataDir, ANCHOR_FILE_NAME)) ? ` and ${ANCHOR_FILE_NAME}` : ''}.`,
      3,
    )
  let sqlite: SQLite.Database | null = null
  try {
    sqlite = new SQLite(file, { fileMustExist: true, timeout: 2000 })
    const check = sqlite.pragma('quick_check', { simple: true })
    if (check !== 'ok')
      throw new StartupError(
        `The database ${file} is damaged (SQLite quick_check: ${String(check).split('\n')[0]}). ${RESTORE_HINT}.`,
        3,
      )
    // A write lock held by another process (another server on the same DATA_DIR, a tool).
    sqlite.exec('begin immediate; rollback')
  } catch (error) {
    if (error instanceof StartupError) throw error
    const code = String((error as { code?: unknown }).code ?? '')
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED')
      throw new StartupError(
        `The database ${file} is locked by another process (another Concord server or a tool on the same DATA_DIR): stop it, then start again.`,
        2,
      )
    if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT'))
      throw new StartupError(
        `The database ${file} is damaged or not a SQLite database (${code}). ${RESTORE_HINT}.`,
        3,
      )
    if (code === 'SQLITE_CANTOPEN' || code === 'EACCES')
      throw new StartupError(
        `The database ${file} cannot be opened (${code}): check that the server may read and write it and DATA_DIR.`,
        2,
      )
    throw error
  } finally {
    sqlite?.close()
  }
}

export function readAnchor(dataDir: string): LedgerAnchor | null {
  const file = path.join(dataDir, ANCHOR_FILE_NAME)
  if (!existsSync(file)) return null
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LedgerAnchor
  } catch {
    throw new StartupError(
      `${file} is not readable JSON: restore it from a backup of DATA_DIR, or move it away to trust the database as it is.`,
      3,
    )
  }
}

/** Saves the checkpoint as DATA_DIR's anchor (a temporary file renamed over the old one). */
export function saveAnchor(dataDir: string, cp: Checkpoint): void {
  const file = path.join(dataDir, ANCHOR_FILE_NAME)
  const anchor: LedgerAnchor = {
    number: cp.number,
    seq: cp.seq,
    headHash: cp.headHash,
    hash: cp.hash,
    keyId: cp.keyId,
    savedAt: new Date().toISOString(),
  }
  const temp = `${file}.${process.pid}.tmp`
  // Written whole and flushed before it replaces the old anchor: a crash leaves one or the other.
  const fd = openSync(temp, 'w', 0o600)
  try {
    writeSync(fd, `${JSON.stringify(anchor, null, 2)}\n`)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  renameSync(temp, file)
}

/**
 * The database must extend the checkpoint DATA_DIR remembers: same checkpoint at the same number
 * and the same head hash at its sequence. A database emptied, truncated or replaced by an older
 * copy does not, and the server refuses to run on it (and above all never seeds a demo into it).
 */
export async function checkAnchor(db: Db, dataDir: string): Promise<void> {
  const anchor = readAnchor(dataDir)
  if (!anchor) return
  const where = path.join(dataDir, ANCHOR_FILE_NAME)
  const seen = `checkpoint #${anchor.number} at sequence ${anchor.seq} (${where})`
  const head = await db
    .selectFrom('ledger_events')
    .select(['seq'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst()
  const atSeq = await db
    .selectFrom('ledger_events')
    .select(['hash'])
    .where('seq', '=', anchor.seq)
    .executeTakeFirst()
  const found = !head
    ? 'the database has no ledger events at all (emptied or new)'
    : !atSeq
      ? `its ledger ends at sequence ${head.seq} (truncated, or an older copy)`
      : atSeq.hash !== anchor.headHash
        ? `it has another event at sequence ${anchor.seq} (rewritten, or another deployment's database)`
        : null
  if (found)
    throw new StartupError(
      `The database does not extend the last ${seen}: ${found}. ${RESTORE_HINT} (or the newest copy you have); if this is deliberate, move ${ANCHOR_FILE_NAME} away.`,
      3,
    )
}

/**
 * When the ledger has signed checkpoints, the key must be the one that signed the latest: a key
 * file that vanished is never replaced by a new one, and a different key is never used.
 */
export async function checkSigningKey(
  db: Db,
  config: Pick<AppConfig, 'dataDir' | 'ledgerSigningKey'>,
  loadKey: (create: boolean) => SigningKey,
): Promise<SigningKey> {
  const last = await latestCheckpoint(db)
  if (!last) return loadKey(true)
  let key: SigningKey
  try {
    key = loadKey(false)
  } catch {
    const where = config.ledgerSigningKey
      ? 'LEDGER_SIGNING_KEY'
      : path.join(config.dataDir, KEY_FILE_NAME)
    throw new StartupError(
      `The ledger has signed checkpoints (the latest, #${last.number}, by key ${last.keyId.slice(0, 16)}…) but there is no usable signing key at ${where}: put that key back (from your backup of DATA_DIR) or set LEDGER_SIGNING_KEY to it. A new key is made only by "npm run concord -- audit rotate-key".`,
      3,
    )
  }
  if (key.publicKey.keyId !== last.keyId && !(await rotatedTo(db, last, key)))
    throw new StartupError(
      `The signing key ${key.source} (key id ${key.publicKey.keyId.slice(0, 16)}…) is not the key that signed the ledger's latest checkpoint #${last.number} (key id ${last.keyId.slice(0, 16)}…): put the right key back, or change keys with "npm run concord -- audit rotate-key".`,
      3,
    )
  return key
}

/** A rotation from the latest checkpoint's key to this key was recorded (and signed by the old). */
async function rotatedTo(db: Db, last: Checkpoint, key: SigningKey): Promise<boolean> {
  const rows = await db
    .selectFrom('ledger_events')
    .select(['payload'])
    .where('action', '=', 'checkpoint.key_rotated')
    .where('seq', '<=', last.seq)
    .execute()
  return rows.some((r) => {
    const after = (JSON.parse(r.payload) as { after?: { fromKeyId?: string; toKeyId?: string } })
      .after
    return after?.fromKeyId === last.keyId && after?.toKeyId === key.publicKey.keyId
  })
}
