import { describe, expect, it } from 'vitest'
import { renderMarkdown } from '@/lib/markdown'
import { plainPreview } from '@/lib/text'

function mount(html: string): HTMLElement {
  const div = document.createElement('div')
  div.innerHTML = html
  return div
}

describe('markdown rendering is inert', () => {
  it('shows an <img onerror> as text, never as an element', () => {
    const el = mount(renderMarkdown('hello <img src=x onerror=alert(1)> world'))
    expect(el.querySelector('img')).toBeNull()
    expect(el.querySelector('[onerror]')).toBeNull()
    expect(el.textContent).toContain('<img src=x onerror=alert(1)>')
  })

  it('shows a <script> as text', () => {
    const el = mount(renderMarkdown('<script>alert("xss")</script>'))
    expect(el.querySelector('script')).toBeNull()
    expect(el.textContent).toContain('<script>alert("xss")</script>')
  })

  it('drops javascript: links and images', () => {
    const el = mount(renderMarkdown('[click](javascript:alert(1)) ![x](javascript:alert(2)) [ok](https://example.com)'))
    for (const a of el.querySelectorAll('a')) expect(a.getAttribute('href') ?? '').not.toMatch(/^javascript:/i)
    for (const img of el.querySelectorAll('img')) expect(img.getAttribute('src') ?? '').not.toMatch(/^javascript:/i)
    const ok = [...el.querySelectorAll('a')].find((a) => a.getAttribute('href') === 'https://example.com')
    expect(ok?.getAttribute('rel')).toContain('noopener')
  })

  it('drops event handlers smuggled through markdown attributes', () => {
    const el = mount(renderMarkdown('![a" onerror="alert(1)](https://example.com/a.png)'))
    expect(el.querySelector('[onerror]')).toBeNull()
  })

  it('still renders ordinary markdown', () => {
    const el = mount(renderMarkdown('# Title\n\n**bold** and `code`\n\n- one\n- two'))
    expect(el.querySelector('h1')?.textContent).toBe('Title')
    expect(el.querySelector('strong')?.textContent).toBe('bold')
    expect(el.querySelectorAll('li')).toHaveLength(2)
  })

  it('makes plain previews', () => {
    expect(plainPreview('# Hi **there**')).toBe('Hi there')
    expect(plainPreview('x'.repeat(10), 5)).toBe('xxxxx…')
  })
})
