/**
 * The operator's command line: `npm run concord -- <command>`. It uses the server's configuration
 * (DATA_DIR, DATABASE_URL, ...) and its code paths: every change is one writeTransaction with its
 * ledger event, made by the system actor. `audit verify` needs neither database nor server.
 */
import {
  createReadStream,
  createWriteStream,
  existsSync,
  readFileSync,
  writeFileSync,
} from 'node:fs'
import { createInterface } from 'node:readline'
import { type ParseArgsConfig, parseArgs } from 'node:util'
import { z } from 'zod'
import { connect, type Db, writeTransaction } from '../db/connect'
import { migrateToLatest } from '../db/migrate'
import { BundleFormatError, parseSavedCheckpoint, verifyBundleLines } from '../shared/audit-bundle'
import { describeReport } from '../shared/audit-verify'
import { DomainError } from '../shared/errors'
import { verifyConsistency, verifyInclusion } from '../shared/merkle'
import { ROLES, type Role } from '../shared/roles'
import { createUserInput, partyCode } from '../shared/schemas/admin'
import {
  base64Decode,
  formatSignerKey,
  formatVerifierKey,
  generateSignerKey,
  isValidKeyName,
  NoteError,
  parseVerifierKey,
  SIGNATURE_TYPE_COSIGNATURE_V1,
} from '../shared/signed-note'
import { CERTIFICATE_USAGE, certificateCommand } from './audit/certificate-command'
import { makeCheckpoint } from './audit/checkpoints'
import { replaceKeyFile, type SigningKey, signingKey } from './audit/keys'
import { SYSTEM_ACTOR } from './audit/ledger'
import { nodeSha256 } from './audit/ledger-row'
import { proveConsistency, proveEvent } from './audit/proofs'
import { writeBundle } from './audit/query'
import { newSigningKey, rotateSigningKey } from './audit/rotate-key'
import { verifyLedger } from './audit/verify'
import { FULL_VIEW, viewerOf } from './audit/visibility'
import { httpTransport, WitnessRefusal, witnessOnce } from './audit/witness-client'
import { backup, restore } from './backup'
import { type AppConfig, loadConfig } from './config'
import { seedDemoWithHistory } from './demo/history'
import { seedDemo } from './demo/seed'
import { addParty, addPartyAdmin, refuseOnceThePartyHasAdmins } from './domain/people/operator'
import { createUser, loadSessionUser, normalizeEmail, setRoles } from './domain/users'
import { checkSigningKey } from './startup'

const USAGE = `Concord command line

Usage: npm run concord -- <command> [options]

Commands:
  migrate                       Bring the database up to date (and make the checkpoint
                                signing key if there is none yet).
  seed-demo [--history]         Migrate, then load the Honda–Nissan demo partnership unless it
                                is there already; prints the demo accounts when it loads them.
                                With --history, also its first year of proposals and decisions
                                (as the server's first start does).
  serve                         Start the server (the same as npm start).
  user add --email E --password P --name N --party CODE|none --role ROLE [--role ROLE2]
           [--partnership ID|SLUG] [--locale en|ja]
                                Create an account with roles in one partnership. Roles: member,
                                workstream-lead, partnership-lead, auditor, admin. --party none
                                for a person of no party (an external auditor). --partnership
                                may be left out when there is only one.
  party add --code CODE --name NAME [--name-ja NAME] [--partnership ID|SLUG]
                                Add a party (or find it by its code) and make it a party to the
                                partnership.
  party add-admin --party CODE --email E --password P --name N [--partnership ID|SLUG]
                  [--locale en|ja]
                                Create a party's first admin. From then on the party's own
                                admins manage its people; power roles need a second person.
  audit export --out FILE [--as EMAIL] [--allow-broken]
                                Write a verifiable bundle of the whole ledger (JSON Lines:
                                header with the public key, checkpoints, events). With --as,
                                only what that account may read: other payloads are left out
                                and the bundle still verifies.
  audit verify --bundle FILE [--checkpoint CP_FILE] [--public-key PEM_FILE] [--progress]
                                Verify a bundle offline: no database, no server. Exit code 0
                                only when the chain and every checkpoint hold. --checkpoint
                                checks that a checkpoint saved earlier is still on the chain;
                                --public-key checks signatures against a key you trust rather
                                than the one in the bundle.
  audit checkpoint [--out FILE]
                                Sign a checkpoint over the ledger's head now; print it, or save
                                it to FILE for later --checkpoint checks.
  audit prove --seq N [--size S] [--out FILE]
                                The inclusion proof of event N in its Merkle tree (its
                                partnership's, or the deployment-wide one), against the newest
                                signed checkpoint that covers it or the tree of S entries; JSON,
                                checked before it is printed (docs/ledger-spec.md §5).
  audit consistency --from A [--to B] [--partnership ID|SLUG | --log deployment] [--out FILE]
                                The consistency proof that the tree of B entries (default: the
                                newest signed checkpoint) extends the tree of A entries; JSON,
                                checked before it is printed.
${CERTIFICATE_USAGE}
  audit rotate-key [--new-key PEM_FILE]
                                Replace the checkpoint signing key: records the change in the
                                ledger under a checkpoint signed by the old key, installs the
                                new key (DATA_DIR; the old one is kept as *.retired.pem) and
                                signs a first checkpoint with it. Stop the server first. With
                                LEDGER_SIGNING_KEY set, --new-key is required; set the variable
                                to the new key before starting the server again.
  witness keygen --name NAME --out FILE
                                Make a witness key (Ed25519, cosignature/v1): the secret key
                                goes to FILE (mode 0600); prints the verifier key a party admin
                                registers with audit.addWitness.
  witness --url URL --partnership ID --email E --password-file F --key FILE --state FILE
          --log-key VKEY [--log partnership|deployment]
                                Run by a party on its own machine: fetch the tree's newest
                                checkpoint and a consistency proof from the one in the state
                                file, verify both, save the new state, send back a cosignature.
                                Exit 3, with REFUSED on stderr, on a rollback or a split view.
  backup --out FILE             Take a consistent online backup while the server runs: SQLite's
                                online backup (a SQLite file), or on PostgreSQL a logical backup
                                read in one snapshot (JSON Lines). Sessions are not included.
  restore --from FILE           Restore a backup into the configured database, which must be
                                empty (a new DATA_DIR or a new PostgreSQL database or schema).
                                Stop the server first; verify with "audit export" + "audit verify".
  help                          Show this text.

Configuration comes from the environment, as for the server: DATA_DIR (default ./data),
DATABASE_URL (postgres://...; SQLite under DATA_DIR when unset), LEDGER_SIGNING_KEY.

Exit codes: 0 success, 1 the command failed (or a bundle does not verify), 2 misuse,
3 the witness refused a checkpoint (rollback or split view).`

class UsageError extends Error {}

/** Anything the person at the terminal can act on; printed without a stack. */
class CliError extends Error {}

type Values = Record<string, string | boolean | string[] | boolean[] | undefined>

function parse(
  args: string[],
  options: NonNullable<ParseArgsConfig['options']>,
): { values: Values } {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }) as {
      values: Values
    }
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
}

function required(values: Record<string, unknown>, name: string): string {
  const value = values[name]
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required.`)
  return value
}

function config(): AppConfig {
  return loadConfig(process.env)
}

async function withDb<T>(work: (db: Db, config: AppConfig) => Promise<T>): Promise<T> {
  const cfg = config()
  const db = connect(cfg.database)
  try {
    return await work(db, cfg)
  } finally {
    await db.destroy()
  }
}

function where(cfg: AppConfig): string {
  return cfg.database.kind === 'sqlite' ? cfg.database.file : 'PostgreSQL (DATABASE_URL)'
}

async function migrateCommand(args: string[]): Promise<number> {
  parse(args, {})
  await withDb(async (db, cfg) => {
    const ran = await migrateToLatest(db)
    console.log(
      ran.length ? `Migrated ${where(cfg)}: ${ran.join(', ')}` : `${where(cfg)} is up to date.`,
    )
    // Once the ledger has checkpoints, never a new key in place of a missing one (ADR 0011).
    const key = await checkSigningKey(db, cfg, (create) => signingKey(cfg, { create }))
    console.log(`Checkpoint signing key: ${key.source} (key id ${key.publicKey.keyId}).`)
  })
  return 0
}

async function seedDemoCommand(args: string[]): Promise<number> {
  const { values } = parse(args, { history: { type: 'boolean' } })
  await withDb(async (db, cfg) => {
    await migrateToLatest(db)
    await checkSigningKey(db, cfg, (create) => signingKey(cfg, { create }))
    // --history: the demo as the server's first start loads it, with its year of history.
    const password = cfg.demoPassword
    const seeded = values.history
      ? await seedDemoWithHistory(db, { password })
      : await seedDemo(db, { password })
    if (seeded.accounts.length === 0) {
      console.log('The demo partnership is there already; nothing was loaded.')
      return
    }
    console.log(`Loaded the demo partnership. Accounts, all with the password ${cfg.demoPassword}:`)
    for (const a of seeded.accounts)
      console.log(
        `  ${a.email.padEnd(34)} ${(a.party ?? 'external').padEnd(8)} ${a.roles.join(', ')}`,
      )
  })
  return 0
}

async function serveCommand(args: string[]): Promise<number> {
  parse(args, {})
  const { startServer } = await import('./main')
  await startServer(process.env)
  return -1 // keeps running until a signal
}

const ROLE_NAMES: Record<string, Role> = Object.fromEntries(
  ROLES.flatMap((r) => [
    [r, r],
    [r.replaceAll('_', '-'), r],
  ]),
)

const FLAG_OF: Record<string, string> = {
  email: '--email',
  name: '--name',
  password: '--password',
  partyCode: '--party',
  locale: '--locale',
}

async function userAddCommand(args: string[]): Promise<number> {
  const { values } = parse(args, {
    email: { type: 'string' },
    password: { type: 'string' },
    name: { type: 'string' },
    party: { type: 'string' },
    role: { type: 'string', multiple: true },
    partnership: { type: 'string' },
    locale: { type: 'string' },
  })
  const party = required(values, 'party')
  const roleArgs = (values.role as string[] | undefined) ?? []
  if (roleArgs.length === 0) throw new UsageError('--role is required (at least one).')
  const roles = roleArgs.map((r) => {
    const role = ROLE_NAMES[r]
    if (!role)
      throw new UsageError(
        `--role ${r}: not a role; use member, workstream-lead, partnership-lead, auditor or admin.`,
      )
    return role
  })
  const input = createUserInput.safeParse({
    email: required(values, 'email'),
    password: required(values, 'password'),
    name: required(values, 'name'),
    partyCode: party === 'none' ? null : party,
    locale: values.locale,
  })
  if (!input.success) {
    const issue = input.error.issues[0]
    const field = String(issue?.path[0] ?? '')
    throw new UsageError(`${FLAG_OF[field] ?? field}: ${issue?.message ?? 'invalid'}`)
  }
  await withDb(async (db) => {
    await migrateToLatest(db)
    const partnership = await choosePartnership(db, values.partnership as string | undefined)
    const { id } = await writeTransaction(db, async (trx) => {
      await refuseOnceThePartyHasAdmins(trx, partnership.id, input.data.partyCode)
      const user = await createUser(trx, SYSTEM_ACTOR, input.data)
      await setRoles(trx, SYSTEM_ACTOR, {
        userId: user.id,
        partnershipId: partnership.id,
        roles,
      })
      return user
    })
    console.log(
      `Created ${normalizeEmail(input.data.email)} (${input.data.partyCode ?? 'no party'}; id ${id}) with the roles ${[...new Set(roles)].join(', ')} in ${partnership.name}.`,
    )
  })
  return 0
}

async function partyAddCommand(args: string[]): Promise<number> {
  const { values } = parse(args, {
    code: { type: 'string' },
    name: { type: 'string' },
    'name-ja': { type: 'string' },
    partnership: { type: 'string' },
  })
  const code = partyCode.safeParse(required(values, 'code'))
  if (!code.success) throw new UsageError(`--code: ${code.error.issues[0]?.message ?? 'invalid'}`)
  const name = required(values, 'name')
  await withDb(async (db) => {
    await migrateToLatest(db)
    const partnership = await choosePartnership(db, values.partnership as string | undefined)
    await addParty(db, {
      code: code.data,
      name,
      nameJa: (values['name-ja'] as string | undefined) ?? name,
      partnershipId: partnership.id,
    })
    console.log(`${code.data} (${name}) is a party to ${partnership.name}.`)
  })
  return 0
}

async function partyAddAdminCommand(args: string[]): Promise<number> {
  const { values } = parse(args, {
    party: { type: 'string' },
    email: { type: 'string' },
    password: { type: 'string' },
    name: { type: 'string' },
    partnership: { type: 'string' },
    locale: { type: 'string' },
  })
  const input = createUserInput.safeParse({
    email: required(values, 'email'),
    password: required(values, 'password'),
    name: required(values, 'name'),
    partyCode: required(values, 'party'),
    locale: values.locale,
  })
  if (!input.success) {
    const issue = input.error.issues[0]
    const field = String(issue?.path[0] ?? '')
    throw new UsageError(`${FLAG_OF[field] ?? field}: ${issue?.message ?? 'invalid'}`)
  }
  await withDb(async (db) => {
    await migrateToLatest(db)
    const partnership = await choosePartnership(db, values.partnership as string | undefined)
    const { id } = await addPartyAdmin(db, {
      ...input.data,
      partyCode: input.data.partyCode as string,
      partnershipId: partnership.id,
    })
    console.log(
      `Created ${normalizeEmail(input.data.email)} (id ${id}), admin of ${input.data.partyCode} in ${partnership.name}.`,
    )
  })
  return 0
}

async function choosePartnership(db: Db, wanted: string | undefined) {
  const all = await db
    .selectFrom('partnerships')
    .select(['id', 'slug', 'name'])
    .orderBy('created_at')
    .execute()
  if (wanted) {
    const found = all.find((p) => p.id === wanted || p.slug === wanted)
    if (!found)
      throw new CliError(
        `--partnership ${wanted}: no such partnership. There are: ${all.map((p) => `${p.slug} (${p.id})`).join(', ') || 'none'}.`,
      )
    return found
  }
  const [only] = all
  if (all.length === 1 && only) return only
  if (all.length === 0)
    throw new CliError(
      'There is no partnership yet: load the demo (npm run concord -- seed-demo) or create one first.',
    )
  throw new UsageError(
    `--partnership is required: there are ${all.length} partnerships: ${all.map((p) => `${p.slug} (${p.id})`).join(', ')}.`,
  )
}

async function auditExportCommand(args: string[]): Promise<number> {
  const { values } = parse(args, {
    out: { type: 'string' },
    as: { type: 'string' },
    'allow-broken': { type: 'boolean' },
  })
  const out = required(values, 'out')
  const as = values.as as string | undefined
  await withDb(async (db, cfg) => {
    const key = signingKey(cfg, { create: false })
    // A broken ledger is not exported unless asked for (as evidence): the bundle then verifies
    // as broken, and this says so first.
    const report = await verifyLedger(db, { publicKey: key.publicKey, full: true })
    if (!report.ok) {
      if (!values['allow-broken'])
        throw new CliError(
          `The ledger does not verify: ${describeReport(report)} Not exported; pass --allow-broken to export it as evidence anyway.`,
        )
      console.error(`WARNING: the ledger does not verify: ${describeReport(report)}`)
    }
    let viewer = FULL_VIEW
    let who: { email: string | null; party: string | null } = { email: null, party: null }
    if (as !== undefined) {
      const row = await db
        .selectFrom('users')
        .select('id')
        .where('email', '=', normalizeEmail(as))
        .executeTakeFirst()
      const user = row ? await loadSessionUser(db, row.id) : null
      if (!user) throw new CliError(`--as ${as}: no active account with this email.`)
      viewer = viewerOf(user)
      who = { email: user.email, party: user.partyCode }
    }
    const stream = createWriteStream(out, { mode: 0o600 })
    const failed = new Promise<never>((_, reject) =>
      stream.once('error', (e) => reject(new CliError(`--out ${out}: ${e.message}`))),
    )
    failed.catch(() => {})
    const write = async (line: string) => {
      if (!stream.write(`${line}\n`))
        await Promise.race([new Promise((r) => stream.once('drain', () => r(null))), failed])
    }
    const written = await Promise.race([writeBundle(db, viewer, key, who, write), failed])
    await Promise.race([new Promise<void>((r) => stream.end(() => r())), failed])
    console.log(
      `Wrote ${written.events} events and ${written.checkpoints} checkpoints to ${out} (${who.email ? `as ${who.email}, redacted for that account` : 'full view'}).`,
    )
    console.log(`Head: sequence ${written.headSeq}, hash ${written.headHash}.`)
    console.log(`Public key id: ${key.publicKey.keyId}`)
  })
  return 0
}

function readFileOrFail(file: string, flag: string): string {
  if (!existsSync(file)) throw new CliError(`${flag} ${file}: no such file.`)
  return readFileSync(file, 'utf8')
}

async function auditVerifyCommand(args: string[]): Promise<number> {
  const { values } = parse(args, {
    bundle: { type: 'string' },
    checkpoint: { type: 'string', multiple: true },
    'public-key': { type: 'string' },
    progress: { type: 'boolean' },
  })
  const bundle = required(values, 'bundle')
  if (!existsSync(bundle)) throw new CliError(`--bundle ${bundle}: no such file.`)
  const saved = ((values.checkpoint as string[] | undefined) ?? []).map((file) => {
    try {
      return parseSavedCheckpoint(readFileOrFail(file, '--checkpoint'))
    } catch (error) {
      if (error instanceof BundleFormatError)
        throw new CliError(`--checkpoint ${file}: ${error.message}`)
      throw error
    }
  })
  const pinned = values['public-key']
    ? readFileOrFail(values['public-key'] as string, '--public-key')
    : undefined
  const showProgress = values.progress === true || process.stderr.isTTY === true
  const lines = createInterface({
    input: createReadStream(bundle, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  })
  let drawn = false
  const startedAt = Date.now()
  const onProgress = (checked: number, total: number) => {
    // Only long runs get a bar: a small bundle verifies before anyone could read one.
    if (!showProgress || total < 5000 || Date.now() - startedAt < 300) return
    const width = 30
    const share = total > 0 ? Math.min(1, checked / total) : 1
    const bar = '#'.repeat(Math.round(share * width)).padEnd(width, '.')
    process.stderr.write(`\r[${bar}] ${Math.round(share * 100)}% ${checked}/${total} events`)
    drawn = true
  }
  let result: Awaited<ReturnType<typeof verifyBundleLines>>
  try {
    result = await verifyBundleLines(lines, {
      saved,
      pinnedPublicKeyPem: pinned,
      onProgress,
      sha256: nodeSha256,
    })
  } catch (error) {
    if (error instanceof BundleFormatError)
      throw new CliError(`--bundle ${bundle} is not a Concord audit bundle: ${error.message}.`)
    throw error
  } finally {
    lines.close()
  }
  if (drawn) process.stderr.write('\n')
  const { header, report } = result
  const viewer = header.viewer?.email
    ? `as seen by ${header.viewer.email} (payloads that account may not read are left out)`
    : 'full view'
  console.log(`Bundle exported ${header.exportedAt}, ${viewer}.`)
  console.log(
    `Public key id: ${report.keyId ?? 'none'}${pinned ? ' (checked against --public-key)' : ' (from the bundle)'}`,
  )
  for (const cp of saved) {
    const broken = !report.ok && report.seq <= cp.seq
    console.log(
      broken
        ? `Saved checkpoint #${cp.number} (sequence ${cp.seq}): NOT confirmed, see below.`
        : `Saved checkpoint #${cp.number} (sequence ${cp.seq}): holds; today's chain still has head hash ${cp.headHash} there.`,
    )
  }
  // Version 3 bundles (ADR 0035): the signed tree roots reproduced, and what the witnesses vouch for.
  for (const tree of result.trees) {
    const signed = result.treeCheckpoints.filter((t) => t.log === tree.log).length
    console.log(
      `Tree ${tree.log}: ${tree.size} entries, ${signed} signed checkpoint(s) reproduced; ${tree.witnessedSize > 0 ? `witnessed by every witness up to ${tree.witnessedSize}, ${tree.afterWitnessed} after it` : 'no checkpoint witnessed by every witness'}.`,
    )
  }
  console.log(describeReport(report))
  return report.ok ? 0 : 1
}

async function auditCheckpointCommand(args: string[]): Promise<number> {
  const { values } = parse(args, { out: { type: 'string' } })
  await withDb(async (db, cfg) => {
    const key = signingKey(cfg, { create: false })
    const checkpoint = await makeCheckpoint(db, key, SYSTEM_ACTOR, { reason: 'request' })
    const text = `${JSON.stringify({ checkpoint, publicKey: key.publicKey }, null, 2)}\n`
    if (values.out) {
      const out = createWriteStream(values.out as string)
      await new Promise<void>((resolve, reject) => {
        out.once('error', (e) => reject(new CliError(`--out ${values.out}: ${e.message}`)))
        out.end(text, () => resolve())
      })
      console.log(
        `Checkpoint #${checkpoint?.number} at sequence ${checkpoint?.seq} saved to ${values.out}.`,
      )
    } else {
      process.stdout.write(text)
    }
  })
  return 0
}

// --- audit prove / audit consistency (docs/ledger-spec.md §5) ---

function wholeNumber(values: Values, name: string, min: number): number | undefined {
  const raw = values[name]
  if (raw === undefined) return undefined
  if (typeof raw !== 'string' || !/^(0|[1-9][0-9]*)$/.test(raw) || Number(raw) < min)
    throw new UsageError(`--${name} must be a whole number of at least ${min}.`)
  const n = Number(raw)
  if (!Number.isSafeInteger(n)) throw new UsageError(`--${name} is too large.`)
  return n
}

async function writeJson(value: unknown, out: string | undefined): Promise<void> {
  const text = `${JSON.stringify(value, null, 2)}\n`
  if (!out) {
    process.stdout.write(text)
    return
  }
  const stream = createWriteStream(out)
  await new Promise<void>((resolve, reject) => {
    stream.once('error', (e) => reject(new CliError(`--out ${out}: ${e.message}`)))
    stream.end(text, () => resolve())
  })
}

/** A DomainError from the proofs names an input field; on the command line it is a flag. */
function asCliError(error: unknown, flags: Record<string, string>): never {
  if (error instanceof DomainError)
    throw new CliError(
      error.field && flags[error.field] ? `${flags[error.field]}: ${error.message}` : error.message,
    )
  throw error
}

async function auditProveCommand(args: string[]): Promise<number> {
  const { values } = parse(args, {
    seq: { type: 'string' },
    size: { type: 'string' },
    out: { type: 'string' },
  })
  required(values, 'seq')
  const seq = wholeNumber(values, 'seq', 1) as number
  const size = wholeNumber(values, 'size', 1)
  return withDb(async (db, cfg) => {
    const key = signingKey(cfg, { create: false })
    const proof = await proveEvent(db, key, null, { seq, size }).catch((e: unknown) =>
      asCliError(e, { seq: '--seq', size: '--size' }),
    )
    // The operator's own database could be altered: the proof is checked before it leaves.
    const leafHash = base64Decode(proof.leafHash) as Uint8Array
    const ok = verifyInclusion(
      proof.treeSize,
      proof.leafIndex,
      leafHash,
      proof.proof.map((h) => base64Decode(h) as Uint8Array),
      base64Decode(proof.rootHash) as Uint8Array,
    )
    if (!ok)
      throw new CliError(
        `The stored tree does not prove event ${seq}: its stored hashes were altered. Run "audit export" and "audit verify".`,
      )
    await writeJson(proof, values.out as string | undefined)
    if (values.out)
      console.log(
        `Event ${seq} is entry ${proof.leafIndex + 1} of ${proof.treeSize} in ${proof.origin}; proof saved to ${values.out}.`,
      )
    return 0
  })
}

async function auditConsistencyCommand(args: string[]): Promise<number> {
  const { values } = parse(args, {
    from: { type: 'string' },
    to: { type: 'string' },
    partnership: { type: 'string' },
    log: { type: 'string' },
    out: { type: 'string' },
  })
  required(values, 'from')
  const from = wholeNumber(values, 'from', 0) as number
  const to = wholeNumber(values, 'to', 0)
  const log = (values.log as string | undefined) ?? 'partnership'
  if (log !== 'partnership' && log !== 'deployment')
    throw new UsageError('--log must be partnership or deployment.')
  if (log === 'deployment' && values.partnership !== undefined)
    throw new UsageError('--log deployment and --partnership do not go together.')
  return withDb(async (db, cfg) => {
    const key = signingKey(cfg, { create: false })
    const partnershipId =
      log === 'deployment'
        ? ''
        : (await choosePartnership(db, values.partnership as string | undefined)).id
    const proof = await proveConsistency(db, key, partnershipId, { log, from, to }).catch(
      (e: unknown) => asCliError(e, { from: '--from', to: '--to' }),
    )
    const ok = verifyConsistency(
      proof.from,
      proof.to,
      base64Decode(proof.fromRoot) as Uint8Array,
      base64Decode(proof.toRoot) as Uint8Array,
      proof.proof.map((h) => base64Decode(h) as Uint8Array),
    )
    if (!ok)
      throw new CliError(
        `The stored tree of ${proof.origin} does not prove that ${proof.to} entries extend ${proof.from}: its stored hashes were altered.`,
      )
    await writeJson(proof, values.out as string | undefined)
    if (values.out)
      console.log(
        `The tree of ${proof.to} entries of ${proof.origin} extends the tree of ${proof.from}; proof saved to ${values.out}.`,
      )
    return 0
  })
}

// --- concord witness (docs/ledger-spec.md §8.1) ---

async function witnessKeygenCommand(args: string[]): Promise<number> {
  const { values } = parse(args, { name: { type: 'string' }, out: { type: 'string' } })
  const name = required(values, 'name')
  const out = required(values, 'out')
  if (!isValidKeyName(name)) throw new UsageError('--name must have no spaces and no "+".')
  const key = await generateSignerKey(name, SIGNATURE_TYPE_COSIGNATURE_V1)
  try {
    writeFileSync(out, `${formatSignerKey(key)}\n`, { mode: 0o600, flag: 'wx' })
  } catch (error) {
    throw new CliError(`--out ${out}: ${(error as Error).message}`)
  }
  console.log(`Witness key saved to ${out} (keep it secret). Its verifier key, to register:`)
  console.log(formatVerifierKey(key))
  return 0
}

async function witnessCommand(args: string[]): Promise<number> {
  if (args[0] === 'keygen') return witnessKeygenCommand(args.slice(1))
  const { values } = parse(args, {
    url: { type: 'string' },
    partnership: { type: 'string' },
    email: { type: 'string' },
    'password-file': { type: 'string' },
    key: { type: 'string' },
    state: { type: 'string' },
    'log-key': { type: 'string' },
    log: { type: 'string' },
  })
  const log = (values.log as string | undefined) ?? 'partnership'
  if (log !== 'partnership' && log !== 'deployment')
    throw new UsageError('--log must be partnership or deployment.')
  const url = required(values, 'url')
  const partnershipId = required(values, 'partnership')
  const email = required(values, 'email')
  const password = readFileOrFail(required(values, 'password-file'), '--password-file').trim()
  const witnessKey = readFileOrFail(required(values, 'key'), '--key').trim()
  const stateFile = required(values, 'state')
  const logKey = required(values, 'log-key')
  try {
    parseVerifierKey(logKey)
  } catch (error) {
    throw new UsageError(`--log-key: ${(error as Error).message}.`)
  }
  try {
    const transport = await httpTransport({ url, partnershipId, email, password })
    const run = await witnessOnce({ transport, log, logKey, witnessKey, stateFile })
    console.log(
      run.from === run.to
        ? `Cosigned ${run.origin} at ${run.to} entries again (nothing new since the last run).`
        : `Verified that ${run.origin} at ${run.to} entries extends ${run.from}; cosigned and sent.`,
    )
    return 0
  } catch (error) {
    if (error instanceof WitnessRefusal) {
      console.error(`REFUSED (${error.kind.replace('_', ' ')}): ${error.message}`)
      console.error(
        `The state file ${stateFile} was left as it was. Reported to your party's leads, admins and auditors in Concord (audit.witnessRefused) when the server took it.`,
      )
      return 3
    }
    if (error instanceof NoteError) throw new CliError(error.message)
    throw error
  }
}

// --- audit rotate-key (helper "hardening"; docs/decisions/0011-hardening.md) ---
async function auditRotateKeyCommand(args: string[]): Promise<number> {
  const { values } = parse(args, { 'new-key': { type: 'string' } })
  const newKeyFile = values['new-key'] as string | undefined
  await withDb(async (db, cfg) => {
    const from = signingKey(cfg, { create: false })
    let to: SigningKey
    try {
      to = newSigningKey(newKeyFile ? readFileOrFail(newKeyFile, '--new-key') : undefined)
    } catch (error) {
      if (error instanceof CliError) throw error
      throw new CliError(`--new-key ${newKeyFile}: not an Ed25519 private key in PKCS#8 PEM.`)
    }
    if (cfg.ledgerSigningKey && !newKeyFile)
      throw new UsageError(
        '--new-key is required while LEDGER_SIGNING_KEY is set: make the new key yourself, so you can store it where the variable comes from.',
      )
    let retired: string | null = null
    const rotation = await rotateSigningKey(db, from, to, (key) => {
      if (!cfg.ledgerSigningKey) retired = replaceKeyFile(cfg.dataDir, from, key)
    })
    console.log(
      `Rotated the signing key: ${from.publicKey.keyId} -> ${to.publicKey.keyId}. The old key signed checkpoint #${rotation.handover.number} over the change (sequence ${rotation.handover.seq}); the new key signed checkpoint #${rotation.first.number}.`,
    )
    console.log(
      cfg.ledgerSigningKey
        ? 'Now set LEDGER_SIGNING_KEY to the new key (the --new-key file) on every instance before starting them again.'
        : `The new key is in ${from.source}; the old one was kept as ${retired}.`,
    )
  })
  return 0
}

async function backupCommand(args: string[]): Promise<number> {
  const { values } = parse(args, { out: { type: 'string' } })
  const out = required(values, 'out')
  const cfg = config()
  const result = await backup(cfg.database, out)
  console.log(
    `Backed up ${where(cfg)} to ${result.file}: ledger up to sequence ${result.ledgerHead}${result.rows === undefined ? '' : `, ${result.rows} rows`}.`,
  )
  return 0
}

async function restoreCommand(args: string[]): Promise<number> {
  const { values } = parse(args, { from: { type: 'string' } })
  const from = required(values, 'from')
  const cfg = config()
  const result = await restore(cfg.database, from)
  console.log(`Restored ${from} into ${where(cfg)}: ledger up to sequence ${result.ledgerHead}.`)
  return 0
}

async function run(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv
  switch (command) {
    case undefined:
      throw new UsageError('Name a command.')
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE)
      return 0
    case 'migrate':
      return migrateCommand(argv.slice(1))
    case 'seed-demo':
      return seedDemoCommand(argv.slice(1))
    case 'serve':
      return serveCommand(argv.slice(1))
    case 'backup':
      return backupCommand(argv.slice(1))
    case 'restore':
      return restoreCommand(argv.slice(1))
    case 'user':
      if (sub === 'add') return userAddCommand(rest)
      throw new UsageError(`user ${sub ?? ''}: the only user command is "user add".`)
    case 'party':
      if (sub === 'add') return partyAddCommand(rest)
      if (sub === 'add-admin') return partyAddAdminCommand(rest)
      throw new UsageError(
        `party ${sub ?? ''}: party commands are "party add" and "party add-admin".`,
      )
    case 'witness':
      return witnessCommand(argv.slice(1))
    case 'audit':
      if (sub === 'export') return auditExportCommand(rest)
      if (sub === 'verify') return auditVerifyCommand(rest)
      if (sub === 'checkpoint') return auditCheckpointCommand(rest)
      if (sub === 'rotate-key') return auditRotateKeyCommand(rest)
      if (sub === 'prove') return auditProveCommand(rest)
      if (sub === 'consistency') return auditConsistencyCommand(rest)
      if (sub === 'certificate') return certificateCommand(rest)
      throw new UsageError(
        `audit ${sub ?? ''}: audit commands are "audit export", "audit verify", "audit checkpoint", "audit prove", "audit consistency", "audit certificate" and "audit rotate-key".`,
      )
    default:
      throw new UsageError(`Unknown command "${command}".`)
  }
}

function messageOf(error: unknown): string {
  if (error instanceof z.ZodError) return error.issues.map((i) => i.message).join('; ')
  if (error instanceof DomainError || error instanceof CliError) return error.message
  if (error instanceof Error) {
    // Configuration and key errors are written for people; driver errors get a short form.
    const code = (error as { code?: unknown }).code
    if (code === 'ECONNREFUSED')
      return 'Cannot reach the database (DATABASE_URL): connection refused.'
    return error.message.split('\n').slice(0, 6).join('\n')
  }
  return String(error)
}

// `... | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
})

run(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`error: ${error.message}\n`)
      console.error('Run "npm run concord -- help" for the commands and their options.')
      process.exitCode = 2
      return
    }
    console.error(`error: ${messageOf(error)}`)
    process.exitCode = 1
  },
)
