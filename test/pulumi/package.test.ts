/**
 * The multi-language package (pulumi-package/): Pulumi's own schema analyser, run the way the
 * package's provider runs it, accepts every component and gives each the type token TypeScript
 * programs use, with inputs and outputs of the types a program in another language passes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ComponentProvider } from '@pulumi/pulumi/provider/experimental';
import { COMPONENTS } from '../../pulumi-package/components';

jest.setTimeout(120_000);

const dir = path.join(__dirname, '..', '..', 'pulumi-package');
type Property = { type?: string; $ref?: string; items?: Property; plain?: boolean; secret?: boolean };
type Schema = {
  name: string;
  resources: Record<
    string,
    {
      isComponent: boolean;
      inputProperties: Record<string, Property>;
      requiredInputs?: string[];
      properties: Record<string, Property>;
    }
  >;
  types: Record<string, { type: string; enum?: Array<{ value: string }>; properties?: Record<string, Property> }>;
};
let schema: Schema;

beforeAll(async () => {
  // The package's tsconfig maps regcred/pulumi to the sources beside it (in this checkout, and in
  // the npm package, which ships src/), so the analyser reads the code under test.
  const provider = new ComponentProvider({ components: COMPONENTS, name: 'regcred', dirname: dir, version: '0.1.0' });
  schema = JSON.parse(await provider.getSchema()) as Schema;
});

test('the folder is a source-based plugin package of the Node.js runtime, named regcred', () => {
  expect(fs.readFileSync(path.join(dir, 'PulumiPlugin.yaml'), 'utf8')).toMatch(/^runtime: nodejs$/m);
  expect(schema.name).toBe('regcred');
});

test('every component is in the schema under the type token TypeScript programs register', () => {
  expect(Object.keys(schema.resources).sort()).toEqual(
    [
      'DockerHubRegistrySecret',
      'ExternalRegistrySecret',
      'GithubRegistrySecret',
      'GitlabRegistrySecret',
      'RegistrySecret',
    ].map((n) => `regcred:index:${n}`),
  );
  for (const r of Object.values(schema.resources)) expect(r.isComponent).toBe(true);
});

test('GitlabRegistrySecret: typed inputs (no Any), the token required, namespaces a list of strings, enums as enums', () => {
  const r = schema.resources['regcred:index:GitlabRegistrySecret'];
  const untyped = Object.entries(r.inputProperties).filter(([, p]) => p.$ref === 'pulumi.json#/Any');
  expect(untyped).toEqual([]);
  expect(r.requiredInputs?.sort()).toEqual(['token', 'username']);
  expect(r.inputProperties.token.type).toBe('string');
  expect(r.inputProperties.namespaces).toMatchObject({ type: 'array', items: { type: 'string' } });
  expect(r.inputProperties.scopes).toMatchObject({
    type: 'array',
    items: { $ref: '#/types/regcred:index:GitlabDeployTokenScope' },
  });
  expect(schema.types['regcred:index:GitlabDeployTokenScope'].enum?.map((e) => e.value)).toContain('read_registry');
  expect(r.inputProperties.format.$ref).toBe('#/types/regcred:index:PullSecretFormat');
  expect(schema.types['regcred:index:PreviousTokenInput'].properties?.until.type).toBe('string');
});

test('every Secret-emitting component takes sops: { age: [string], deterministic } as typed inputs', () => {
  for (const name of ['GitlabRegistrySecret', 'GithubRegistrySecret', 'DockerHubRegistrySecret', 'RegistrySecret']) {
    expect(schema.resources[`regcred:index:${name}`].inputProperties.sops?.$ref).toBe(
      '#/types/regcred:index:SopsOptions',
    );
  }
  expect(schema.types['regcred:index:SopsOptions'].properties).toEqual({
    age: expect.objectContaining({ type: 'array', items: expect.objectContaining({ type: 'string' }) }),
    deterministic: expect.objectContaining({ type: 'boolean' }),
  });
});

test('outputs are what a workload in any language needs: secretName and imagePullSecrets, never the payload', () => {
  for (const r of Object.values(schema.resources)) {
    expect(Object.keys(r.properties).sort()).toEqual(['imagePullSecrets', 'secretName']);
    expect(r.properties.imagePullSecrets).toMatchObject({
      type: 'array',
      items: { $ref: '#/types/regcred:index:LocalObjectReference' },
    });
  }
});

test('RegistrySecret takes credentials as args of a registry kind', () => {
  const r = schema.resources['regcred:index:RegistrySecret'];
  expect(r.inputProperties.credentials).toMatchObject({
    type: 'array',
    items: { $ref: '#/types/regcred:index:RegistryCredentialsArgs' },
  });
  const args = schema.types['regcred:index:RegistryCredentialsArgs'].properties!;
  expect(args.kind.$ref).toBe('#/types/regcred:index:RegistryKind');
  expect(Object.keys(args)).toEqual(expect.arrayContaining(['username', 'token', 'password', 'registry']));
});

test('ExternalRegistrySecret takes its credentials as data: a source of the factories, store fields and a generator spec', () => {
  const r = schema.resources['regcred:index:ExternalRegistrySecret'];
  expect(r.requiredInputs).toEqual(['credentials']);
  expect(r.inputProperties.credentials.$ref).toBe('#/types/regcred:index:ExternalCredentialsArgs');
  const args = schema.types['regcred:index:ExternalCredentialsArgs'].properties!;
  expect(args.source.$ref).toBe('#/types/regcred:index:ExternalCredentialsSource');
  expect(schema.types['regcred:index:ExternalCredentialsSource'].enum?.map((e) => e.value)).toEqual([
    'store',
    'elasticContainerRegistry',
    'googleArtifactRegistry',
    'azureContainerRegistry',
    'github',
    'quay',
    'gitlabDeployToken',
  ]);
  expect(args.store.$ref).toBe('#/types/regcred:index:SecretStoreRef');
  expect(args.spec.type).toBe('object');
  expect(r.inputProperties.namespaces).toMatchObject({ type: 'array', items: { type: 'string' } });
});
