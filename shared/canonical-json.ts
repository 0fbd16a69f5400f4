/**
 * JSON Canonicalization Scheme (RFC 8785).
 *
 * Object keys are sorted by their UTF-16 code units, there is no insignificant white space,
 * strings are escaped as ECMAScript's JSON.stringify escapes them, and numbers are written in
 * ECMAScript's shortest round-trip form. Those last two are exactly what RFC 8785 prescribes,
 * which is why the encoder can lean on JSON.stringify for leaves.
 */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue }

/** A value RFC 8785 (and I-JSON, RFC 7493, which it requires) cannot encode. */
export class CanonicalJsonError extends TypeError {}

/** A string that is not Unicode (a lone UTF-16 surrogate) has no UTF-8 form: I-JSON refuses it. */
const LONE_SURROGATE = /\p{Cs}/u

function encodeString(value: string, where: string): string {
  if (LONE_SURROGATE.test(value))
    throw new CanonicalJsonError(`RFC 8785 cannot encode a lone surrogate (${where})`)
  return JSON.stringify(value)
}

/**
 * The RFC 8785 text of a JSON value. Anything that is not an I-JSON value is refused with a
 * CanonicalJsonError rather than silently changed: undefined (anywhere, object members
 * included), holes in arrays, non-finite numbers, lone surrogates in strings or keys, and objects
 * other than plain objects and arrays (Map, Set, Date, class instances).
 */
export function canonicalize(value: unknown, where = 'the value'): string {
  try {
    return encode(value)
  } catch (error) {
    // The fast encoder keeps no path; encoding again with one names where the value fails.
    if (error instanceof CanonicalJsonError) return encodeAt(value, where)
    throw error
  }
}

/** A refusal without its place: `canonicalize` encodes again with `encodeAt` for the message. */
const REFUSED = new CanonicalJsonError('RFC 8785 cannot encode the value')

/**
 * The encoder itself, without the path of each value (building those strings cost more than the
 * encoding): the same text and the same refusals as `encodeAt`, which names the place.
 */
function encode(value: unknown): string {
  if (value === null) return 'null'
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false'
    case 'number':
      if (!Number.isFinite(value)) throw REFUSED
      return JSON.stringify(value)
    case 'string':
      if (LONE_SURROGATE.test(value)) throw REFUSED
      return JSON.stringify(value)
    case 'object': {
      if (Array.isArray(value)) {
        let out = '['
        for (let i = 0; i < value.length; i++) {
          if (!(i in value)) throw REFUSED
          out += i === 0 ? encode(value[i]) : `,${encode(value[i])}`
        }
        return `${out}]`
      }
      const proto = Object.getPrototypeOf(value) as unknown
      if (proto !== Object.prototype && proto !== null) throw REFUSED
      const record = value as Record<string, unknown>
      // Sorting strings without a comparator compares their UTF-16 code units, as RFC 8785 asks.
      const keys = Object.keys(record).sort()
      let out = '{'
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i] as string
        if (LONE_SURROGATE.test(key)) throw REFUSED
        out += `${i === 0 ? '' : ','}${JSON.stringify(key)}:${encode(record[key])}`
      }
      return `${out}}`
    }
    default:
      throw REFUSED
  }
}

/** The encoder that names where a value fails (the path of each member and item). */
function encodeAt(value: unknown, where: string): string {
  if (value === null) return 'null'
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false'
    case 'number':
      if (!Number.isFinite(value))
        throw new CanonicalJsonError(`RFC 8785 cannot encode a non-finite number (${where})`)
      return JSON.stringify(value)
    case 'string':
      return encodeString(value, where)
    case 'object': {
      if (Array.isArray(value)) {
        const items: string[] = []
        for (let i = 0; i < value.length; i++) {
          if (!(i in value))
            throw new CanonicalJsonError(
              `RFC 8785 cannot encode a hole in an array (${where}[${i}])`,
            )
          items.push(encodeAt(value[i], `${where}[${i}]`))
        }
        return `[${items.join(',')}]`
      }
      const proto = Object.getPrototypeOf(value) as unknown
      if (proto !== Object.prototype && proto !== null) {
        const name = (value as object).constructor?.name ?? 'object'
        throw new CanonicalJsonError(`RFC 8785 cannot encode a ${name} (${where}); pass plain JSON`)
      }
      const record = value as Record<string, unknown>
      const keys = Object.keys(record).sort(compareCodeUnits)
      return `{${keys
        .map(
          (key) =>
            `${encodeString(key, `a key of ${where}`)}:${encodeAt(record[key], `${where}.${key}`)}`,
        )
        .join(',')}}`
    }
    case 'undefined':
      throw new CanonicalJsonError(`RFC 8785 cannot encode undefined (${where})`)
    default:
      throw new CanonicalJsonError(
        `RFC 8785 cannot encode a value of type ${typeof value} (${where})`,
      )
  }
}

/** Array.prototype.sort's default order compares UTF-16 code units, as RFC 8785 asks. */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

// ---------------------------------------------------------------------------------------------
// Recognizing canonical text without parsing it.

/** Deeper nesting is left to parsing and encoding, which decide it as they always did. */
const MAX_CHECKED_DEPTH = 64

/**
 * True when `text` is already the RFC 8785 form of the JSON value it holds, that is
 * `canonicalize(JSON.parse(text)) === text`, decided in one pass over the characters without
 * building the value: no white space; keys in strictly increasing UTF-16 order (so none twice);
 * each string written as JSON.stringify writes it, with no lone surrogate; each number in
 * ECMAScript's shortest form. False means only "not shown canonical here" (nesting deeper than
 * 64 levels, for one): the caller then parses and encodes. A verifier hashes canonical text as it
 * is and so skips the parse and the encoding for the stored payloads, which are all canonical.
 */
export function isCanonicalJson(text: string): boolean {
  return scanValue(text, 0, 0) === text.length
}

// Each scanner takes the text and the position of a token's first character, and returns the
// position just after the token, or -1 when the token is not canonical.

function scanValue(s: string, i: number, depth: number): number {
  switch (s.charCodeAt(i)) {
    case 0x22: // "
      return scanString(s, i)
    case 0x7b: // {
      return scanObject(s, i, depth)
    case 0x5b: // [
      return scanArray(s, i, depth)
    case 0x74: // t
      return s.startsWith('true', i) ? i + 4 : -1
    case 0x66: // f
      return s.startsWith('false', i) ? i + 5 : -1
    case 0x6e: // n
      return s.startsWith('null', i) ? i + 4 : -1
    default:
      return scanNumber(s, i)
  }
}

/** A number token is canonical when it is ECMAScript's own text for the number it denotes. */
function scanNumber(s: string, start: number): number {
  let i = start
  for (;;) {
    const c = s.charCodeAt(i)
    // digits, '+', '-', '.', 'e', 'E'
    if (
      (c >= 0x30 && c <= 0x39) ||
      c === 0x2b ||
      c === 0x2d ||
      c === 0x2e ||
      c === 0x65 ||
      c === 0x45
    )
      i++
    else break
  }
  if (i === start) return -1
  // One digit: canonical exactly when it is one (a lone '-', '+', '.', 'e' is no number).
  if (i === start + 1) return s.charCodeAt(start) <= 0x39 && s.charCodeAt(start) >= 0x30 ? i : -1
  const token = s.slice(start, i)
  const value = Number(token)
  // String() of a finite number is JSON.stringify's (and so RFC 8785's) text of it; the token
  // is then also valid JSON, and JSON.parse reads the same double from it.
  return Number.isFinite(value) && String(value) === token ? i : -1
}

/**
 * A string token written as JSON.stringify writes a string without lone surrogates: `"` and `\`
 * escaped, \b \t \n \f \r as such, the other controls as \u00xx in lowercase, every other
 * character (surrogate pairs included) as itself.
 */
function scanString(s: string, start: number): number {
  let i = start + 1
  for (;;) {
    const c = s.charCodeAt(i)
    if (c === 0x22) return i + 1
    if (c >= 0x20 && c < 0xd800 && c !== 0x5c) {
      i++
      continue
    }
    if (!(c >= 0x20)) return -1 // a raw control character, or the end of the text (NaN)
    if (c === 0x5c) {
      const e = s.charCodeAt(i + 1)
      // \" \\ \b \f \n \r \t
      if (
        e === 0x22 ||
        e === 0x5c ||
        e === 0x62 ||
        e === 0x66 ||
        e === 0x6e ||
        e === 0x72 ||
        e === 0x74
      ) {
        i += 2
        continue
      }
      if (e !== 0x75) return -1 // \/ and anything else: JSON.stringify never writes them
      // \u00xx, only for a control character that has no short escape
      if (s.charCodeAt(i + 2) !== 0x30 || s.charCodeAt(i + 3) !== 0x30) return -1
      const hi = s.charCodeAt(i + 4)
      const lo = s.charCodeAt(i + 5)
      const low = lo >= 0x30 && lo <= 0x39 ? lo - 0x30 : lo >= 0x61 && lo <= 0x66 ? lo - 0x57 : -1
      if ((hi !== 0x30 && hi !== 0x31) || low < 0) return -1
      const code = (hi - 0x30) * 16 + low
      if (code === 0x08 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d)
        return -1
      i += 6
    } else if (c <= 0xdfff) {
      // a surrogate: only a high one followed by a low one
      const d = s.charCodeAt(i + 1)
      if (c >= 0xdc00 || !(d >= 0xdc00 && d <= 0xdfff)) return -1
      i += 2
    } else i++
  }
}

function scanArray(s: string, start: number, depth: number): number {
  if (depth >= MAX_CHECKED_DEPTH) return -1
  let i = start + 1
  if (s.charCodeAt(i) === 0x5d) return i + 1
  for (;;) {
    i = scanValue(s, i, depth + 1)
    if (i < 0) return -1
    const c = s.charCodeAt(i++)
    if (c === 0x5d) return i
    if (c !== 0x2c) return -1
  }
}

function scanObject(s: string, start: number, depth: number): number {
  if (depth >= MAX_CHECKED_DEPTH) return -1
  let i = start + 1
  if (s.charCodeAt(i) === 0x7d) return i + 1
  let previous: string | null = null
  for (;;) {
    if (s.charCodeAt(i) !== 0x22) return -1
    const end = scanString(s, i)
    if (end < 0) return -1
    let key = s.slice(i + 1, end - 1)
    if (key.includes('\\')) key = JSON.parse(s.slice(i, end)) as string
    // Strictly increasing by UTF-16 code units (JavaScript's own string order): sorted, no twins.
    if (previous !== null && !(previous < key)) return -1
    previous = key
    if (s.charCodeAt(end) !== 0x3a) return -1
    i = scanValue(s, end + 1, depth + 1)
    if (i < 0) return -1
    const c = s.charCodeAt(i++)
    if (c === 0x7d) return i
    if (c !== 0x2c) return -1
  }
}
