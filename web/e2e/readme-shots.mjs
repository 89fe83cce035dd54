#!/usr/bin/env node
// The README's screenshots: a running stack with the demo data (scripts/dev), seen by a
// signed-out visitor at 390, 768 and 1440 px, as PNGs in web/screenshots/.
//   BASE (default http://127.0.0.1:8080)  the API serving the web client
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const BASE = (process.env.BASE ?? 'http://127.0.0.1:8080').replace(/\/$/, '')
const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'screenshots')
mkdirSync(OUT, { recursive: true })
const PAGES = [
  ['home', '/index/', '[data-test="recommended"] .item-card'],
  ['community', '/game-community/1', '[data-test="community-name"]'],
  ['task', '/task-market/1', '[data-test="task-status"]'],
  ['product', '/product-page/?productId=2', '[data-test="product-name"]'],
]
const SIZES = [[390, 844], [768, 1024], [1440, 900]]

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
})
for (const [width, height] of SIZES) {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN', deviceScaleFactor: 1 })
  const page = await context.newPage()
  for (const [name, path, ready] of PAGES) {
    await page.goto(BASE + path)
    await page.locator(ready).first().waitFor({ timeout: 30_000 })
    // Pictures and the chain clock settle.
    await page.waitForLoadState('networkidle')
    await page.waitForTimeout(800)
    const file = join(OUT, `${name}-${width}.png`)
    await page.screenshot({ path: file })
    console.log(file)
  }
  await context.close()
}
await browser.close()
