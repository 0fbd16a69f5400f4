/**
 * URLs from user-written markdown: only web links, mail links and links within this site.
 * Everything else (javascript:, vbscript:, data:, file:, unknown schemes) is dropped.
 */
const ALLOWED_SCHEMES = new Set(['http', 'https', 'mailto'])

/** Characters a browser skips inside a URL's scheme, and invisible ones that hide a scheme. */
function isInvisible(code: number): boolean {
  return (
    code <= 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0xad ||
    (code >= 0x200b && code <= 0x200f) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0xfeff
  )
}

export function safeUrl(url: string): string | null {
  // Browsers ignore ASCII whitespace and control characters inside a scheme ("java\tscript:"),
  // so they are removed before the scheme is read, and the cleaned URL is what gets rendered.
  let cleaned = ''
  for (const char of url) if (!isInvisible(char.codePointAt(0) ?? 0)) cleaned += char
  if (cleaned === '') return null
  const colon = cleaned.indexOf(':')
  const boundary = cleaned.search(/[/?#]/)
  // No scheme at all: a path, query or fragment within this site.
  if (colon === -1 || (boundary !== -1 && boundary < colon)) {
    // "//host" and "\\host" leave the site; they are allowed only as explicit https links.
    if (/^[/\\]{2}/.test(cleaned)) return null
    return cleaned
  }
  const scheme = cleaned.slice(0, colon).toLowerCase()
  return ALLOWED_SCHEMES.has(scheme) ? cleaned : null
}
