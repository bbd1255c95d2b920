// Generates the TypeScript types of every operation in src/ from the committed SDL, so the UI and the
// server cannot drift silently. `npm run codegen`; CI checks `git diff --exit-code src/gql`.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: '../api/schema.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**/*'],
  ignoreNoDocuments: true,
  generates: {
    './src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        strictScalars: true,
        scalars: { Month: 'string', NaiveDate: 'string', Date: 'string', DateTime: 'string' },
        skipTypename: true,
        documentMode: 'documentNode',
      },
    },
  },
};

export default config;
