import { hash, verify } from '@node-rs/argon2'

// OWASP Password Storage Cheat Sheet: argon2id with at least 19 MiB of memory, 2 iterations,
// 1 degree of parallelism.
const OPTIONS = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 }

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS)
}

// Verified against when the email is unknown, so both failures take the same time.
let decoy: Promise<string> | null = null

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (stored === null) {
    decoy ??= hashPassword('decoy password that matches nothing')
    await verify(await decoy, password)
    return false
  }
  try {
    return await verify(stored, password)
  } catch {
    return false
  }
}
