/**
 * Makes the cdk8s that the `cdk8s-renamed` jest project maps `cdk8s` to: a copy of the installed
 * package whose `ApiObject` keeps its props and patches under other names, as a cdk8s patch release
 * is free to (they are private fields). Wiring that reads them breaks there; wiring on cdk8s's
 * public API does not.
 */
import * as fs from 'fs';
import * as path from 'path';

export const RENAMED_CDK8S = path.join(__dirname, '..', '..', 'node_modules', '.cache', 'regcred-cdk8s-renamed');

/** The private fields of `ApiObject` and the names the copy gives them. */
export const RENAMED_FIELDS: Readonly<Record<string, string>> = { props: '_renamedProps', patches: '_renamedPatches' };

export default function setup(): void {
  // The peers tier (REGCRED_PEERS, see jest.config.js) tests the cdk8s installed there.
  const peers = process.env.REGCRED_PEERS;
  const installed = peers
    ? path.join(peers, 'node_modules', 'cdk8s')
    : path.dirname(require.resolve('cdk8s/package.json'));
  fs.rmSync(RENAMED_CDK8S, { recursive: true, force: true });
  fs.cpSync(installed, RENAMED_CDK8S, { recursive: true });
  const file = path.join(RENAMED_CDK8S, 'lib', 'api-object.js');
  let source = fs.readFileSync(file, 'utf8');
  for (const [field, renamed] of Object.entries(RENAMED_FIELDS)) {
    const uses = new RegExp(`this\\.${field}\\b`, 'g');
    const declaration = new RegExp(`^(\\s*)${field};$`, 'm');
    const count = source.match(uses)?.length ?? 0;
    if (count === 0) throw new Error(`cdk8s ${file} no longer uses this.${field}: update test/cdk8s-renamed/setup.ts`);
    source = source.replace(uses, `this.${renamed}`).replace(declaration, `$1${renamed};`);
  }
  fs.writeFileSync(file, source);
}
