import { chromium } from 'playwright-core'
const base = process.env.BASE ?? 'http://127.0.0.1:28080'
const pages = (process.env.PAGES ?? '/index/').split(',')
const widths = (process.env.WIDTHS ?? '1440').split(',').map(Number)
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] })
for (const w of widths) {
  const ctx = await b.newContext({ viewport: { width: w, height: w < 800 ? 844 : 900 }, locale: 'zh-CN' })
  const p = await ctx.newPage()
  for (const path of pages) {
    await p.goto(base + path)
    await p.waitForTimeout(2500)
    const name = path.replace(/[^a-z0-9]+/gi, '_')
    await p.screenshot({ path: `/tmp/look/${name}_${w}.png`, fullPage: process.env.FULL === '1' })
  }
  await ctx.close()
}
await b.close()
