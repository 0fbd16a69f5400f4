import ReactMarkdown, { type Components } from 'react-markdown'
import remarkGfm from 'remark-gfm'
import { safeUrl } from './safe-url'

/**
 * Markdown written by users, rendered as React elements, never as HTML strings:
 * - raw HTML in the source is not interpreted (no rehype-raw): it shows as the text it is;
 * - every link and image URL passes `safeUrl` (no javascript:, data:, vbscript: ...);
 * - images become links: the page never loads a resource an author chose (and the CSP would
 *   block other origins anyway).
 */
const components: Components = {
  a: ({ href, children }) => {
    const url = href ? safeUrl(href) : null
    if (!url) return <span className="md-dropped-link">{children}</span>
    const external = /^(https?:|mailto:)/i.test(url)
    return (
      <a href={url} rel={external ? 'noopener noreferrer nofollow ugc' : undefined}>
        {children}
      </a>
    )
  },
  img: ({ src, alt }) => {
    const url = typeof src === 'string' ? safeUrl(src) : null
    const text = alt || (typeof src === 'string' ? src : '')
    if (!url) return <span className="md-image">[{text}]</span>
    return (
      <a className="md-image" href={url} rel="noopener noreferrer nofollow ugc">
        [{text}]
      </a>
    )
  },
}

const ALLOWED_ELEMENTS = [
  'p',
  'br',
  'hr',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'em',
  'strong',
  'del',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'input',
  'a',
  'img',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'section',
  'sup',
]

export function MarkdownView({ source }: { source: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        allowedElements={ALLOWED_ELEMENTS}
        unwrapDisallowed
        urlTransform={(url) => safeUrl(url) ?? ''}
        components={components}
      >
        {source}
      </ReactMarkdown>
    </div>
  )
}
