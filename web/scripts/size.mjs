#!/usr/bin/env node
// Measures the JavaScript the home page loads before it can render: index.html's entry
// module, every <link rel="modulepreload">, and the static imports of those modules
// (followed recursively), plus the chunks the /index/ route imports when it is entered.
// Prints each file with its gzipped size and the total; exits 1 over the budget.
import { readFileSync, existsSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { join, dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const dist = join(root, 'dist')
const BUDGET = 300 * 1024
if (!existsSync(join(dist, 'index.html'))) {
  console.error('dist/index.html missing: run `npm run build` first')
  process.exit(2)
}
const html = readFileSync(join(dist, 'index.html'), 'utf8')
const start = new Set()
for (const m of html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g)) start.add(m[1])
for (const m of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)) start.add(m[1])

const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'))
const byFile = new Map(Object.entries(manifest).map(([key, v]) => [v.file, { key, ...v }]))

// The home route's lazy chunk and its static imports also load before the page shows.
const home = Object.values(manifest).find((v) => v.src === 'src/views/HomeView.vue')
if (home) start.add('/' + home.file)

const seen = new Set()
const queue = [...start].map((u) => u.replace(/^\//, ''))
while (queue.length) {
  const file = queue.shift()
  if (seen.has(file)) continue
  seen.add(file)
  const entry = byFile.get(file)
  for (const imp of entry?.imports ?? []) queue.push(manifest[imp].file)
}

let total = 0
const rows = []
for (const file of seen) {
  if (!file.endsWith('.js')) continue
  const size = gzipSync(readFileSync(join(dist, file)), { level: 9 }).length
  total += size
  rows.push([file, size])
}
rows.sort((a, b) => b[1] - a[1])
for (const [file, size] of rows) console.log(`${(size / 1024).toFixed(1).padStart(8)} KB  ${file}`)
console.log(`home page initial JS: ${(total / 1024).toFixed(1)} KB gzipped (${rows.length} files; budget ${BUDGET / 1024} KB)`)
process.exit(total > BUDGET ? 1 : 0)
