/**
 * User markdown is rendered without running anything: the XSS payloads below go through the
 * real renderer (react-markdown + remark-gfm + our URL policy) into HTML, which must carry no
 * script, no event handler, no dangerous element and no link or image to a dangerous URL.
 */
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, test } from 'vitest'
import { MarkdownView } from '../../client/src/ui/markdown-view'
import { safeUrl } from '../../client/src/ui/safe-url'

function render(source: string): string {
  return renderToStaticMarkup(createElement(MarkdownView, { source }))
}

const PAYLOADS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<a href="javascript:alert(1)">click</a>',
  '<details open ontoggle=alert(1)>',
  '<body onload=alert(1)>',
  '<style>body{background:url(javascript:alert(1))}</style>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click](javascript&#58;alert(1))',
  '[click](&#106;avascript:alert(1))',
  '[click](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1))',
  '[click](<java\tscript:alert(1)>)',
  '[click](<javascript\n:alert(1)>)',
  '[click]( javascript:alert(1) )',
  '[click](\u0001javascript:alert(1))',
  '[click](java&#x09;script:alert(1))',
  '[click](java&#x0A;script:alert(1))',
  '[click](vbscript:msgbox(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[click](DATA:text/html,<script>alert(1)</script>)',
  '[click](file:///etc/passwd)',
  '[click](//evil.example/path)',
  '<javascript:alert(1)>',
  '[ref]\n\n[ref]: javascript:alert(1)',
  '![img](javascript:alert(1))',
  '![img](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
  '![img](x "title" onerror="alert(1)")',
  '[x](https://example.com "a" onmouseover="alert(1)")',
  '<a href="https://example.com" onclick="alert(1)">x</a>',
  '`<script>alert(1)</script>`',
  '```html\n<script>alert(1)</script>\n```',
  '| a |\n|---|\n| <img src=x onerror=alert(1)> |',
  '- [ ] <img src=x onerror=alert(1)>',
  '[x](javascript:alert(1)) and [y](https://ok.example)',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '<<script>script>alert(1)<</script>/script>',
  '\\<script>alert(1)\\</script>',
]

/** HTML attribute values as a browser would read them (entities decoded). */
function attributeValues(html: string, name: string): string[] {
  const values: string[] = []
  for (const match of html.matchAll(new RegExp(`\\s${name}="([^"]*)"`, 'gi'))) {
    values.push(
      (match[1] ?? '')
        .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) =>
          String.fromCodePoint(Number.parseInt(hex, 16)),
        )
        .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
        .replace(/&amp;/g, '&')
        .replace(/&quot;/g, '"')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>'),
    )
  }
  return values
}

function isDangerousUrl(value: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers skip these in a scheme
  const squeezed = value.replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase()
  return /^(javascript|vbscript|data|file):/.test(squeezed) || squeezed.startsWith('//')
}

describe('markdown rendering of XSS payloads', () => {
  test.each(PAYLOADS)('%s renders inert', (payload) => {
    const html = render(payload)
    // No live element that runs or embeds anything: only escaped text.
    expect(html).not.toMatch(/<(script|iframe|svg|math|style|object|embed|body|details|form)\b/i)
    // No event handler attribute on any element.
    expect(html).not.toMatch(/<[^>]*\son[a-z]+\s*=/i)
    // No style attribute either (the CSP forbids inline style; no CSS tricks).
    expect(html).not.toMatch(/<[^>]*\sstyle\s*=/i)
    for (const url of [...attributeValues(html, 'href'), ...attributeValues(html, 'src')])
      expect(isDangerousUrl(url), `dangerous URL ${url} in ${html}`).toBe(false)
    // Images never load: they become links (or text).
    expect(html).not.toMatch(/<img\b/i)
  })

  test('raw HTML is shown as the text it is, not dropped silently', () => {
    const html = render('<script>alert(1)</script>')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
  })

  test('a dropped link keeps its text', () => {
    const html = render('[read the plan](javascript:alert(1))')
    expect(html).toContain('read the plan')
    expect(html).not.toContain('<a ')
  })
})

describe('ordinary markdown still renders', () => {
  test('emphasis, lists, code, tables, task lists and safe links', () => {
    const html = render(
      [
        '# Plan',
        '',
        'We **share** the *cost*; see [the study](https://example.com/study?a=1&b=2),',
        '[the charter](/charter#CON-1), [a section](#risks) and <mailto:ops@example.com>.',
        '',
        '- one',
        '- two',
        '',
        '1. first',
        '',
        '`inline` and',
        '',
        '```',
        'block',
        '```',
        '',
        '| cell | value |',
        '|------|-------|',
        '| a    | 1     |',
        '',
        '- [x] done',
        '',
        '~~old~~',
      ].join('\n'),
    )
    expect(html).toContain('<h1>Plan</h1>')
    expect(html).toContain('<strong>share</strong>')
    expect(html).toContain('<em>cost</em>')
    expect(html).toContain('href="https://example.com/study?a=1&amp;b=2"')
    expect(html).toContain('rel="noopener noreferrer nofollow ugc"')
    expect(html).toContain('href="/charter#CON-1"')
    expect(html).toContain('href="#risks"')
    expect(html).toContain('href="mailto:ops@example.com"')
    expect(html).toContain('<li>one</li>')
    expect(html).toContain('<ol>')
    expect(html).toContain('<code>inline</code>')
    expect(html).toContain('<pre><code>block')
    expect(html).toContain('<table>')
    expect(html).toContain('type="checkbox"')
    expect(html).toContain('<del>old</del>')
  })

  test('an image becomes a link to it, by its alt text', () => {
    const html = render('![battery layout](https://example.com/layout.png)')
    expect(html).toContain('<a class="md-image" href="https://example.com/layout.png"')
    expect(html).toContain('[battery layout]')
  })
})

describe('safeUrl', () => {
  test.each([
    ['https://example.com/a', 'https://example.com/a'],
    ['HTTP://example.com', 'HTTP://example.com'],
    ['mailto:a@example.com', 'mailto:a@example.com'],
    ['/charter', '/charter'],
    ['#section', '#section'],
    ['?q=1', '?q=1'],
    ['relative/path', 'relative/path'],
    ['page?x=a:b', 'page?x=a:b'],
  ])('keeps %s', (input, output) => {
    expect(safeUrl(input)).toBe(output)
  })

  test.each([
    'javascript:alert(1)',
    ' JAVASCRIPT:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    '\u0000javascript:alert(1)',
    'java\u200bscript:alert(1)',
    '\ufeffjavascript:alert(1)',
    'vbscript:x',
    'data:text/html,x',
    'file:///etc/passwd',
    'ftp://example.com',
    '//evil.example',
    '\\\\evil.example',
    '/\\evil.example',
    '',
  ])('drops %j', (input) => {
    expect(safeUrl(input)).toBeNull()
  })
})
