// graphql-codegen: typed documents for the operations in src/api/queries.ts, from the
// API's schema (../schema.graphql, kept current by graphql-api's tests). Offline: it
// reads local files only. `npm run codegen` writes src/api/gen; `npm run codegen:check`
// (scripts/test's web step) fails if the committed output is stale.
import type { CodegenConfig } from '@graphql-codegen/cli'

const config: CodegenConfig = {
  schema: '../schema.graphql',
  documents: ['src/api/queries.ts'],
  ignoreNoDocuments: false,
  generates: {
    'src/api/gen/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        // Documents are plain strings with their types attached: nothing from graphql-js
        // is bundled to print them.
        documentMode: 'string',
        // `export const TaskStatus = { Open: 'OPEN', ... } as const` and its type.
        enumType: 'const',
        scalars: { Hash: 'string' },
        strictScalars: true,
        useTypeImports: true,
      },
    },
  },
}

export default config
