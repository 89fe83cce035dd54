import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { buildSchema, parse, validate } from 'graphql'
import { describe, expect, it } from 'vitest'
import { M, Q, S } from '@/api/queries'

// Every operation the client sends must be valid against the API's exported schema.
const schema = buildSchema(readFileSync(resolve(__dirname, '../../schema.graphql'), 'utf8'))

describe('GraphQL operations match ../schema.graphql', () => {
  const all = { ...Q, ...M, ...S }
  for (const [name, text] of Object.entries(all)) {
    it(name, () => {
      const errors = validate(schema, parse(text.toString())).map((e) => e.message)
      expect(errors).toEqual([])
    })
  }
})
