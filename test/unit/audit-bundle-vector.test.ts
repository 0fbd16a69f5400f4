/**
 * The bundle vector (test/vectors/audit-bundle.json, docs/ledger-spec.md §9, §10.1): rebuilt byte
 * for byte from its fixed inputs, and every case's verdict reached by the shipped verifier — so
 * neither the committed file nor the verifier can drift from what the spec promises.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { nodeSha256 } from '../../server/audit/ledger-row'
import { BundleFormatError, verifyBundleLines } from '../../shared/audit-bundle'
import { buildAuditBundleVector, type Expected } from '../vectors/audit-bundle'

const FILE = path.join(import.meta.dirname, '../vectors/audit-bundle.json')
const vector = JSON.parse(readFileSync(FILE, 'utf8')) as Awaited<
  ReturnType<typeof buildAuditBundleVector>
>

async function verdict(
  bundle: string,
  options: { witnessKeys?: string[] } = {},
): Promise<Expected> {
  try {
    const { report, treeCheckpoints, trees } = await verifyBundleLines(bundle.split('\n'), {
      sha256: nodeSha256,
      ...options,
    })
    if (!report.ok) return { ok: false, reason: report.reason }
    return {
      ok: true,
      treeCheckpoints: treeCheckpoints.map((t) => ({
        log: t.log,
        size: t.size,
        cosignedBy: t.cosignedBy.map((c) => c.party),
      })),
      trees,
    }
  } catch (error) {
    if (error instanceof BundleFormatError) return { refused: true }
    throw error
  }
}

describe('the audit bundle vector', () => {
  it('is what its generator makes from the fixed inputs, byte for byte', async () => {
    expect(`${JSON.stringify(await buildAuditBundleVector(), null, 2)}\n`).toBe(
      readFileSync(FILE, 'utf8'),
    )
  })

  it.each(vector.cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    expect(await verdict(c.bundle), c.why).toEqual(c.expect)
  })

  it('with witness keys given apart from the bundle, only those count', async () => {
    const clean = vector.cases.find((c) => c.name === 'clean')?.bundle ?? ''
    const honda = vector.keys.witnesses.find((w) => w.party === 'HONDA')?.vkey ?? ''
    const result = await verdict(clean, { witnessKeys: [honda] })
    expect(result).toMatchObject({ ok: true })
    if (!('trees' in result)) throw new Error('no trees')
    // Only Honda's key is trusted: Nissan's line is an unknown signature; P is "witnessed" by
    // every witness the verifier was given.
    expect(result.treeCheckpoints.find((t) => t.size === 7)?.cosignedBy).toEqual([null])
  })
})
