/**
 * A4 pages of text in Noto Sans JP, made with pdf-lib: the layout the decision record's PDF
 * (decisions/pdf.ts) and the steering committee's agenda (agenda/export.ts) share. The font comes
 * from the npm package @fontsource/noto-sans-jp (SIL OFL 1.1), cut into slices by character
 * (unicode-range subsets); only the slices holding characters of the document are embedded, so
 * Japanese renders and extracts as text on any reader. A character that no slice has is printed
 * as "?" rather than dropped silently.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { type PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib'
import { woffToSfnt } from './decisions/woff'

const require = createRequire(import.meta.url)
const FONT_DIR = path.dirname(
  require.resolve('@fontsource/noto-sans-jp/files/noto-sans-jp-japanese-400-normal.woff'),
)

const unpacked = new Map<string, Buffer>()

/** A font file as plain OpenType, unpacked once per process. */
function fontBytes(file: string): Buffer {
  let bytes = unpacked.get(file)
  if (!bytes) {
    bytes = woffToSfnt(readFileSync(file))
    unpacked.set(file, bytes)
  }
  return bytes
}

let slices: Map<number, string> | null = null

/**
 * Which numbered slice holds each character, as the package declares it (unicode.json, the
 * ranges its CSS uses): read once, so no font is opened that the record does not need.
 */
function sliceOf(codePoint: number): string | null {
  if (!slices) {
    const declared = JSON.parse(
      readFileSync(path.join(FONT_DIR, '..', 'unicode.json'), 'utf8'),
    ) as Record<string, string>
    slices = new Map()
    for (const [key, ranges] of Object.entries(declared)) {
      const slice = key.match(/^\[(\d+)\]$/)?.[1]
      if (!slice) continue
      for (const range of ranges.split(',')) {
        const [from, to] = range.trim().replace(/^U\+/i, '').split('-')
        const start = Number.parseInt(from ?? '', 16)
        const end = to ? Number.parseInt(to, 16) : start
        for (let cp = start; cp <= end; cp++) if (!slices.has(cp)) slices.set(cp, slice)
      }
    }
  }
  return slices.get(codePoint) ?? null
}

const A4 = { width: 595.28, height: 841.89 }
const MARGIN = { x: 56, top: 56, bottom: 64 }
const INK = rgb(0.08, 0.1, 0.14)
const MUTED = rgb(0.32, 0.35, 0.4)

interface Style {
  size?: number
  bold?: boolean
  indent?: number
  muted?: boolean
  /** space after the paragraph */
  after?: number
}

/** Lays text out on A4 pages: wraps Latin at spaces and Japanese between any two characters. */
export class RecordWriter {
  private page!: PDFPage
  private y = 0
  readonly pages: PDFPage[] = []
  private readonly embedded = new Map<string, PDFFont>()

  constructor(private readonly doc: PDFDocument) {
    this.newPage()
  }

  private newPage() {
    this.page = this.doc.addPage([A4.width, A4.height])
    this.pages.push(this.page)
    this.y = A4.height - MARGIN.top
  }

  private async font(file: string): Promise<PDFFont> {
    let font = this.embedded.get(file)
    if (!font) {
      // Each slice is small (a few hundred glyphs) and goes in whole: pdf-lib's own subsetting
      // of these CFF fonts leaves glyphs that readers do not draw.
      // No ligatures, compositions or localized forms: each character is drawn by the glyph its
      // character map names, which the PDF's ToUnicode map covers. (The font's "fi" ligature and
      // its localized "1" are glyphs outside that map: a reader's copy and paste lost them.)
      font = await this.doc.embedFont(fontBytes(file), {
        features: { liga: false, clig: false, dlig: false, calt: false, ccmp: false, locl: false },
      })
      this.embedded.set(file, font)
    }
    return font
  }

  /** The slice that has this character in this weight, or null when the package has none. */
  private fileFor(cp: number, weight: 400 | 700): string | null {
    const slice = sliceOf(cp)
    return slice === null
      ? null
      : path.join(FONT_DIR, `noto-sans-jp-${slice}-${weight}-normal.woff`)
  }

  /** The text split into runs of one font each. */
  private async runs(text: string, weight: 400 | 700) {
    const out: { text: string; font: PDFFont }[] = []
    for (const ch of text) {
      const cp = ch.codePointAt(0) as number
      const file = this.fileFor(cp, weight)
      const font = await this.font(file ?? this.fileFor(0x3f, 400) ?? '')
      const glyph = file ? ch : '?'
      const last = out.at(-1)
      if (last && last.font === font) last.text += glyph
      else out.push({ text: glyph, font })
    }
    return out
  }

  private readonly widths = new Map<string, number>()

  /** A token's width, measured once: layout in a large font is the costly step. */
  private async width(text: string, size: number, weight: 400 | 700) {
    const key = `${weight}:${text}`
    let unit = this.widths.get(key)
    if (unit === undefined) {
      unit = 0
      for (const run of await this.runs(text, weight))
        unit += run.font.widthOfTextAtSize(run.text, 1)
      this.widths.set(key, unit)
    }
    return unit * size
  }

  /** Words to wrap: runs of Latin letters with their trailing space, single CJK characters. */
  private tokens(text: string): string[] {
    return (
      text.match(
        /[\u3000-\u9fff\uf900-\ufaff\uff00-\uffef]|[^\s\u3000-\u9fff\uf900-\ufaff\uff00-\uffef]+\s*|\s+/gu,
      ) ?? []
    )
  }

  async paragraph(text: string, style: Style = {}) {
    const size = style.size ?? 10
    const weight = style.bold ? 700 : 400
    const indent = style.indent ?? 0
    const maxWidth = A4.width - 2 * MARGIN.x - indent
    const lineHeight = size * 1.5
    for (const rawLine of text.split('\n')) {
      // Greedy fill, token by token; a token's trailing space does not count at a line's end.
      const lines: string[] = []
      let line = ''
      let lineWidth = 0
      for (const token of this.tokens(rawLine)) {
        const w = await this.width(token, size, weight)
        const visible = await this.width(token.trimEnd(), size, weight)
        if (line && lineWidth + visible > maxWidth) {
          lines.push(line.trimEnd())
          line = token.trimStart()
          lineWidth = await this.width(line, size, weight)
        } else {
          line += token
          lineWidth += w
        }
      }
      lines.push(line.trimEnd())
      for (const l of lines) {
        if (this.y - lineHeight < MARGIN.bottom) this.newPage()
        this.y -= lineHeight
        let x = MARGIN.x + indent
        for (const run of await this.runs(l, weight)) {
          this.page.drawText(run.text, {
            x,
            y: this.y + size * 0.3,
            size,
            font: run.font,
            color: style.muted ? MUTED : INK,
          })
          x += run.font.widthOfTextAtSize(run.text, size)
        }
      }
    }
    this.y -= style.after ?? 4
  }

  async heading(text: string, level: 1 | 2 | 3 = 2) {
    // Keep a heading with at least two lines of what follows it.
    if (this.y - 60 < MARGIN.bottom) this.newPage()
    this.y -= level === 1 ? 4 : 10
    await this.paragraph(text, { size: level === 1 ? 17 : level === 2 ? 13 : 11, bold: true })
    if (level === 2) {
      this.page.drawLine({
        start: { x: MARGIN.x, y: this.y + 2 },
        end: { x: A4.width - MARGIN.x, y: this.y + 2 },
        thickness: 0.5,
        color: MUTED,
      })
      this.y -= 4
    }
  }

  /** A label and its value on one line. */
  async fact(label: string, value: string, locale: 'en' | 'ja') {
    await this.paragraph(`${label}${locale === 'ja' ? '：' : ': '}${value}`, { after: 1 })
  }

  /** A footer on every page, from its number and the number of pages. */
  async footers(text: (page: number, total: number) => string) {
    const total = this.pages.length
    for (const [i, page] of this.pages.entries()) {
      let x = MARGIN.x
      for (const run of await this.runs(text(i + 1, total), 400)) {
        page.drawText(run.text, { x, y: MARGIN.bottom / 2, size: 8, font: run.font, color: MUTED })
        x += run.font.widthOfTextAtSize(run.text, 8)
      }
    }
  }
}
