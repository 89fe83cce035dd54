import MarkdownIt from 'markdown-it'
import DOMPurify from 'dompurify'

// html: false — raw HTML in a body is shown as text, never parsed. DOMPurify then cleans
// what markdown-it produced (links, images) as a second wall.
const md = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false })

const ALLOWED_TAGS = [
  'p', 'br', 'hr', 'strong', 'em', 's', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
]
const ALLOWED_ATTR = ['href', 'src', 'alt', 'title', 'start']

let hooked = false
function hook(): void {
  if (hooked) return
  hooked = true
  DOMPurify.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A') {
      node.setAttribute('target', '_blank')
      node.setAttribute('rel', 'noopener noreferrer nofollow')
    }
    if (node.tagName === 'IMG') {
      node.setAttribute('loading', 'lazy')
      node.setAttribute('referrerpolicy', 'no-referrer')
    }
  })
}

/** Markdown → sanitized HTML safe to bind with v-html. */
export function renderMarkdown(text: string | null | undefined): string {
  if (!text) return ''
  hook()
  const html = md.render(text)
  return DOMPurify.sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|\/(?!\/)|#)/i,
  })
}

export { plainPreview } from './text'
