// Checks on every screenshot: the page fits the viewport (no horizontal scroll), and the
// Chinese UI shows no raw ids and no English: no full 0x address outside a part marked
// data-chain-details, and no English word outside what the players typed themselves
// (usernames, titles, post bodies: their data, not the UI's words) and a short list of
// brand and token names.

/** Brand, standard and token names the Chinese UI may show as they are. */
export const ALLOWED_WORDS = new Set(['GameQuest', 'Markdown', 'HTML', 'MetaMask', 'English', 'ETH', 'GEM', 'Gas', 'ID', 'EIP', 'NFT', 'USDT'])

/** Words the journey's players typed (their content), allowed in what the pages show. */
export const typedWords = new Set()
/** Records user-entered text so its words are not taken for the UI's English. */
export function typed(...texts) {
  for (const t of texts) for (const w of String(t).match(/[A-Za-z]+/g) ?? []) typedWords.add(w.toLowerCase())
  return texts[0]
}

/**
 * Scans the page's main content: returns the problems found (empty when clean). Runs in
 * the page; `allowed` are lowercase words.
 */
function scanPage(allowed) {
  const root = document.querySelector('main') ?? document.body
  const problems = []
  const overflow = document.documentElement.scrollWidth - window.innerWidth
  if (overflow > 1) {
    // The widest offenders, to say what sticks out.
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && el.getClientRects().length)
      .filter((el) => !el.parentElement || el.parentElement.getBoundingClientRect().right <= window.innerWidth + 1)
      .slice(0, 3)
      .map((el) => `<${el.tagName.toLowerCase()} class="${el.className?.baseVal ?? el.className}">`)
    problems.push(`horizontal overflow of ${overflow}px (${wide.join(', ')})`)
  }
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
  const where = (el) => {
    const t = el.closest('[data-test]')
    return t ? `[data-test=${t.getAttribute('data-test')}]` : `<${el.tagName.toLowerCase()}>`
  }
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement
    const text = n.textContent ?? ''
    if (!el || !text.trim() || el.closest('[data-chain-details], script, style')) continue
    if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue
    const addr = /0x[0-9a-fA-F]{40}(?![0-9a-fA-F])/.exec(text)
    if (addr) problems.push(`raw address ${addr[0]} in ${where(el)}: "${text.trim().slice(0, 80)}"`)
    // Hashes, emails and web addresses are not words.
    const plain = text
      .replace(/0x[0-9a-fA-F…]+/g, ' ')
      .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, ' ')
      .replace(/\b[\w-]+(\.[\w-]+)+(\/\S*)?/g, ' ')
    for (const w of plain.match(/[A-Za-z]{4,}/g) ?? []) {
      if (!allowed.includes(w.toLowerCase())) problems.push(`English "${w}" in ${where(el)}: "${text.trim().slice(0, 80)}"`)
    }
  }
  return [...new Set(problems)]
}

/**
 * Waits until the page is still enough to be judged: fonts loaded, no loading mask, and no
 * transition or animation running but endless ones (a spinner, a pulse).
 */
async function settled(page) {
  await page.waitForFunction(
    () =>
      document.fonts.status === 'loaded' &&
      !document.querySelector('.el-loading-mask') &&
      document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity),
    null,
    { timeout: 10_000 },
  )
}

/**
 * Screenshots `pages` ([name, path]) as player `p` at each width and checks each. Returns
 * the failures as "name@width: problem" lines.
 */
export async function shootAndCheck(p, pages, widths, shotsDir, join) {
  const allowed = [...ALLOWED_WORDS].map((w) => w.toLowerCase()).concat([...typedWords])
  const failures = []
  for (const width of widths) {
    await p.page.setViewportSize({ width, height: width < 800 ? 844 : 900 })
    for (const [name, path, prepare] of pages) {
      await p.go(path)
      await p.page.waitForLoadState('networkidle').catch(() => {})
      if (prepare) await prepare(p)
      await settled(p.page)
      await p.page.screenshot({ path: join(shotsDir, `${name}-${width}.png`), fullPage: true })
      for (const problem of await p.page.evaluate(scanPage, allowed)) failures.push(`${name}@${width} (${path}): ${problem}`)
    }
  }
  return failures
}
