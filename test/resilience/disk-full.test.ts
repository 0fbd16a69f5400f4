/**
 * Disk full (SQLite): a write fails cleanly while the disk is full, nothing half-written, and
 * once space is freed the database writes again by itself, without a restart, and its WAL comes
 * back down. Runs on a small tmpfs, which needs root (`mount -t tmpfs`); skipped elsewhere.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect, type Db, startStorageMaintenance, writeTransaction } from '../../db/connect'
import { migrateToLatest } from '../../db/migrate'
import { appendRawEvent, SYSTEM_ACTOR } from '../../server/audit/ledger'
import { verifyLedger } from '../helpers/workflow'

const mountPoint = mkdtempSync(path.join(tmpdir(), 'concord-diskfull-'))
let mounted = false
try {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=6m', 'tmpfs', mountPoint], { stdio: 'ignore' })
  mounted = true
} catch {
  mounted = false // not root, or no mount in this sandbox: the test cannot fill a disk safely
}

describe.runIf(mounted)('disk full (SQLite on a 6 MiB tmpfs)', () => {
  let db: Db
  const file = path.join(mountPoint, 'concord.sqlite')
  const filler = path.join(mountPoint, 'filler')
  beforeAll(async () => {
    db = connect({ kind: 'sqlite', file })
    await migrateToLatest(db)
  })
  afterAll(async () => {
    await db.destroy()
    execFileSync('umount', [mountPoint])
    rmSync(mountPoint, { recursive: true, force: true })
  })

  const write = (n: number, size: number) =>
    writeTransaction(db, async (trx) => {
      await appendRawEvent(trx, SYSTEM_ACTOR, {
        partnershipId: null,
        action: 'security.access_denied',
        entityType: 'user',
        entityId: `w${n}`,
        after: { procedure: 'x'.repeat(size), type: 'mutation' },
      })
    })

  it('fails writes cleanly while full, and writes again by itself once space is freed', {
    timeout: 60_000,
  }, async () => {
    const stop = startStorageMaintenance(db, { intervalMs: 200, walLimitBytes: 512 * 1024 })
    try {
      // Fill the disk: a filler file takes most of it, then writes take the rest.
      writeFileSync(filler, Buffer.alloc(3 * 1024 * 1024))
      let acknowledged = 0
      let failure: unknown = null
      for (let n = 0; n < 2000 && !failure; n++) {
        try {
          await write(n, 20_000)
          acknowledged++
        } catch (error) {
          failure = error
        }
      }
      expect(
        `${(failure as { code?: string } | null)?.code} ${(failure as Error | null)?.message}`,
      ).toMatch(/SQLITE_FULL|SQLITE_IOERR|SQLITE_COMMIT_FAILED/)
      const walWhileFull = statSync(`${file}-wal`).size
      // Still full: small writes fail too.
      await expect(write(-1, 200_000)).rejects.toBeTruthy()

      rmSync(filler)
      // Recovers without a restart: a write succeeds within a few seconds.
      let recovered = false
      for (let i = 0; i < 50 && !recovered; i++) {
        try {
          await write(10_000 + i, 100)
          recovered = true
        } catch {
          await new Promise((r) => setTimeout(r, 200))
        }
      }
      expect(recovered).toBe(true)
      // And the WAL came back down instead of holding the disk.
      await new Promise((r) => setTimeout(r, 600))
      const wal = existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0
      expect(wal).toBeLessThan(walWhileFull)
      // Nothing half-written: the chain verifies and holds every acknowledged write.
      const { result } = await verifyLedger(db)
      expect(result.ok, JSON.stringify(result)).toBe(true)
      expect(result.ok && result.count).toBeGreaterThanOrEqual(acknowledged + 1)
    } finally {
      stop()
    }
  })
})
