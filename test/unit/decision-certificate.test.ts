/**
 * The committed decision certificate (test/vectors/decision-certificate.json, docs/ledger-spec.md
 * §11): D-1 of a demo partnership as a Nissan member sees it — Honda's two private drafting steps
 * are sealed (leaf hash and position only) — proved against a checkpoint of 56 entries cosigned
 * by Honda's and Nissan's witnesses. The shared verifier (server, CLI, browser) accepts it, with
 * its keys pinned too, and refuses it when one byte of a proof, an entry or a signature changes.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { verifyCertificate } from '../../shared/decision-certificate'

const FILE = path.resolve(import.meta.dirname, '../vectors/decision-certificate.json')
const text = readFileSync(FILE, 'utf8')
const vector = JSON.parse(text)

describe('the decision certificate vector', () => {
  it('verifies: D-1, a tree of 56 entries, witnessed by Honda and Nissan, two entries sealed', async () => {
    const verdict = await verifyCertificate(text, {
      logKeys: [vector.checkpoint.logKey],
      witnessKeys: vector.checkpoint.witnesses.map((w: { vkey: string }) => w.vkey),
    })
    expect(verdict).toMatchObject({
      ok: true,
      decision: { code: 'D-1', title: 'Pool the 2027 LFP cell tender', revision: 1 },
      treeSize: 56,
      entries: 10,
      sealed: 2,
      signoffs: 2,
    })
    if (verdict.ok) expect(verdict.witnessedBy.map((w) => w.party)).toEqual(['HONDA', 'NISSAN'])
  })

  it('refuses it with one bit changed in a proof, a sealed leaf hash, an entry or the log signature', async () => {
    const flip = (b64: string) => {
      const bytes = Buffer.from(b64, 'base64')
      bytes[0] = (bytes[0] ?? 0) ^ 1
      return bytes.toString('base64')
    }
    const cases: [string, (c: typeof vector) => void, string][] = [
      ['proof', (c) => (c.entries[3].proof[0] = flip(c.entries[3].proof[0])), 'bad_proof'],
      [
        'sealed leaf',
        (c) => {
          const sealed = c.entries.find((e: object) => 'leafHash' in e)
          sealed.leafHash = flip(sealed.leafHash)
        },
        'bad_proof',
      ],
      [
        'entry',
        (c) => {
          const open = c.entries.find((e: object) => 'entry' in e)
          open.entry.ts = open.entry.ts.replace(/.$/, 'Y')
        },
        'bad_proof',
      ],
      [
        'log signature',
        (c) => {
          const lines = c.checkpoint.note.split('\n')
          const [dash, name, sig] = lines[4].split(' ')
          lines[4] = `${dash} ${name} ${flip(sig)}`
          c.checkpoint.note = lines.join('\n')
        },
        'bad_checkpoint',
      ],
    ]
    for (const [label, change, problem] of cases) {
      const copy = structuredClone(vector)
      change(copy)
      expect(await verifyCertificate(JSON.stringify(copy)), label).toMatchObject({
        ok: false,
        problem,
      })
    }
  })
})
