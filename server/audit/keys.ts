import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto'
import {
  chmodSync,
  linkSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs'
import path from 'node:path'
import type { LedgerPublicKey } from '../../shared/audit-verify'

export const KEY_FILE_NAME = 'ledger-signing-key.pem'

/** The deployment name when none is configured (DEPLOYMENT_NAME). */
export const DEFAULT_DEPLOYMENT = 'concord.localhost'

export interface SigningKey {
  privateKey: KeyObject
  publicKey: LedgerPublicKey
  /** Where the key came from, for the operator: a file path, or "LEDGER_SIGNING_KEY". */
  source: string
  /** The deployment this key signs for: the first part of every checkpoint origin it signs. */
  deployment: string
}

export function describeKey(
  privateKey: KeyObject,
  source: string,
  deployment = DEFAULT_DEPLOYMENT,
): SigningKey {
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new Error(`The ledger signing key (${source}) must be an Ed25519 key.`)
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' })
  return {
    privateKey,
    source,
    deployment,
    publicKey: {
      algorithm: 'Ed25519',
      keyId: createHash('sha256').update(spki).digest('hex'),
      spki: spki.toString('base64'),
      pem: createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString(),
    },
  }
}

function parsePrivateKey(text: string, source: string): KeyObject {
  try {
    if (text.includes('-----BEGIN')) return createPrivateKey(text)
    // An environment variable holds one line more easily: base64 of the PEM, or of the DER.
    const decoded = Buffer.from(text.trim(), 'base64')
    const asText = decoded.toString('utf8')
    return asText.includes('-----BEGIN')
      ? createPrivateKey(asText)
      : createPrivateKey({ key: decoded, format: 'der', type: 'pkcs8' })
  } catch {
    throw new Error(
      `The ledger signing key (${source}) is not a PKCS#8 private key in PEM or base64.`,
    )
  }
}

/**
 * Reads the key file, or makes it (mode 0600) when there is none. Making it goes through a
 * temporary file and a hard link, so two processes starting at once end with one key, never
 * with a half-written file.
 */
function keyFromFile(dataDir: string, create: boolean, deployment: string): SigningKey {
  const file = path.join(dataDir, KEY_FILE_NAME)
  try {
    return describeKey(parsePrivateKey(readFileSync(file, 'utf8'), file), file, deployment)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  if (!create)
    throw new Error(
      `There is no ledger signing key at ${file}. Run this with the server's DATA_DIR (or its LEDGER_SIGNING_KEY); the server makes the key on its first start.`,
    )
  mkdirSync(dataDir, { recursive: true })
  const { privateKey } = generateKeyPairSync('ed25519')
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`
  writeFileSync(temp, pem, { mode: 0o600, flag: 'wx' })
  chmodSync(temp, 0o600) // the umask may have taken bits away, never added; be explicit anyway
  try {
    linkSync(temp, file)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  } finally {
    unlinkSync(temp)
  }
  return describeKey(parsePrivateKey(readFileSync(file, 'utf8'), file), file, deployment)
}

const cache = new Map<string, SigningKey>()

/**
 * The key that signs checkpoints: LEDGER_SIGNING_KEY when configured (every instance of a
 * PostgreSQL deployment must share it), else DATA_DIR/ledger-signing-key.pem. Never stored in the
 * database: whoever can write the database still cannot sign.
 */
export function signingKey(
  config: { dataDir: string; ledgerSigningKey: string | null; deploymentName?: string },
  options: { create?: boolean } = {},
): SigningKey {
  const deployment = config.deploymentName ?? DEFAULT_DEPLOYMENT
  const cacheKey = `${deployment} ${config.ledgerSigningKey ? `env:${config.ledgerSigningKey}` : `dir:${config.dataDir}`}`
  const cached = cache.get(cacheKey)
  if (cached) return cached
  const key = config.ledgerSigningKey
    ? describeKey(
        parsePrivateKey(config.ledgerSigningKey, 'LEDGER_SIGNING_KEY'),
        'LEDGER_SIGNING_KEY',
        deployment,
      )
    : keyFromFile(config.dataDir, options.create ?? true, deployment)
  cache.set(cacheKey, key)
  return key
}

/** The key file's permission bits, for a warning when someone widened them. */
export function keyFileMode(dataDir: string): number | null {
  try {
    return statSync(path.join(dataDir, KEY_FILE_NAME)).mode & 0o777
  } catch {
    return null
  }
}

/** Drops the cached keys (after a rotation, this process must read the new key). */
export function forgetSigningKeys(): void {
  cache.clear()
}

/**
 * Installs a new key file in DATA_DIR, keeping the old one beside it as
 * `ledger-signing-key.<key id>.retired.pem` (mode 0600): through a temporary file and a rename,
 * so the file is always one whole key.
 */
export function replaceKeyFile(dataDir: string, oldKey: SigningKey, newKey: SigningKey): string {
  const file = path.join(dataDir, KEY_FILE_NAME)
  const retired = path.join(
    dataDir,
    `ledger-signing-key.${oldKey.publicKey.keyId.slice(0, 16)}.retired.pem`,
  )
  linkSync(file, retired)
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`
  writeFileSync(temp, newKey.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), {
    mode: 0o600,
    flag: 'wx',
  })
  chmodSync(temp, 0o600)
  renameSync(temp, file)
  forgetSigningKeys()
  return retired
}
