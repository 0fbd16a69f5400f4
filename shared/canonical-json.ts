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
          items.push(canonicalize(value[i], `${where}[${i}]`))
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
            `${encodeString(key, `a key of ${where}`)}:${canonicalize(record[key], `${where}.${key}`)}`,
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
