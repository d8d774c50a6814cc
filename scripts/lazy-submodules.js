// After tsc: lib/index.js loads the `cdk8s` submodule on first use instead of at require time, so
// `require('regcred')` works without cdk8s installed (a Pulumi user's case) while jsii's languages,
// which always have cdk8s, reach `regcred.cdk8s` as before. Fails when tsc's output changes shape.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const file = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'lib', 'index.js'));
// tsc writes `__importStar(require(…))` with esModuleInterop (the package build), jsii a plain require.
const eager = /^exports\.cdk8s = (?:__importStar\()?require\("\.\/cdk8s"\)\)?;$/m;
const lazy =
  'Object.defineProperty(exports, "cdk8s", { enumerable: true, configurable: true, get: () => require("./cdk8s") });';
const text = fs.readFileSync(file, 'utf8');
if (!eager.test(text)) {
  if (text.includes(lazy)) process.exit(0);
  console.error(`lazy-submodules: ${file} does not require ./cdk8s as expected; update this script`);
  process.exit(1);
}
fs.writeFileSync(file, text.replace(eager, lazy));
