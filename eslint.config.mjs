import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'cdktf.out/', 'coverage/', 'scratch/', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', {
        paths: ['@cdktf/provider-aws', '@cdktf/provider-datadog', '@cdktf/provider-postgresql'].map((name) => ({
          name,
          message: 'Import the resource by its deep path (e.g. @cdktf/provider-aws/lib/iam-role): the barrel costs seconds and hundreds of MB.',
        })),
      }],
    },
  },
);
