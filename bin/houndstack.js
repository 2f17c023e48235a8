#!/usr/bin/env node
// The CLI is TypeScript run through tsx (transpile only, no type-check), so a fresh clone needs no build step.
require('tsx/cjs');
require('../cli/houndstack.ts').main(process.argv);
