#!/usr/bin/env node
'use strict';
// The CLI is the compiled JavaScript in dist/ (built by `npm run build`, which `prepare` runs on npm ci, npm pack and
// git installs): no TypeScript tooling at run time. The test suite sets HOUNDSTACK_CLI_FROM_SOURCE=1 to run the
// sources in cli/ instead (transpiled on require by bin/register-ts.js), so that tests never see a stale dist/.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
if (process.env.HOUNDSTACK_CLI_FROM_SOURCE === '1' && existsSync(join(root, 'cli', 'houndstack.ts'))) {
  require('./register-ts.js');
  require(join(root, 'cli', 'houndstack.ts')).main(process.argv);
} else {
  const compiled = join(root, 'dist', 'cli', 'houndstack.js');
  if (!existsSync(compiled)) {
    console.error(`houndstack: ${compiled} is missing: run \`npm run build\` in ${root}`);
    process.exitCode = 2;
  } else {
    require(compiled).main(process.argv);
  }
}
