/**
 * `concord audit prove` and `concord audit consistency` (docs/cli.md, docs/ledger-spec.md §5) as
 * child processes on SQLite and PostgreSQL: what they print verifies with the shared code against
 * the signed checkpoint, and misuse or an unknown event is refused in words, with an exit code.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyConsistency, verifyInclusion } from '../../shared/merkle'
import { base64Decode, parseVerifierKey, verifyCheckpoint } from '../../shared/signed-note'
import { DATABASE_KINDS, freshDatabase, type TestDatabase } from '../helpers/db'

const ROOT = path.resolve(import.meta.dirname, '../..')

function cli(env: Record<string, string>, ...args: string[]) {
  const { DATABASE_URL: _ignored, ...rest } = process.env
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...rest, ...env },
  })
  return { code: result.status, out: result.stdout, err: result.stderr }
}

const bytes = (text: string) => base64Decode(text) as Uint8Array

describe.each(DATABASE_KINDS)(
  'concord audit prove and consistency (%s)',
  { timeout: 300_000 },
  (kind) => {
    let dir: string
    let database: TestDatabase | null = null
    let env: Record<string, string>

    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'concord-merkle-cli-'))
      env = { DATA_DIR: dir, DEPLOYMENT_NAME: 'concord.test.example' }
      if (kind === 'postgres') {
        database = await freshDatabase(kind)
        env.DATABASE_URL = `${database.url}?options=${encodeURIComponent(`-c search_path=${database.schema}`)}`
      }
      const seeded = cli(env, 'seed-demo')
      expect(seeded.code, seeded.err).toBe(0)
      const cp = cli(env, 'audit', 'checkpoint')
      expect(cp.code, cp.err).toBe(0)
    }, 300_000)
    afterAll(async () => {
      await database?.destroy()
      rmSync(dir, { recursive: true, force: true })
    })

    it('proves an event against its signed checkpoint', () => {
      const r = cli(env, 'audit', 'prove', '--seq', '5')
      expect(r.code, r.err).toBe(0)
      const p = JSON.parse(r.out)
      expect(p.origin).toMatch(/^concord\.test\.example\/(p\/[0-9a-f-]{36}|deployment)$/)
      expect(p.seq).toBe(5)
      expect(
        verifyInclusion(
          p.treeSize,
          p.leafIndex,
          bytes(p.leafHash),
          p.proof.map(bytes),
          bytes(p.rootHash),
        ),
      ).toBe(true)
      return verifyCheckpoint(p.checkpoint, parseVerifierKey(p.logKey), [], p.origin).then((cp) => {
        expect(cp.checkpoint.size).toBe(p.treeSize)
        expect(Buffer.from(cp.checkpoint.rootHash).toString('base64')).toBe(p.rootHash)
      })
    })

    it('proves consistency between two sizes, to a file', () => {
      const out = path.join(dir, 'consistency.json')
      const r = cli(env, 'audit', 'consistency', '--from', '7', '--out', out)
      expect(r.code, r.err).toBe(0)
      expect(r.out).toMatch(/extends the tree of 7; proof saved to /)
      const c = JSON.parse(readFileSync(out, 'utf8'))
      expect(c.from).toBe(7)
      expect(c.to).toBeGreaterThan(7)
      expect(c.checkpoint).toContain(`\n${c.to}\n${c.toRoot}\n`)
      expect(
        verifyConsistency(c.from, c.to, bytes(c.fromRoot), bytes(c.toRoot), c.proof.map(bytes)),
      ).toBe(true)
      const d = cli(env, 'audit', 'consistency', '--log', 'deployment', '--from', '1', '--to', '2')
      expect(d.code, d.err).toBe(0)
      expect(JSON.parse(d.out).origin).toBe('concord.test.example/deployment')
    })

    it('refuses misuse (exit 2) and what the ledger does not hold (exit 1), in words', () => {
      for (const args of [
        ['audit', 'prove'],
        ['audit', 'prove', '--seq', '0'],
        ['audit', 'consistency', '--from=-1'],
        ['audit', 'consistency', '--from', '1', '--log', 'other'],
      ]) {
        const r = cli(env, ...args)
        expect(r.code, args.join(' ')).toBe(2)
        expect(r.err).toMatch(/^error: --(seq|from|log) /)
      }
      const missing = cli(env, 'audit', 'prove', '--seq', '999999')
      expect(missing.code).toBe(1)
      expect(missing.err).toContain('has no event 999999')
      const tooBig = cli(env, 'audit', 'consistency', '--from', '1', '--to', '999999')
      expect(tooBig.code).toBe(1)
      expect(tooBig.err).toMatch(/^error: --to: The tree has \d+ events/)
    })
  },
)
