'use strict';
// Development only (not in the package): `node --require ./bin/register-ts.js main.ts` runs the TypeScript sources,
// each file transpiled by @swc/core on require, with the options jest's @swc/jest uses for the test suite (so what
// runs here is what the tests ran), types stripped and not checked (`npm test` type-checks). Half of tsx's start-up
// cost: no resolver hooks on the hundreds of cdktf and provider modules, only a transform of our own .ts files.
// Inline source maps, so stack traces point into the .ts sources.
const { readFileSync } = require('node:fs');
const swc = require('@swc/core');

process.setSourceMapsEnabled(true);
require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const { code } = swc.transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
    swcrc: false,
    configFile: false,
  });
  module._compile(code, filename);
};
