'use strict';
// Development only (not in the package): `node --require ./bin/register-ts.js main.ts` runs the TypeScript sources,
// each file transpiled by @swc/core on require, with the options jest's @swc/jest uses for the test suite (so what
// runs here is what the tests ran), types stripped and not checked (`npm test` type-checks). Cheaper than tsx: no
// resolver hooks on the hundreds of cdktf and provider modules, only our own .ts files, and each transpiled file is
// kept in .cache/register-ts/ by the hash of its source, so an unchanged file is read back without loading swc.
// Each file carries an inline source map, read only when source maps are on: `NODE_OPTIONS=--enable-source-maps` for
// stack traces into the .ts sources. Not on by default: cdktf captures a stack trace for every token and construct,
// and with source maps on each of them is mapped (a tenth of synth's time).
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const OPTIONS = {
  jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
  swcrc: false,
  configFile: false,
};
const CACHE = join(__dirname, '..', '.cache', 'register-ts');
let swc;
let salt;

function transpile(source, filename) {
  swc ??= require('@swc/core');
  return swc.transformSync(source, { ...OPTIONS, filename }).code;
}

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const source = readFileSync(filename, 'utf8');
  // The key covers the file's path and text, the options and the installed swc (its package.json, not the binary).
  salt ??= JSON.stringify(OPTIONS) + readFileSync(require.resolve('@swc/core/package.json'), 'utf8');
  const key = createHash('sha256').update(salt).update('\0').update(filename).update('\0').update(source).digest('hex');
  const cached = join(CACHE, `${key}.js`);
  let code;
  try {
    code = readFileSync(cached, 'utf8');
  } catch {
    code = transpile(source, filename);
    try {
      mkdirSync(CACHE, { recursive: true });
      const partial = `${cached}.${process.pid}`;
      writeFileSync(partial, code);
      renameSync(partial, cached); // whole files only, even with several processes at once
    } catch {
      // a read-only checkout runs uncached
    }
  }
  module._compile(code, filename);
};
