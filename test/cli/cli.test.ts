/**
 * The real command (`tsx server/cli.ts`, what `npm run concord --` runs) in child processes,
 * against a temporary DATA_DIR.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect, writeTransaction } from '../../db/connect'
import { appendRawEvent } from '../../server/audit/ledger'
import { DATABASE_KINDS, freshDatabase, type TestDatabase } from '../helpers/db'

const ROOT = path.resolve(import.meta.dirname, '../..')
const SECRET = 'HONDA-INTERNAL: the cell price ceiling is 95 USD/kWh'

/** The test's environment without DATABASE_URL (SQLite unless a test names a database). */
function baseEnv(): NodeJS.ProcessEnv {
  const { DATABASE_URL: _ignored, ...rest } = process.env
  return rest
}

function cli(env: Record<string, string>, ...args: string[]) {
  // node --import tsx is what `npm run concord` amounts to, without npm's and npx's start-up.
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...baseEnv(), ...env },
  })
  return { code: result.status, out: result.stdout, err: result.stderr }
}

function noStack(text: string) {
  expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/)
}

// Child processes on a shared two-core machine: generous time per test.
describe('concord command line (SQLite)', { timeout: 120_000 }, () => {
  let dir: string
  let env: Record<string, string>
  const file = (name: string) => path.join(dir, name)

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'concord-cli-'))
    env = { DATA_DIR: path.join(dir, 'data') }
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('explains itself and refuses misuse with exit code 2', () => {
    const help = cli(env, 'help')
    expect(help.code).toBe(0)
    for (const command of [
      'migrate',
      'seed-demo',
      'serve',
      'user add',
      'audit export',
      'audit verify',
    ])
      expect(help.out).toContain(command)
    for (const args of [
      [],
      ['frobnicate'],
      ['user', 'remove'],
      ['audit', 'verify'],
      ['migrate', '--bogus'],
    ]) {
      const r = cli(env, ...args)
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.err).toMatch(/^error: /)
      expect(r.err).toContain('npm run concord -- help')
      noStack(r.err)
    }
  })

  it('migrates, makes the signing key (0600), and loads the demo once', () => {
    const migrated = cli(env, 'migrate')
    expect(migrated.code).toBe(0)
    expect(migrated.out).toMatch(/0001_foundation.*0004_audit/s)
    expect(statSync(path.join(env.DATA_DIR as string, 'ledger-signing-key.pem')).mode & 0o777).toBe(
      0o600,
    )
    const seeded = cli(env, 'seed-demo')
    expect(seeded.code).toBe(0)
    expect(seeded.out).toContain('auditor@external-audit.example')
    const again = cli(env, 'seed-demo')
    expect(again.code).toBe(0)
    expect(again.out).toContain('nothing was loaded')
  })

  it('adds people only while their party has no admin, and names the problem when it cannot', () => {
    // A party the operator is still setting up: people and roles at once (the bootstrap).
    const party = cli(env, 'party', 'add', '--code', 'TOYOTA', '--name', 'Toyota Motor')
    expect(party.code, party.err).toBe(0)
    const ok = cli(
      env,
      'user',
      'add',
      '--email',
      'Compliance@Toyota.example',
      '--password',
      'a long enough secret',
      '--name',
      'Hana Compliance',
      '--party',
      'TOYOTA',
      '--role',
      'auditor',
      '--role',
      'workstream-lead',
    )
    expect(ok.code, ok.err).toBe(0)
    expect(ok.out).toMatch(/Created compliance@toyota\.example .*auditor, workstream_lead/)
    const cases: [string[], number, RegExp][] = [
      [
        [
          '--email',
          'compliance@toyota.example',
          '--name',
          'Dup',
          '--party',
          'TOYOTA',
          '--role',
          'member',
        ],
        1,
        /already exists/,
      ],
      [
        ['--email', 'y@honda.example', '--name', 'Y', '--party', 'SUBARU', '--role', 'member'],
        1,
        /no party with the code SUBARU/,
      ],
      [
        ['--email', 'z@honda.example', '--name', 'Z', '--party', 'HONDA', '--role', 'boss'],
        2,
        /--role boss: not a role/,
      ],
      [['--email', 'z@honda.example', '--name', 'Z', '--party', 'HONDA'], 2, /--role is required/],
      [
        [
          '--email',
          'z@honda.example',
          '--name',
          'Z',
          '--party',
          'HONDA',
          '--role',
          'member',
          '--partnership',
          'nope',
        ],
        1,
        /no such partnership/,
      ],
      // Once a party has an admin, the operator adds none of its people, with whatever role.
      [
        [
          '--email',
          'fake.signer@nissan.example',
          '--name',
          'F',
          '--party',
          'NISSAN',
          '--role',
          'partnership-lead',
        ],
        1,
        /NISSAN already has an admin/,
      ],
      [
        [
          '--email',
          'quiet.reader@honda.example',
          '--name',
          'Q',
          '--party',
          'HONDA',
          '--role',
          'member',
        ],
        1,
        /HONDA already has an admin/,
      ],
      // Nor an external auditor: every party admits one.
      [
        ['--email', 'reviewer@kpmg.example', '--name', 'K', '--party', 'none', '--role', 'auditor'],
        1,
        /admitted by every party/,
      ],
    ]
    for (const [args, code, message] of cases) {
      const r = cli(env, 'user', 'add', '--password', 'a long enough secret', ...args)
      expect(r.code, r.err).toBe(code)
      expect(r.err).toMatch(message)
      noStack(r.err)
    }
    // The operator sets up a party's first admin, and no second one.
    const admin = (email: string) =>
      cli(
        env,
        'party',
        'add-admin',
        '--party',
        'TOYOTA',
        '--email',
        email,
        '--name',
        'IT',
        '--password',
        'a long enough secret',
      )
    expect(admin('it@toyota.example').code).toBe(0)
    const second = admin('it2@toyota.example')
    expect(second.code).toBe(1)
    expect(second.err).toMatch(/TOYOTA already has an admin/)
    const short = cli(
      env,
      'user',
      'add',
      '--email',
      'q@honda.example',
      '--password',
      'short',
      '--name',
      'Q',
      '--party',
      'HONDA',
      '--role',
      'member',
    )
    expect(short.code).toBe(2)
    expect(short.err).toMatch(/--password: must be at least 12 characters/)
  })

  it('exports and verifies offline; a saved checkpoint still holds after more changes', () => {
    const cp = cli(env, 'audit', 'checkpoint', '--out', file('cp.json'))
    expect(cp.code, cp.err).toBe(0)
    // More history after the checkpoint (the operator adds a party: a ledger event).
    expect(cli(env, 'party', 'add', '--code', 'LATER', '--name', 'Later Co').code).toBe(0)
    const exported = cli(env, 'audit', 'export', '--out', file('full.jsonl'))
    expect(exported.code, exported.err).toBe(0)
    const verified = cli(
      env,
      'audit',
      'verify',
      '--bundle',
      file('full.jsonl'),
      '--checkpoint',
      file('cp.json'),
    )
    expect(verified.code, verified.out + verified.err).toBe(0)
    expect(verified.out).toMatch(/Saved checkpoint #1 \(sequence \d+\): holds/)
    expect(verified.out).toMatch(/Intact up to sequence \d+, head hash [0-9a-f]{64}/)
    // The verifier needs no database and no configuration at all.
    const offline = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'server/cli.ts', 'audit', 'verify', '--bundle', file('full.jsonl')],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          DATA_DIR: '/nonexistent/dir',
        },
      },
    )
    expect(offline.status, offline.stderr).toBe(0)
  })

  it("writes a redacted export with --as that still verifies and holds no other party's text", async () => {
    const db = connect({
      kind: 'sqlite',
      file: path.join(env.DATA_DIR as string, 'concord.sqlite'),
    })
    try {
      const partnership = await db.selectFrom('partnerships').select('id').executeTakeFirstOrThrow()
      await writeTransaction(db, (trx) =>
        appendRawEvent(
          trx,
          { userId: null, partyCode: 'HONDA' },
          {
            partnershipId: partnership.id,
            action: 'comment.added',
            entityType: 'proposal',
            entityId: 'p-1',
            visibility: 'party:HONDA',
            after: { body: SECRET, visibility: 'internal' },
          },
        ),
      )
    } finally {
      await db.destroy()
    }
    for (const [who, sees] of [
      ['auditor@external-audit.example', false],
      ['auditor@nissan.example', false],
      ['auditor@honda.example', true],
    ] as const) {
      const out = file(`as-${who}.jsonl`)
      const r = cli(env, 'audit', 'export', '--out', out, '--as', who)
      expect(r.code, r.err).toBe(0)
      expect(readFileSync(out, 'utf8').includes(SECRET)).toBe(sees)
      const v = cli(env, 'audit', 'verify', '--bundle', out)
      expect(v.code, v.out).toBe(0)
      expect(v.out).toContain(`as seen by ${who}`)
    }
    const unknown = cli(
      env,
      'audit',
      'export',
      '--out',
      file('x.jsonl'),
      '--as',
      'nobody@x.example',
    )
    expect(unknown.code).toBe(1)
    expect(unknown.err).toMatch(/no active account/)
  })

  it('fails (exit 1) on an edited bundle, a foreign key and a file that is not a bundle', () => {
    const lines = readFileSync(file('full.jsonl'), 'utf8').trimEnd().split('\n')
    const firstEvent = lines.findIndex((l) => l.startsWith('{"type":"event"'))
    const swapped = [...lines]
    ;[swapped[firstEvent + 4], swapped[firstEvent + 5]] = [
      lines[firstEvent + 5] as string,
      lines[firstEvent + 4] as string,
    ]
    writeFileSync(file('swapped.jsonl'), `${swapped.join('\n')}\n`)
    const v = cli(env, 'audit', 'verify', '--bundle', file('swapped.jsonl'))
    expect(v.code).toBe(1)
    expect(v.out).toContain('Broken at sequence 5 (gap)')

    const other = spawnSync('openssl', ['genpkey', '-algorithm', 'ed25519'], { encoding: 'utf8' })
    writeFileSync(file('other.pem'), other.stdout)
    const pub = spawnSync('openssl', ['pkey', '-pubout', '-in', file('other.pem')], {
      encoding: 'utf8',
    })
    writeFileSync(file('other.pub.pem'), pub.stdout)
    const foreign = cli(
      env,
      'audit',
      'verify',
      '--bundle',
      file('full.jsonl'),
      '--public-key',
      file('other.pub.pem'),
    )
    expect(foreign.code).toBe(1)
    expect(foreign.out).toMatch(
      /Broken at sequence \d+ \(bad signature\): checkpoint #1 .* signed by key/,
    )

    writeFileSync(file('junk.jsonl'), 'hello\n')
    const junk = cli(env, 'audit', 'verify', '--bundle', file('junk.jsonl'))
    expect(junk.code).toBe(1)
    expect(junk.err).toMatch(/not a Concord audit bundle/)
    noStack(junk.err)
    const missing = cli(env, 'audit', 'verify', '--bundle', file('none.jsonl'))
    expect(missing.code).toBe(1)
    expect(missing.err).toMatch(/no such file/)
  })

  it('names the break after someone edits the SQLite file directly, and a saved checkpoint exposes a cut tail', async () => {
    const dbFile = path.join(env.DATA_DIR as string, 'concord.sqlite')
    const db = connect({ kind: 'sqlite', file: dbFile })
    try {
      await sql`drop trigger ledger_events_no_update`.execute(db)
      await sql`drop trigger ledger_events_no_delete`.execute(db)
      await sql`update ledger_events set payload = replace(payload, 'Honda', 'Hondo') where seq = 1`.execute(
        db,
      )
    } finally {
      await db.destroy()
    }
    // A broken ledger is not exported, unless asked for as evidence (ADR 0024).
    const refused = cli(env, 'audit', 'export', '--out', file('tampered.jsonl'))
    expect(refused.code).toBe(1)
    expect(refused.err).toContain('Broken at sequence 1 (payload hash mismatch)')
    noStack(refused.err)
    const asEvidence = cli(
      env,
      'audit',
      'export',
      '--out',
      file('tampered.jsonl'),
      '--allow-broken',
    )
    expect(asEvidence.code).toBe(0)
    expect(asEvidence.err).toContain('WARNING: the ledger does not verify')
    const v = cli(env, 'audit', 'verify', '--bundle', file('tampered.jsonl'))
    expect(v.code).toBe(1)
    expect(v.out).toContain('Broken at sequence 1 (payload hash mismatch)')

    const saved = JSON.parse(readFileSync(file('cp.json'), 'utf8')) as {
      checkpoint: { seq: number }
    }
    const db2 = connect({ kind: 'sqlite', file: dbFile })
    try {
      await sql`update ledger_events set payload = replace(payload, 'Hondo', 'Honda') where seq = 1`.execute(
        db2,
      )
      await sql`drop trigger ledger_checkpoints_no_delete`.execute(db2)
      await sql`delete from ledger_events where seq > ${saved.checkpoint.seq - 2}`.execute(db2)
      await sql`delete from ledger_checkpoints`.execute(db2)
    } finally {
      await db2.destroy()
    }
    // The server still holds the Merkle leaves of the cut events: it refuses to export.
    const cut = cli(env, 'audit', 'export', '--out', file('cut.jsonl'))
    expect(cut.code).toBe(1)
    expect(cut.err).toContain('tree mismatch')
    expect(cli(env, 'audit', 'export', '--out', file('cut.jsonl'), '--allow-broken').code).toBe(0)
    // The bundle alone (no JSON checkpoint left) still carries the signed tree checkpoints
    // (version 3, ADR 0035): one covers more entries than the bundle holds. A saved checkpoint
    // names the cut too.
    const alone = cli(env, 'audit', 'verify', '--bundle', file('cut.jsonl'))
    expect(alone.code).toBe(1)
    expect(alone.out).toContain('tree mismatch')
    const withSaved = cli(
      env,
      'audit',
      'verify',
      '--bundle',
      file('cut.jsonl'),
      '--checkpoint',
      file('cp.json'),
    )
    expect(withSaved.code).toBe(1)
    expect(withSaved.out).toContain(
      `Saved checkpoint #1 (sequence ${saved.checkpoint.seq}): NOT confirmed`,
    )
    expect(withSaved.out).toContain(
      `Broken at sequence ${saved.checkpoint.seq - 1} (checkpoint not on chain)`,
    )
  })

  it('serves like npm start', async () => {
    const port = 20000 + Math.floor(Math.random() * 20000)
    // One process, so SIGTERM reaches the server (through npx it would be left running).
    const child: ChildProcess = spawn(
      process.execPath,
      ['--import', 'tsx', 'server/cli.ts', 'serve'],
      {
        cwd: ROOT,
        env: { ...baseEnv(), ...env, PORT: String(port), HOST: '127.0.0.1' },
        stdio: 'ignore',
      },
    )
    try {
      let status = 0
      for (let i = 0; i < 80 && status !== 200; i++) {
        await new Promise((r) => setTimeout(r, 250))
        status = await fetch(`http://127.0.0.1:${port}/healthz`).then(
          (r) => r.status,
          () => 0,
        )
      }
      expect(status).toBe(200)
    } finally {
      child.kill('SIGTERM')
      await new Promise((r) => child.once('exit', r))
    }
  }, 40_000)
})

describe.each(DATABASE_KINDS.filter((k) => k === 'postgres'))(
  'concord command line (%s)',
  (kind) => {
    let database: TestDatabase
    let dir: string
    beforeAll(async () => {
      database = await freshDatabase(kind)
      dir = mkdtempSync(path.join(tmpdir(), 'concord-cli-pg-'))
    })
    afterAll(async () => {
      await database.destroy()
      rmSync(dir, { recursive: true, force: true })
    })

    it('runs on DATABASE_URL (search_path in the URL) with the signing key from LEDGER_SIGNING_KEY', () => {
      const key = spawnSync('openssl', ['genpkey', '-algorithm', 'ed25519'], {
        encoding: 'utf8',
      }).stdout
      const env = {
        DATA_DIR: dir,
        DATABASE_URL: `${database.url}?options=${encodeURIComponent(`-c search_path=${database.schema}`)}`,
        LEDGER_SIGNING_KEY: Buffer.from(key).toString('base64'),
      }
      const seeded = cli(env, 'seed-demo')
      expect(seeded.code, seeded.err).toBe(0)
      const cp = cli(env, 'audit', 'checkpoint', '--out', path.join(dir, 'cp.json'))
      expect(cp.code, cp.err).toBe(0)
      const exported = cli(env, 'audit', 'export', '--out', path.join(dir, 'b.jsonl'))
      expect(exported.code, exported.err).toBe(0)
      const v = cli(
        env,
        'audit',
        'verify',
        '--bundle',
        path.join(dir, 'b.jsonl'),
        '--checkpoint',
        path.join(dir, 'cp.json'),
      )
      expect(v.code, v.out).toBe(0)
    }, 60_000)
  },
)
